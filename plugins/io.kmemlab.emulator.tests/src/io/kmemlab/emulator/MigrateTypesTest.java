package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.mm.FreeArea;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.MigrateTypes;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migrate types and pageblocks: include/linux/mmzone.h (enum migratetype), include/linux/
 * pageblock-flags.h (pageblock_order), mm/page_alloc.c (fallbacks[], __rmqueue_fallback(),
 * steal_suitable_fallback(), __free_one_page()) and mm/vmstat.c (pagetypeinfo_show()) at
 * v6.12, v6.1 and v2.6.32.
 */
class MigrateTypesTest {
    private static final Trace N = Trace.NONE;
    /** MAX_PAGE_ORDER on every profile and arch here (MAX_ORDER 11 exclusive in 6.1 and 2.6.32). */
    private static final int MAX_ORDER = 10;

    private static Machine bootTo(MachineSpec s, BootPhase phase) {
        Machine m = Machine.create(s);
        while (m.phase() != phase) assertTrue(m.bootStep(Trace.NONE));
        return m;
    }

    /** 96 MiB x86_64: DMA [1, 4096) and DMA32 [4096, 0x6000): no Normal zone, so no ALLOC_NOFRAGMENT. */
    private static MachineSpec small(String kernel) { return Machines.small().kernel(kernel); }

    @Test void pageblockOrderIsTheHugePageOrderWhereThereIsOne() {
        // x86_64: HPAGE_SHIFT = PMD_SHIFT 21 -> order 21 - 12 = 9 (arch/x86/include/asm/page_types.h)
        assertEquals(21 - 12, bootTo(small("6.12"), BootPhase.BUDDY).migrateTypes().pageblockOrder);
        // i386 without PAE: a 4 MiB pde, HPAGE_SHIFT 22 -> 10; with PAE PMD_SHIFT 21 -> 9
        assertEquals(22 - 12, bootTo(Machines32.pc32(), BootPhase.BUDDY).migrateTypes().pageblockOrder);
        assertEquals(21 - 12, bootTo(Machines32.pc32().paging("pae"), BootPhase.BUDDY).migrateTypes().pageblockOrder);
        // ARM without LPAE has no CONFIG_HUGETLB_PAGE: pageblock_order = MAX_PAGE_ORDER (MAX_ORDER - 1)
        assertEquals(MAX_ORDER, bootTo(Machines32.board(), BootPhase.BUDDY).migrateTypes().pageblockOrder);
    }

    @Test void theTypesAreInTheVersionsOrder() {
        MigrateTypes v612 = bootTo(small("6.12"), BootPhase.BUDDY).migrateTypes();
        assertEquals(List.of("Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"), names(v612));
        assertEquals(3, v612.pcpTypes);
        MigrateTypes v26 = bootTo(small("2.6"), BootPhase.BUDDY).migrateTypes();
        assertEquals(List.of("Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate"), names(v26));
        // fallbacks[] (mm/page_alloc.c, the same rows in 2.6.32, 6.1, 6.12)
        assertEquals(List.of(v612.reclaimable, v612.movable), box(v612.fallbacks(v612.unmovable)));
        assertEquals(List.of(v612.reclaimable, v612.unmovable), box(v612.fallbacks(v612.movable)));
        assertEquals(List.of(v612.unmovable, v612.movable), box(v612.fallbacks(v612.reclaimable)));
        assertEquals(List.of(v26.unmovable, v26.movable), box(v26.fallbacks(v26.reclaimable)));
        // gfp_migratetype(): __GFP_MOVABLE / __GFP_RECLAIMABLE, nothing = UNMOVABLE
        assertEquals(v612.unmovable, v612.gfpMigratetype(Gfp.GFP_KERNEL, false));
        assertEquals(v612.movable, v612.gfpMigratetype(Gfp.GFP_HIGHUSER_MOVABLE, false));
        assertEquals(v612.reclaimable, v612.gfpMigratetype(Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE, false));
        assertEquals(v26.movable, v26.gfpMigratetype(Gfp.GFP_HIGHUSER_MOVABLE, false));
        assertEquals(v612.unmovable, v612.gfpMigratetype(Gfp.GFP_HIGHUSER_MOVABLE, true));   // mobility grouping off
    }

    private static List<String> names(MigrateTypes t) {
        return java.util.stream.IntStream.range(0, t.count()).mapToObj(t::name).toList();
    }

