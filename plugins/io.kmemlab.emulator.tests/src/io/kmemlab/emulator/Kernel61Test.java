package io.kmemlab.emulator;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 6.1 profile (the LTS most distribution crash dumps come from), against the v6.1 sources.
 */
class Kernel61Test {
    static final Trace N = Trace.NONE;

    /**
     * include/linux/page-flags.h at v6.1, enum pageflags for x86_64 (MMU, ARCH_USES_PG_UNCACHED via
     * X86_PAT, MEMORY_FAILURE, PAGE_IDLE_FLAG, 64BIT): the order of the enum, so PG_head is bit 16,
     * PG_slab 9 and PG_arch_2 26 (27 flags).
     */
    static final List<String> ENUM_PAGEFLAGS_V61 = List.of("PG_locked", "PG_referenced", "PG_uptodate", "PG_dirty",
            "PG_lru", "PG_active", "PG_workingset", "PG_waiters", "PG_error", "PG_slab", "PG_owner_priv_1", "PG_arch_1",
            "PG_reserved", "PG_private", "PG_private_2", "PG_writeback", "PG_head", "PG_mappedtodisk", "PG_reclaim",
            "PG_swapbacked", "PG_unevictable", "PG_mlocked", "PG_uncached", "PG_hwpoison", "PG_young", "PG_idle", "PG_arch_2");
    /** v6.1 page-flags.h: PAGE_TYPE_BASE and the inverted page type bits. */
    static final int PAGE_TYPE_BASE = 0xf0000000, PG_BUDDY = 0x80, PG_TABLE = 0x200;

    @Test void versionsSelectTheProfile() {
        assertSame(KernelProfile.V6_1, KernelProfile.byVersion("6.1"));
        assertSame(KernelProfile.V6_1, KernelProfile.byVersion("6.1.55"));
        assertSame(KernelProfile.V6_1, KernelProfile.byVersion("6.6"));          // newest profile at or below
        assertSame(KernelProfile.V6_12, KernelProfile.byVersion("6.12"));
        assertNull(KernelProfile.byVersion("6.0"));
        assertTrue(KernelProfile.ALL.contains(KernelProfile.V6_1));
        assertEquals(10, KernelProfile.V6_1.maxPageOrder());                     // MAX_ORDER 11, exclusive
        assertEquals(15, KernelProfile.V6_1.lruBatch());                         // include/linux/pagevec.h at v6.1: PAGEVEC_SIZE 15
        for (int b = 0; b < ENUM_PAGEFLAGS_V61.size(); b++) assertEquals(b, KernelProfile.V6_1.bit(ENUM_PAGEFLAGS_V61.get(b)));
        assertEquals(ENUM_PAGEFLAGS_V61.size(), KernelProfile.V6_1.pageFlags().size());
    }

    /** A compound page's head has PG_head = bit 16, and its second page keeps the 6.1 first-tail-page fields. */
    @Test void compoundPagesKeepTheOrderInPageOne() {
        Machine m = Machine.boot(Machines.small().kernel("6.1"));
        long page = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, N);
        long head = m.pageToPfn(page, N);
        assertNotEquals(0, m.inspect().page(head).flags() & (1L << ENUM_PAGEFLAGS_V61.indexOf("PG_head")));
        assertEquals(2, m.compoundOrder(page, N));
        long[] p1 = m.inspect().page(head + 1).raw();
        // include/linux/mm_types.h at v6.1, first tail page: compound_head (8), compound_dtor (16),
        // compound_order (17), compound_mapcount (20), compound_pincount (24), compound_nr (28);
        // mm/page_alloc.c prep_compound_head(): COMPOUND_PAGE_DTOR 1, order, mapcount -1, pincount 0
        int compoundPageDtor = 1;
        assertEquals(page + 1, p1[1]);                                          // set_compound_head(): head + 1
        assertEquals(compoundPageDtor, p1[2] & 0xff);
        assertEquals(2, (p1[2] >>> 8) & 0xff);
        assertEquals(-1, (int) (p1[2] >>> 32));
        assertEquals(0, (int) p1[3]);
        assertEquals(1 << 2, (int) (p1[3] >>> 32));                            // compound_nr = 1 << order
        assertEquals(0, p1[0] & 0xff, "6.1 has no order byte in page[1].flags (folio_set_order is 6.6+)");
        // tails: p->mapping = TAIL_MAPPING (0x400 + POISON_POINTER_DELTA, include/linux/poison.h)
        assertEquals(0xdead000000000400L, m.inspect().page(head + 2).raw()[3]);
        PageDescriptor.Folio f = m.inspect().page(head + 1).folio();
        assertEquals(2, f.order());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /** __SetPageBuddy clears PG_buddy in a page_type that starts as -1: 0xffffff7f; PageType() tests it. */
    @Test void freeBlocksCarryTheInvertedBuddyBit() {
        Machine m = Machine.boot(Machines.small().kernel("6.1"));
        // an order-5 block: above PAGE_ALLOC_COSTLY_ORDER, so it goes back to the buddy lists, not a pcp list
        long big = m.allocPages(Gfp.GFP_KERNEL, 5, N);
        long bigPfn = m.pageToPfn(big, N);
        m.freePages(big, 5, N);
        PageDescriptor b = null;                                   // __free_one_page may have merged it with its buddy
        for (int o = 5; o <= 10 && (b == null || b.pageType() == null); o++) b = m.inspect().page(bigPfn & -(1L << o));
        int expected = -1 & ~PG_BUDDY;
        assertEquals(PAGE_TYPE_BASE, expected & (PAGE_TYPE_BASE | PG_BUDDY));   // PageType(page, PG_buddy)
        assertEquals("buddy", b.pageType());
        assertEquals(expected, b.mapcountRaw());
        // include/linux/mm.h at v6.1 page_mapcount(): _mapcount + 1 even for a typed page
        assertEquals(expected + 1, b.mapcount());
        assertEquals(-128, b.mapcount());
    }

