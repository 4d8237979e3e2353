package io.kmemlab.emulator;

import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
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

    /**
     * The layout that first showed interleaved nodes booting wrong (5-level paging, two ranges
     * above 4 GiB, the last one reaching 2^52): node 0 has the low 64 MiB and the top range, node 1
     * a range between them, so node 0's span holds node 1's range. Its Normal zone took node 1's
     * frames into its free lists (managed above present).
     */
    @Example
    void interleavedNodesAtTheTopOfFiveLevelPaging() {
        long top = 1L << 52, len = 64L << 20, mid = 1L << 51;
        MachineSpec spec = new MachineSpec().arch("x86_64").paging("5-level").kernelImage(16L << 20, 4L << 20).ram(0x100000, 0x3ffffff, 0)
                .ram(mid + 0x123, mid + len - 1, 1).ram(top - len, top - 1, 0);
        bootAndCheck(spec, top);
    }

    /**
     * Large machines: RAM anywhere below MAX_PHYSMEM_BITS (x86_64: 46 with 4-level paging, 52 with
     * 5-level, arch/x86/include/asm/sparsemem.h, 6.12), in up to four ranges with holes of terabytes between
     * them, on up to four nodes, sometimes reaching the very last byte below 2^MAX_PHYSMEM_BITS. The RAM itself
     * stays small (at most 4 x 64 MiB above the first 64 MiB), so each try boots in seconds; the
     * span, the holes and the node layout are what is tested. Few tries: each boot's cost still
     * grows with the span.
     */
    @Property(tries = 8)
    void largeSparseMultiNodeMachinesBoot(@ForAll @IntRange(min = 1, max = 4) int ranges, @ForAll @IntRange(min = 1, max = 4) int nodes,
                                           @ForAll boolean reachTheTop, @ForAll boolean fiveLevel,
                                           @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        int maxPhysmemBits = fiveLevel ? 52 : 46;
        long top = 1L << maxPhysmemBits, low = 4L << 30;                         // the ranges go above 4 GiB
        java.util.Random random = new java.util.Random(seed);
        MachineSpec spec = new MachineSpec().arch("x86_64").paging(fiveLevel ? "5-level" : "4-level").kernelImage(16L << 20, 4L << 20).ram(0x100000, 0x3ffffff, 0);
        long slot = (top - low) / ranges;
        for (int i = 0; i < ranges; i++) {
            long len = (1 + random.nextInt(1 << 14)) * 4096L;                    // 4 KiB .. 64 MiB
            long start = low + i * slot + (long) (random.nextDouble() * (slot - len - 4096)) / 4096 * 4096 + random.nextInt(4096);
            if (reachTheTop && i == ranges - 1) start = top - len;
            // any node for any range: node ids need not ascend with the address, and the ranges of
            // two nodes may interleave (the span of one node then holds ranges of another)
            spec.ram(start, Math.min(start + len, top) - 1, random.nextInt(nodes));
        }
        bootAndCheck(spec, top);
    }

    /** Boots {@code spec} (disjoint RAM ranges below {@code top}) and checks the zones, the nodes of the struct pages and the invariants. */
    private static void bootAndCheck(MachineSpec spec, long top) {
        Machine m = Machine.boot(spec);
        long expected = 0;                                                       // disjoint ranges: the sum of PFN_UP(s) .. PFN_DOWN(e + 1)
        for (MachineSpec.Ram r : spec.ram()) expected += Math.max(0, ((r.end() + 1) >>> 12) - ((r.start() + 4095) >>> 12));
        long present = 0;
        for (Zone z : m.zones()) {
            present += z.present();
            if (z.present() > z.spanned()) throw new AssertionError(z + ": present > spanned");
            if (z.managed() > z.present()) throw new AssertionError(z + ": managed > present");
            if (z.endPfn() > top >>> 12) throw new AssertionError(z + " ends above MAX_PHYSMEM_BITS");
        }
        if (present != expected) throw new AssertionError("present " + present + " != RAM pages " + expected + " of " + spec.ram());
        // memmap_init() gives each struct page the node of its memblock range (mm/mm_init.c, 6.12)
        for (MachineSpec.Ram r : spec.ram()) {
            long first = (r.start() + 4095) >>> 12, last = ((r.end() + 1) >>> 12) - 1;
            for (long pfn : new long[] {first, last}) {
                if (last < first) break;
                long page = m.pfnToPage(pfn, Trace.NONE);
                if (m.pageToNid(page, Trace.NONE) != r.nid()) throw new AssertionError(String.format("page_to_nid of pfn %#x is %d, its range is node %d", pfn, m.pageToNid(page, Trace.NONE), r.nid()));
                Zone z = m.pageZone(page, Trace.NONE);
                if (z == null || z.nid() != r.nid()) throw new AssertionError(String.format("page_zone of pfn %#x is %s, its range is node %d", pfn, z, r.nid()));
            }
        }
        List<String> errors = m.invariants();
        if (!errors.isEmpty()) throw new AssertionError(errors.toString());
        m.kmalloc(64, io.kmemlab.emulator.mm.Gfp.GFP_KERNEL, Trace.NONE);
    }
}
