package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.mm.DeferredInit;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DEFERRED_STRUCT_PAGE_INIT (mm/mm_init.c, 6.12): defer_init() leaves every zone that ends
 * before its node alone, and in the zone that ends the node counts the pfns memmap_init() visits
 * (nr_initialised) until one is section aligned with more than PAGES_PER_SECTION counted: that pfn
 * is first_deferred_pfn. memblock_free_pages() skips the frames from there on, so managed and free
 * lack them until page_alloc_init_late() runs deferred_init_memmap(). The expected pfns are
 * computed here from that rule; PAGES_PER_SECTION = 1 << (SECTION_SIZE_BITS 27 - PAGE_SHIFT 12)
 * on x86_64 (arch/x86/include/asm/sparsemem.h).
 */
class DeferredInitTest {
    private static final long PAGES_PER_SECTION = 1L << (27 - 12);

    /** defer_init()'s first deferred pfn for a zone whose RAM is one run from {@code zoneStart}. */
    private static long firstDeferred(long zoneStart) {
        long p = zoneStart;
        while (!(p - zoneStart + 1 > PAGES_PER_SECTION && p % PAGES_PER_SECTION == 0)) p++;
        return p;
    }

    private static Machine bootTo(MachineSpec s, BootPhase phase) {
        Machine m = Machine.create(s);
        while (m.phase() != phase) assertTrue(m.bootStep(Trace.NONE));
        return m;
    }