    private static List<Integer> box(int[] a) { return java.util.Arrays.stream(a).boxed().toList(); }

    /**
     * pagetypeinfo_showblockcount_print() samples zone_start_pfn, + pageblock_nr_pages, ...:
     * ceil(spanned / pageblock_nr_pages) blocks per zone. memmap_init_range() (6.12) marks the
     * pageblock-aligned pfns of the memory MOVABLE; DMA starts at pfn 1, so block 0's pfn 0 is
     * no memory and keeps the zeroed usemap's MIGRATE_UNMOVABLE.
     */
    @Test void aFreshMachineHasMovableBlocksButTheFirst() {
        Machine m = bootTo(small("6.12"), BootPhase.BUDDY);
        MigrateTypes t = m.migrateTypes();
        long nr = t.pageblockPages();
        Zone dma = m.zone("DMA"), dma32 = m.zone("DMA32");
        long dmaBlocks = (dma.spanned() + nr - 1) / nr, dma32Blocks = (dma32.spanned() + nr - 1) / nr;
        assertEquals(8, dmaBlocks);                          // [1, 4096): 4095 pages
        String text = m.pagetypeinfo();
        assertTrue(text.startsWith("Page block order: 9\nPages per block:  512\n\n"), text);
        assertTrue(text.contains(String.format("Node 0, zone %8s %12d %12d %12d %12d %12d %12d \n", "DMA", 1, dmaBlocks - 1, 0, 0, 0, 0)), text);
        assertTrue(text.contains(String.format("Node 0, zone %8s %12d %12d %12d %12d %12d %12d \n", "DMA32", 0, dma32Blocks, 0, 0, 0, 0)), text);
        assertEquals(t.unmovable, dma.pageblocks().get(0));
        // every free page of DMA32 is on a MOVABLE list
        FreeArea fa = dma32.freeArea();
        long movable = 0;
        for (int o = 0; o <= MAX_ORDER; o++) movable += fa.nrFree(o, t.movable) << o;
        assertEquals(dma32.free(), movable);
        // the free-count table: one line per type, the MOVABLE line holds free_area[o].nr_free of DMA32
        StringBuilder line = new StringBuilder(String.format("Node %4d, zone %8s, type %12s ", 0, "DMA32", "Movable"));
        for (int o = 0; o <= MAX_ORDER; o++) line.append(String.format("%6d ", fa.nrFree(o)));
        assertTrue(text.contains(line + "\n"), text);
    }

