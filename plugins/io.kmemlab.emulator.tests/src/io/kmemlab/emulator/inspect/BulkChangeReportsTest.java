package io.kmemlab.emulator.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The change report of each boot phase names every struct page whose bytes changed, by field or
 * in a range of descriptors written in bulk (memmap_init(), memblock_free_all() and the deferred
 * struct pages: __free_pages_core() writes every page of each block it frees, mm/page_alloc.c
 * 6.12), and stays as small as those ranges on a 64 TiB machine, where boot frees 16 M blocks.
 */
class BulkChangeReportsTest {
    private static boolean reported(ChangeSet cs, Set<Long> fieldPfns, long pfn) {
        return fieldPfns.contains(pfn) || cs.ranges().stream().anyMatch(r -> r.contains(pfn));
    }

    /** The descriptor's words, null for a pfn without a struct page (a hole). */
    private static long[] raw(Machine m, long pfn) {
        PageDescriptor d = m.inspect().page(pfn);
        return d == null ? null : d.raw();
    }

    /** Descriptors sampled around every free block boundary and at random, before and after each step. */
    @Test void everyChangedDescriptorIsReported() {
        Machine m = Machine.create(Specs.pc24g());
        Random r = new Random(3);
        long maxPfn = 0x640000000L >>> 12;
        long[] probes = new long[6000];
        for (int i = 0; i < probes.length; i++)
            probes[i] = i % 2 == 0 ? ((long) r.nextInt((int) (maxPfn >>> 10)) << 10) + (i % 4 == 0 ? 0 : 1) : (long) (r.nextDouble() * maxPfn);
        while (m.phase() != BootPhase.BOOTED) {
            boolean structPages = m.phase() != null && m.phase().ordinal() >= BootPhase.STRUCT_PAGES.ordinal();
            long[][] before = new long[probes.length][];
            if (structPages) for (int i = 0; i < probes.length; i++) before[i] = raw(m, probes[i]);
            Checkpoint c = m.checkpoint();
            BootPhase from = m.phase();
            assertTrue(m.bootStep(Trace.NONE));
            if (!structPages) continue;
            ChangeSet cs = m.changesSince(c);
            Set<Long> fieldPfns = new HashSet<>();
            for (ChangeSet.FieldChange f : cs.fields()) fieldPfns.add(f.pfn());
            for (int i = 0; i < probes.length; i++) {
                long pfn = probes[i];
                long[] after = raw(m, pfn);
                if (java.util.Arrays.equals(before[i], after)) continue;
                assertTrue(reported(cs, fieldPfns, pfn), () -> from + ": descriptor of pfn 0x" + Long.toHexString(pfn) + " changed, not reported");
            }
        }
    }

    /**
     * 64 TiB: the steps that free the memory report it as a few ranges, not as the fields of
     * 2^24 block heads (64 TiB / 4 MiB blocks of MAX_PAGE_ORDER 10); a head sampled at random
     * lies in a range.
     */
    @Test void freeingSixtyFourTebibytesIsAFewRanges() {
        MachineSpec spec = new MachineSpec().name("tib64").arch("x86_64").paging("4-level").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, (64L << 40) - 1)
                .kernelImage(16L << 20, 48L << 20);
        Machine m = Machine.create(spec);
        m.bootTo(BootPhase.STRUCT_PAGES, Trace.NONE);
        Random r = new Random(5);
        java.util.List<ChangeSet.DescriptorRange> ranges = new java.util.ArrayList<>();
        while (m.phase() != BootPhase.BOOTED) {
            Checkpoint c = m.checkpoint();
            assertTrue(m.bootStep(Trace.NONE));
            ChangeSet cs = m.changesSince(c);
            assertTrue(cs.fields().size() < 1000 && cs.ranges().size() < 100, () -> cs.fields().size() + " fields, " + cs.ranges().size() + " ranges");
            ranges.addAll(cs.ranges());
        }
        int free = 0;
        for (int i = 0; i < 200; i++) {
            long head = ((long) (r.nextDouble() * (((64L << 40) - (8L << 30)) >>> 22)) << 10) + ((8L << 30) >>> 12);
            if (m.inspect().page(head).owner() != io.kmemlab.emulator.store.FrameOwner.FREE) continue;     // the memmap (1 TiB at the top)
            free++;
            assertEquals("buddy", m.inspect().page(head).pageType(), () -> "pfn 0x" + Long.toHexString(head) + " heads a free block");
            assertTrue(ranges.stream().anyMatch(x -> x.contains(head)), () -> "pfn 0x" + Long.toHexString(head) + " in a released range");
        }
        assertTrue(free > 150, "free heads sampled: " + free);
    }
}