    /** Page-table pages: __SetPageTable (pgtable_pte_page_ctor) clears PG_table 0x200; PG_slab stays a flag bit. */
    @Test void pageTablesAndSlabs() {
        Machine m = Machine.boot(Machines.small().kernel("6.1"));
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(p, a, 4, 1, N);
        var w = m.walk(p, a, N);
        long ptePfn = w.steps().get(w.steps().size() - 1).tablePa() >>> 12;
        PageDescriptor pt = m.inspect().page(ptePfn);
        assertEquals(-1 & ~PG_TABLE, pt.mapcountRaw());
        assertEquals("table", pt.pageType());
        long obj = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        long slabPage = m.virtToPage(obj, N);
        assertTrue(m.pageFlag("Slab", slabPage, N));
        PageDescriptor s = m.inspect().page(m.pageToPfn(slabPage, N));
        assertNotEquals(0, s.flags() & (1L << ENUM_PAGEFLAGS_V61.indexOf("PG_slab")));
        assertEquals(-1, s.mapcountRaw());                                       // page_type untouched
        assertEquals("kmalloc-64", s.slabCache());
        // mm/slab.h at v6.1: slab_cache at offset 24, after slab_list
        assertEquals(s.view("slab").get("slab_cache"), s.raw()[3]);
    }

    /** try_grab_folio before 6.5 pins the zero page like any other: + GUP_PIN_COUNTING_BIAS (1024). */
    @Test void theZeroPageIsPinnedBefore65() {
        Machine m = Machine.boot(Machines.small().kernel("6.1"));
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        assertEquals(0, m.read(p, a, 8, N));
        long zero = m.pfnToPage(m.kernelState().zeroPagePfn, N);
        int before = m.pageRefCount(zero, N);
        m.pinUserPages(p, a, 1, 0, N);
        assertEquals(before + 1024, m.pageRefCount(zero, N));
    }

    /** 6.1 die header has no "Oops: " prefix (6.10+): arch/x86/kernel/dumpstack.c at v6.1 __die_header. */
    @Test void oopsTextBefore610() {
        Machine m = Machine.boot(Machines.small().kernel("6.1"));
        Recorder r = new Recorder();
        m.write(m.kernel(), 0xdead000000000000L, 1, 1, r);
        assertEquals("general protection fault, probably for non-canonical address 0xdead000000000000: 0000 [#1] PREEMPT SMP NOPTI",
                r.diagnostics().get(0).headline());
    }

    /** A pinned large folio counts the pin in compound_pincount (page[1] offset 24 in 6.1), plus one reference. */
    @Test void pinningAHugetlbFolio() {
        Machine m = Machine.boot(Machines.small().kernel("6.1"));
        Task p = m.process("app");
        long a = m.mmap(p, 2L << 20, PROT_READ | PROT_WRITE, MAP_HUGETLB, N);
        m.write(p, a, 1, 7, N);
        long headPfn = m.walk(p, a, N).pa() >>> 12 & ~511L;
        long head = m.pfnToPage(headPfn, N);
        assertTrue(m.pageFlag("Huge", head, N));
        // HUGETLB_PAGE_DTOR = 2 (enum compound_dtor_id at v6.1) in page[1].compound_dtor
        assertEquals(2, m.inspect().page(headPfn + 1).raw()[2] & 0xff);
        int rc = m.pageRefCount(head, N);
        m.pinUserPages(p, a, 1, FOLL_WRITE, N);
        assertEquals(rc + 1, m.pageRefCount(head, N));
        assertEquals(1, (int) m.inspect().page(headPfn + 1).raw()[3]);
        assertEquals(1, m.inspect().page(headPfn + 1).folio().pincount());
    }
}