    /**
     * An UNMOVABLE order-0 allocation on a fresh machine: __rmqueue_smallest(UNMOVABLE) finds
     * nothing, __rmqueue_fallback() takes the largest MOVABLE block (order MAX_PAGE_ORDER, the
     * head of its list), which is at least pageblock_order: its 1 << (10 - 9) pageblocks become
     * UNMOVABLE and expand() puts the rest on the UNMOVABLE lists. rmqueue_bulk() fills the
     * per-CPU list with batch pages from it; the caller gets the first.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.12", "6.1", "2.6"})
    void anUnmovableAllocationClaimsTheLargestMovableBlock(String kernel) {
        Machine m = bootTo(small(kernel), BootPhase.BUDDY);
        MigrateTypes t = m.migrateTypes();
        Zone dma32 = m.zone("DMA32");
        long stolen = dma32.freeArea().first(MAX_ORDER, t.movable);
        long movableBefore = dma32.freeArea().nrFree(MAX_ORDER, t.movable);
        long page = m.allocPages(Gfp.GFP_KERNEL, 0, N);
        assertEquals(stolen, m.pageToPfn(page, N));
        int blocks = 1 << (MAX_ORDER - t.pageblockOrder);
        for (int b = 0; b < blocks; b++) assertEquals(t.unmovable, dma32.pageblocks().get(stolen + ((long) b << t.pageblockOrder)));
        assertEquals(movableBefore - 1, dma32.freeArea().nrFree(MAX_ORDER, t.movable));
        long unmovableFree = 0;
        for (int o = 0; o <= MAX_ORDER; o++) unmovableFree += dma32.freeArea().nrFree(o, t.unmovable) << o;
        // the block's 1024 pages: the one handed out, the rest of the batch on the per-CPU list, the others free
        assertEquals((1L << MAX_ORDER) - 1, unmovableFree + dma32.pcp(0).count());
        long[] counts = io.kmemlab.emulator.mm.ProcFs.blockCounts(dma32, t, pfn -> true);
        assertEquals(blocks, counts[t.unmovable]);
        // the inspection API names the pageblock's type of a page
        assertEquals("Unmovable", m.inspect().page(stolen).migratetype());
        assertEquals("Movable", m.inspect().page(dma32.freeArea().first(MAX_ORDER, t.movable)).migratetype());
    }

    /** free_unref_page() / __free_pages_ok(): a freed block goes to its pageblock's list (get_pfnblock_migratetype()). */
    @Test void aFreedBlockGoesToItsPageblocksList() {
        Machine m = bootTo(small("6.12"), BootPhase.BUDDY);
        MigrateTypes t = m.migrateTypes();
        Zone dma32 = m.zone("DMA32");
        // order 5 has no per-CPU list (pcp_allowed_order: up to PAGE_ALLOC_COSTLY_ORDER 3 and the THP order)
        long mov = m.allocPages(Gfp.GFP_HIGHUSER_MOVABLE & ~Gfp.__GFP_HIGHMEM, 5, N);
        long un = m.allocPages(Gfp.GFP_KERNEL, 5, N);
        long movPfn = m.pageToPfn(mov, N), unPfn = m.pageToPfn(un, N);
        assertEquals(t.movable, dma32.pageblocks().get(movPfn));
        assertEquals(t.unmovable, dma32.pageblocks().get(unPfn));
        m.freePages(un, 5, N);
        m.freePages(mov, 5, N);
        // merged back: the UNMOVABLE block whole again on the UNMOVABLE list (its pageblocks stay UNMOVABLE)
        long unBlock = unPfn & -(1L << MAX_ORDER);
        assertEquals(t.unmovable, dma32.freeArea().typeOf(unBlock));
        assertEquals(MAX_ORDER, dma32.freeArea().orderOf(unBlock));
        assertEquals(t.movable, dma32.freeArea().typeOf(freeHead(dma32.freeArea(), movPfn)));
    }

    /** The head of the free block holding {@code pfn}. */
    private static long freeHead(FreeArea fa, long pfn) {
        for (int o = MAX_ORDER; o >= 0; o--) if (fa.orderOf(pfn & -(1L << o)) == o) return pfn & -(1L << o);
        return -1;
    }

    /** A checkpoint holds the pageblock types: restoring it undoes a steal. */
    @Test void restoreBringsThePageblockTypesBack() {
        Machine m = bootTo(small("6.12"), BootPhase.BUDDY);
        MigrateTypes t = m.migrateTypes();
        String before = m.pagetypeinfo();
        Checkpoint c = m.checkpoint();
        m.allocPages(Gfp.GFP_KERNEL, 0, N);
        String after = m.pagetypeinfo();
        assertTrue(!after.equals(before));
        assertTrue(m.restore(c));
        assertEquals(before, m.pagetypeinfo());
        assertEquals(t.movable, m.zone("DMA32").pageblocks().get(m.zone("DMA32").startPfn()));
    }

    /**
     * 2.6.32 setup_zone_migrate_reserve(): roundup(min watermark, pageblock_nr_pages) >>
     * pageblock_order MOVABLE blocks (the first whose first page is not reserved) become
     * MIGRATE_RESERVE.
     */
    @Test void kernel2632ReservesBlocksForTheMinWatermark() {
        Machine m = bootTo(small("2.6"), BootPhase.BOOTED);
        MigrateTypes t = m.migrateTypes();
        for (String name : List.of("DMA", "DMA32")) {
            Zone z = m.zone(name);
            long nr = t.pageblockPages();
            long reserve = (z.watermark(Zone.WMARK_MIN) + nr - 1) / nr;
            assertEquals(reserve, io.kmemlab.emulator.mm.ProcFs.blockCounts(z, t, pfn -> true)[t.reserve], name);
        }
    }

