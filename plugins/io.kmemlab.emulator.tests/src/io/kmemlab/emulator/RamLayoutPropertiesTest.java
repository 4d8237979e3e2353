package io.kmemlab.emulator;

import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Arbitrary RAM maps (unsorted, overlapping, unaligned ranges): the machine boots without an
 * exception, zones partition the present pages (sum of present = RAM pages after page-aligning
 * and merging, minus page 0), present <= spanned, managed <= present, and the invariants hold.
 */
class RamLayoutPropertiesTest {
    @Property(tries = 40)
    void anyRamMapBootsAndZonesPartitionIt(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 1 << 20) Integer> starts,
                                            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 1 << 18) Integer> lengths) {
        MachineSpec spec = new MachineSpec().kernelImage(16L << 20, 4L << 20).ram(0x100000, 0x3ffffff);   // 1..64 MiB always
        for (int i = 0; i < Math.min(starts.size(), lengths.size()); i++) {
            long s = (long) starts.get(i) * 4096 + 123, len = (long) lengths.get(i) * 4096;   // 4 GiB range, unaligned starts
            spec.ram(s, s + len - 1);
        }
        Machine m = Machine.boot(spec);
        // expected RAM pages: union of [PFN_UP(s), PFN_DOWN(e + 1)) minus pfn 0 (trim_bios_range)
        java.util.BitSet ram = new java.util.BitSet();
        for (MachineSpec.Ram r : spec.ram()) {
            long s = (r.start() + 4095) >>> 12, e = (r.end() + 1) >>> 12;
            if (e > s) ram.set((int) s, (int) e);
        }
        ram.clear(0);
        long present = 0;
        for (Zone z : m.zones()) {
            present += z.present();
            if (z.present() > z.spanned()) throw new AssertionError(z + ": present > spanned");
            if (z.managed() > z.present()) throw new AssertionError(z + ": managed > present");
        }
        if (present != ram.cardinality()) throw new AssertionError("present " + present + " != RAM pages " + ram.cardinality());
        List<String> errors = m.invariants();
        if (!errors.isEmpty()) throw new AssertionError(errors.toString());
        m.kmalloc(64, io.kmemlab.emulator.mm.Gfp.GFP_KERNEL, Trace.NONE);
    }
}
