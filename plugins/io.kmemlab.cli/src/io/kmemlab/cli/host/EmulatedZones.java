package io.kmemlab.cli.host;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/** Boots a machine on the emulator and reads what check-host compares: zones, buddy lists, memory sections. */
public final class EmulatedZones {
    private EmulatedZones() { }

    /**
     * What the booted machine shows.
     *
     * @param sectionBytes    1 << SECTION_SIZE_BITS
     * @param presentSections numbers of the sections with RAM (pfn_valid() of their first frame)
     * @param memEnd          max_pfn << PAGE_SHIFT (boot_mem_end of probe_memory_block_size())
     */
    public record Booted(List<Zoneinfo.ZoneCounts> zones, Buddyinfo buddy, long sectionBytes, List<Long> presentSections, long memEnd) {
        public Booted {
            zones = List.copyOf(zones);
            presentSections = List.copyOf(presentSections);
        }
    }

    /** The zones of the booted machine; a machine that cannot boot is a {@link HostMachine.HostException} saying why. */
    public static List<Zoneinfo.ZoneCounts> of(MachineSpec spec) throws HostMachine.HostException {
        return boot(spec).zones();
    }

    public static Booted boot(MachineSpec spec) throws HostMachine.HostException {
        Machine m = Machine.boot(spec);
        if (!m.booted()) {
            String why = m.diagnostics().all().stream().filter(d -> d.kind() == Diagnostic.Kind.ERROR || d.isOops())
                    .map(Diagnostic::headline).findFirst().orElse("it stopped in boot phase " + m.phase());
            throw new HostMachine.HostException("the imported machine does not boot: " + why);
        }
        List<Zoneinfo.ZoneCounts> zones = new ArrayList<>();
        long maxPfn = 0;
        for (Zone z : m.zones()) {
            zones.add(new Zoneinfo.ZoneCounts(z.nid(), z.name(), z.startPfn(), z.spanned(), z.present(), z.managed(), z.free()));
            if (z.spanned() > 0) maxPfn = Math.max(maxPfn, z.startPfn() + z.spanned());
        }
        int sectionBits = m.arch().sectionSizeBits();
        List<Long> present = new ArrayList<>();
        for (long nr = 0; (nr << (sectionBits - 12)) < maxPfn; nr++) {
            if (m.pfnValid(nr << (sectionBits - 12), Trace.NONE)) present.add(nr);
        }
        return new Booted(zones, Buddyinfo.parse(m.buddyinfo()), 1L << sectionBits, present, maxPfn << 12);
    }
}
