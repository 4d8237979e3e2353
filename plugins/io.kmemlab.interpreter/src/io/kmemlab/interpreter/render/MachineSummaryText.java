package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.arch.Layout;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.DistroConfig;
import io.kmemlab.emulator.spec.MachineSpec;

/**
 * {@code show machine}: every setting of the booted machine, the ones the file did not give
 * marked "(default)", so that nothing the emulator decided is silent: paging, memory model,
 * kernel profile, PAGE_OFFSET, the lowmem limit, the kernel image's place (memblock allocations
 * such as mem_map and the early page tables are placed around it, so moving it moves them),
 * the zones with their pfn ranges, and the kernel config options with where each value comes
 * from: the machine's `config { }` block, a `config from "FILE"` .config, or the default of a
 * distribution kernel of the arch and profile ({@link DistroConfig}).
 */
public final class MachineSummaryText {
    private MachineSummaryText() { }

    public static String of(Machine m) {
        MachineSpec s = m.spec(), d = new MachineSpec();
        Layout l = m.layout();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("machine %s: arch %s%n", s.name(), s.arch()));
        line(sb, "paging", m.arch().paging().name(), s.paging() == null);
        line(sb, "memory-model", m.kernelState().model.kind().dslName, s.memoryModel() == null);
        line(sb, "kernel", m.profile().version(), s.kernel().equals(d.kernel()) ? null : "");
        line(sb, "cpus", Integer.toString(s.cpus()), s.cpus() == d.cpus());
        line(sb, "swap", String.format("%#x", s.swapBytes()), s.swapBytes() == d.swapBytes());
        for (MachineSpec.Ram r : s.ram()) sb.append(String.format("  ram %#x .. %#x (node %d)%n", r.start(), r.end(), r.nid()));
        // where the arch loads the image (ARM: PHYS_OFFSET + TEXT_OFFSET unless `kernel-image at` is given)
        line(sb, "kernel-image", String.format("at %#x size %#x (virtual %#x); memblock allocations go around it", m.arch().kernelImageAt(s),
                s.kernelImageSize(), m.symbol("_text") == null ? 0 : m.symbol("_text")),
                !s.kernelImageGiven() && s.kernelImageSize() == d.kernelImageSize());
        line(sb, "page-offset", String.format("%#x (PAGE_OFFSET: the direct map starts here)", l.pageOffset()), s.pageOffset() == null);
        // Layout.lowmemLimit is a physical address; `lowmem-limit` counts bytes from the start of RAM (PHYS_OFFSET)
        long lowmemBytes = l.lowmemLimit() - m.arch().physOffset();
        line(sb, "lowmem-limit", String.format("%#x (%d MiB of RAM from PHYS_OFFSET %#x on can be permanently mapped; above is highmem or unused)",
                lowmemBytes, lowmemBytes >>> 20, m.arch().physOffset()), s.lowmemLimit() == null);
        line(sb, "boot-allocator", s.bootAllocator() != null ? s.bootAllocator() : m.profile().bootmem() ? "bootmem" : "memblock",
                s.bootAllocator() == null);
        sb.append(String.format("  zones%s:%n", s.zones() == null ? " (default)" : ""));
        for (ZoneSnapshot z : m.inspect().zones()) {
            sb.append(String.format("    node %d %-8s pfn %#x-%#x spanned %d present %d managed %d%s%n", z.nid(), z.name(), z.startPfn(),
                    z.endPfn() - 1, z.spanned(), z.present(), z.managed(), z.allocatorNone() ? " (allocator none)" : ""));
        }
        config(sb, s);
        return sb.toString();
    }

    /** Every modelled option, in the enum's order, with the value the machine was built with and its source. */
    private static void config(StringBuilder sb, MachineSpec s) {
        sb.append(String.format("  config (default: what a distribution kernel for %s %s is built with):%n", s.arch(), s.kernel()));
        for (ConfigOption o : ConfigOption.values()) {
            String file = s.configFile(o);
            String source = file != null ? "from \"" + file + "\"" : s.configGiven(o) ? "config block" : "default";
            sb.append(String.format("    %-26s %-5s (%s)%n", o.name(), DistroConfig.show(o, s.configValue(o)), source));
        }
    }

    private static void line(StringBuilder sb, String name, String value, boolean isDefault) {
        line(sb, name, value, isDefault ? null : "");
    }

    /** {@code given} null: the value is the default. */
    private static void line(StringBuilder sb, String name, String value, String given) {
        sb.append("  ").append(name).append(' ').append(value).append(given == null ? " (default)" : "").append('\n');
    }
}