    /**
     * The boot release frees ascending pfns; 5.10+ adds them at the tail (FPI_TO_TAIL), 2.6.32's
     * __free_one_page() at the head (list_add), so there the highest order-10 block of DMA32
     * ([0x1000, 0x6000) on this machine, free up to its end) heads the MOVABLE list and is what
     * an order-10 MOVABLE allocation gets; on 6.12 it is the lowest.
     */
    @Test void kernel2632BootMemoryIsOnTheListsHighestFirst() {
        long movableGfp = Gfp.GFP_HIGHUSER_MOVABLE & ~Gfp.__GFP_HIGHMEM;
        Machine old = bootTo(small("2.6"), BootPhase.BUDDY);
        Zone z = old.zone("DMA32");
        long highest = z.endPfn() - (1L << MAX_ORDER);
        assertEquals(highest, z.freeArea().first(MAX_ORDER, old.migrateTypes().movable));
        assertEquals(highest - (1L << MAX_ORDER), z.freeArea().nextOf(highest));
        assertEquals(highest, old.pageToPfn(old.allocPages(movableGfp, MAX_ORDER, N), N));
        Machine now = bootTo(small("6.12"), BootPhase.BUDDY);
        Zone n = now.zone("DMA32");
        long lowest = n.freeArea().first(MAX_ORDER, now.migrateTypes().movable);
        for (long b : n.freeArea().lists(now.migrateTypes().movable).list(MAX_ORDER)) assertTrue(b >= lowest);
        assertEquals(lowest, now.pageToPfn(now.allocPages(movableGfp, MAX_ORDER, N), N));
    }

    /**
     * Allocations of every type and order mixed with frees on a booted machine keep the lists
     * consistent: every block on one list, counts right, and from 6.10 every block below
     * pageblock_order on its pageblock's list (the Invariants check).
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.12", "6.1", "2.6"})
    void mixedTypesKeepTheListsConsistent(String kernel) {
        Machine m = Machine.boot(small(kernel));
        long[] gfps = {Gfp.GFP_KERNEL, Gfp.GFP_HIGHUSER_MOVABLE & ~Gfp.__GFP_HIGHMEM, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE};
        java.util.Random r = new java.util.Random(7);
        List<long[]> held = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            if (held.isEmpty() || r.nextInt(3) > 0) {
                int order = r.nextInt(4) == 0 ? r.nextInt(MAX_ORDER + 1) : r.nextInt(2);
                long p = m.allocPages(gfps[r.nextInt(gfps.length)] | Gfp.__GFP_NOWARN, order, N);
                if (p != 0) held.add(new long[]{p, order});
            } else {
                long[] h = held.remove(r.nextInt(held.size()));
                m.freePages(h[0], (int) h[1], N);
            }
        }
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        for (long[] h : held) m.freePages(h[0], (int) h[1], N);
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /**
     * __GFP_MOVABLE | __GFP_RECLAIMABLE: gfp_migratetype() gives 3 (include/linux/gfp.h
     * VM_WARN_ON), past the per-CPU lists and fallbacks[]; kmemlab says so (a WARNING with
     * CONFIG_DEBUG_VM, a note without) and serves it from the MOVABLE lists.
     */
    @Test void bothMobilityBitsAreReported() {
        for (boolean debugVm : new boolean[]{false, true}) {
            Machine m = bootTo(small("6.12").config(io.kmemlab.emulator.spec.ConfigOption.DEBUG_VM, debugVm), BootPhase.BUDDY);
            io.kmemlab.emulator.trace.Recorder r = new io.kmemlab.emulator.trace.Recorder();
            long p = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_MOVABLE | Gfp.__GFP_RECLAIMABLE, 0, r);
            assertTrue(p != 0);
            assertTrue(r.has(debugVm ? io.kmemlab.emulator.trace.Diagnostic.Kind.WARN : io.kmemlab.emulator.trace.Diagnostic.Kind.ERROR),
                    r.diagnostics().toString());
            assertTrue(r.diagnostics().get(0).headline().contains(debugVm ? "WARNING" : "kmemlab note"), r.diagnostics().toString());
            assertEquals(m.migrateTypes().movable, m.zone("DMA32").pageblocks().get(m.pageToPfn(p, N)));
        }
    }

    /** A machine of any size boots with a few pageblock extents: all MOVABLE is one. */
    @Test void pageblockFlagsAreExtents() {
        Machine m = bootTo(new MachineSpec().arch("x86_64").ram(0x1000, 0x9fbff).ram(0x100000, (1L << 40) - 1), BootPhase.BUDDY);
        for (String name : List.of("DMA32", "Normal")) assertTrue(m.zone(name).pageblocks().extents() <= 3, name);
    }
}