    @Test
    void theLastZoneOfTheNodeWaitsPastItsFirstSection() {
        MachineSpec spec = Machines.pc24g().config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, true);
        Machine early = bootTo(spec, BootPhase.BUDDY);
        List<DeferredInit.Range> ranges = early.deferredStructPages();
        long normalStart = (4L << 30) >>> 12, nodeEnd = (0x63fffffffL + 1) >>> 12;
        assertEquals(1, ranges.size());
        DeferredInit.Range r = ranges.get(0);
        assertEquals("Normal", r.zone());
        assertEquals(firstDeferred(normalStart), r.firstDeferredPfn());
        assertEquals(0x108000L, r.firstDeferredPfn());
        assertEquals(nodeEnd, r.endPfn());
        assertTrue(early.deferredInitPending());
        // the same machine without the option, at the same phase: only Normal differs, by the deferred free pages
        Machine plain = bootTo(Machines.pc24g().config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, false), BootPhase.BUDDY);
        for (String z : List.of("DMA", "DMA32")) {
            assertEquals(plain.zone(z).managed(), early.zone(z).managed(), z);
            assertEquals(plain.zone(z).free(), early.zone(z).free(), z);
        }
        Zone n = early.zone("Normal");
        assertEquals(plain.zone("Normal").managed() - r.freePages(), n.managed());
        assertEquals(plain.zone("Normal").free() - r.freePages(), n.free());
        // memblock's allocations sit top-down at the end of RAM, so the first section is all free
        assertEquals(r.firstDeferredPfn() - normalStart, n.managed());
    }

    @Test
    void afterPageAllocInitLateTheBootedMachineIsTheSame() {
        Machine deferred = Machine.boot(Machines.pc24g().config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, true));
        Machine plain = Machine.boot(Machines.pc24g().config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, false));
        assertFalse(deferred.deferredInitPending());
        for (Zone z : plain.zones()) {
            Zone d = deferred.zone(z.name());
            assertEquals(z.managed(), d.managed(), z.name());
            assertEquals(z.free(), d.free(), z.name());
            for (int w = Zone.WMARK_MIN; w <= Zone.WMARK_HIGH; w++) assertEquals(z.watermark(w), d.watermark(w), z.name());
        }
        // what a host booted with the option deferred stays answerable
        assertEquals(1, deferred.deferredStructPages().size());
    }

    /** With 1 GiB the node ends in DMA32, which starts at 16 MiB (pfn 0x1000): that zone is deferred. */
    @Test
    void aSmallMachineDefersDma32() {
        MachineSpec s = new MachineSpec().arch("x86_64").ram(0x1000, 0x9fbff).ram(0x100000, 0x3fffffff);
        DeferredInit.Range r = bootTo(s, BootPhase.BUDDY).deferredStructPages().get(0);
        assertEquals("DMA32", r.zone());
        assertEquals(firstDeferred((16L << 20) >>> 12), r.firstDeferredPfn());
        assertEquals(0x10000L, r.firstDeferredPfn());
    }

    /** Each node has its own first_deferred_pfn. */
    @Test
    void everyNodeDefersItsLastZone() {
        MachineSpec s = new MachineSpec().arch("x86_64").ram(0x1000, 0x9fbff).ram(0x100000, 0xffffffffL)
                .ram(0x100000000L, 0x1ffffffffL, 1);
        List<DeferredInit.Range> ranges = bootTo(s, BootPhase.BUDDY).deferredStructPages();
        assertEquals(2, ranges.size());
        assertEquals(0, ranges.get(0).nid());
        assertEquals("DMA32", ranges.get(0).zone());
        assertEquals(firstDeferred((16L << 20) >>> 12), ranges.get(0).firstDeferredPfn());
        assertEquals(1, ranges.get(1).nid());
        assertEquals("Normal", ranges.get(1).zone());
        assertEquals(firstDeferred((4L << 30) >>> 12), ranges.get(1).firstDeferredPfn());
    }

    /** The option came in 4.2 and depends on 64BIT and SPARSEMEM (mm/Kconfig). */
    @Test
    void noDeferralWhereTheKernelHasNone() {
        assertTrue(bootTo(Machines.pc24g().kernel("2.6").config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, true), BootPhase.BUDDY)
                .deferredStructPages().isEmpty());
        assertTrue(bootTo(new MachineSpec().arch("i386").ram(0, (512L << 20) - 1).config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, true),
                BootPhase.BUDDY).deferredStructPages().isEmpty());
        assertTrue(bootTo(Machines.pc24g().config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, false), BootPhase.BUDDY)
                .deferredStructPages().isEmpty());
    }

    /**
     * Between memmap_init() and page_alloc_init_late() the struct pages from first_deferred_pfn on
     * are not initialised: defer_init() stopped memmap_init_range() there (mm/mm_init.c, 6.12).
     * memblock_free_all() initialises the reserved ones among them (memmap_init_reserved_pages() ->
     * reserve_bootmem_region() -> init_deferred_page(), mm/memblock.c 6.12); deferred_init_memmap()
     * the rest.
     */
    @Test
    void deferredStructPagesAreNotInitialisedUntilPageAllocInitLate() {
        MachineSpec spec = Machines.pc24g().config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, true);
        Machine early = bootTo(spec, BootPhase.STRUCT_PAGES);
        long first = firstDeferred((4L << 30) >>> 12);
        assertEquals(null, early.inspect().uninitialised(first - 1));
        String why = early.inspect().uninitialised(first);
        assertTrue(why != null && why.startsWith("not initialised (deferred)"), why);
        assertTrue(why.contains(String.format("first_deferred_pfn %#x", first)), why);
        // a frame memblock reserved above first_deferred_pfn (the top-down allocations sit at the end of RAM)
        long reservedPfn = -1;
        for (io.kmemlab.emulator.memblock.Memblock.Region r : early.kernelState().memblock.reserved())
            if (r.base() >>> 12 >= first) { reservedPfn = r.base() >>> 12; break; }
        assertTrue(reservedPfn > 0, "a reservation above first_deferred_pfn");
        assertTrue(early.inspect().uninitialised(reservedPfn) != null, "reserved, but memblock_free_all() has not run");
        assertTrue(early.bootStep(Trace.NONE));                          // memblock_free_all()
        assertEquals(BootPhase.BUDDY, early.phase());
        assertEquals(null, early.inspect().uninitialised(reservedPfn), "memmap_init_reserved_pages() initialised it");
        assertTrue(early.inspect().uninitialised(first) != null);
        early.boot();                                                     // page_alloc_init_late()
        assertEquals(null, early.inspect().uninitialised(first));
        // without the option every struct page is initialised by memmap_init()
        Machine plain = bootTo(Machines.pc24g().config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, false), BootPhase.STRUCT_PAGES);
        assertEquals(null, plain.inspect().uninitialised(first));
    }
}
