package io.kmemlab.emulator.inspect;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoded struct pages: raw words, union views, page->flags fields, compound and folio links. */
class PageDescriptorTest {
    static final Trace N = Trace.NONE;

    /** include/linux/poison.h: TAIL_MAPPING = 0x400 + POISON_POINTER_DELTA (x86_64 CONFIG_ILLEGAL_POINTER_VALUE 0xdead000000000000). */
    static final long TAIL_MAPPING = 0xdead000000000000L + 0x400;
    /** include/linux/page-flags.h (6.12): enum pagetype PGTY_buddy = 0xf0, page_type = PGTY << 24. */
    static final long PGTY_BUDDY = 0xf0L << 24;

    /**
     * sizeof(struct page) = 64 on x86_64 6.12 (flags, 5-word union, page_type|_mapcount,
     * _refcount, memcg_data: include/linux/mm_types.h), so 8 raw words; 32 bytes = 8 words of 4
     * on i386 (MEMCG off) and on 2.6.32 (flags, _count, _mapcount, private, mapping, index, lru).
     */
    @Test void rawWordsFollowSizeofStructPage() {
        PageDescriptor d = Machine.boot(Specs.tiny()).inspect().page(0x1000);
        assertEquals(64, d.size());
        assertEquals(8, d.wordBytes());
        assertEquals(8, d.raw().length);
        PageDescriptor d32 = Machine.boot(Specs.pc32()).inspect().page(0x1000);
        assertEquals(32, d32.size());
        assertEquals(4, d32.wordBytes());
        assertEquals(8, d32.raw().length);
        StructPageLayout old = Machine.boot(Specs.pc32old()).inspect().structPageLayout();
        assertEquals(32, old.size());
        assertEquals(List.of(0, 4, 8, 12, 16, 20, 24, 28), List.of(old.view("page").field("flags").offset(), old.view("page").field("_count").offset(),
                old.view("page").field("_mapcount").offset(), old.view("page").field("private").offset(), old.view("page").field("mapping").offset(),
                old.view("page").field("index").offset(), old.view("page").field("lru.next").offset(), old.view("page").field("lru.prev").offset()));
    }

    /**
     * page-flags-layout.h (6.12) for x86_64 with SPARSEMEM_VMEMMAP and the distribution config:
     * SECTIONS_WIDTH 0, NODES_SHIFT 10 (MAXSMP), MAX_NR_ZONES 5 (DMA, DMA32, NORMAL, MOVABLE,
     * DEVICE) so ZONES_SHIFT 3, LAST_CPUPID_SHIFT 8 + order_base_2(NR_CPUS 8192) = 21
     * (NUMA_BALANCING); fields packed from bit 63 down (include/linux/mmzone.h *_PGOFF):
     * NODES_PGOFF 54, ZONES_PGOFF 51, LAST_CPUPID_PGOFF 30; __NR_PAGEFLAGS 24 in 6.12
     * (PG_locked .. PG_arch_2 for MMU, MEMORY_FAILURE, PAGE_IDLE_FLAG on 64-bit, X86_PAT).
     * __init_single_page() resets the last cpupid to all ones.
     */
    @Test void flagsFieldsFollowPageFlagsLayout() {
        Machine m = Machine.boot(Specs.pc24g());
        long pfn = 0x100000 + 5;                                      // a Normal frame (zone index 2)
        PageDescriptor d = m.inspect().page(pfn);
        int nodes = 64 - 10, zones = nodes - 3, cpupid = zones - 21;
        assertField(d, "node", nodes, 10, 0);
        assertField(d, "zone", zones, 3, 2);
        assertField(d, "last_cpupid", cpupid, 21, (1L << 21) - 1);
        assertField(d, "flags", 0, 24, d.flags() & ((1L << 24) - 1));
        assertField(d, "unused", 24, cpupid - 24, 0);
        assertEquals(List.of("node", "zone", "last_cpupid", "unused", "flags"), d.flagsFields().stream().map(PageDescriptor.FlagsField::name).toList());
        // classic SPARSEMEM: SECTIONS_WIDTH = MAX_PHYSMEM_BITS 46 - SECTION_SIZE_BITS 27 = 19 at the top;
        // 19 + 10 + 3 + 21 > 64 - 24, so LAST_CPUPID is not in page->flags
        Machine s = Machine.boot(Specs.pc24gSparse());
        PageDescriptor ds = s.inspect().page(pfn);
        long section = pfn >> (27 - 12);                               // pfn_to_section_nr()
        assertField(ds, "section", 64 - 19, 19, section);
        assertField(ds, "node", 64 - 19 - 10, 10, 0);
        assertField(ds, "zone", 64 - 19 - 10 - 3, 3, 2);
        assertTrue(ds.flagsFields().stream().noneMatch(f -> f.name().equals("last_cpupid")));
    }

    static void assertField(PageDescriptor d, String name, int low, int width, long value) {
        PageDescriptor.FlagsField f = d.flagsFields().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
        assertEquals(low, f.lowBit(), name);
        assertEquals(width, f.width(), name);
        assertEquals(value, f.value(), name);
        assertEquals(value, (d.flags() >>> low) & ((1L << width) - 1), name);
    }

    /**
     * prep_compound_page() (mm/page_alloc.c, 6.12): PG_head on the head; every tail gets
     * compound_head = head + 1 and mapping = TAIL_MAPPING (prep_compound_tail); the second page
     * is struct folio's __page_1: folio_set_order() puts the order in the low byte of _flags_1 and
     * _folio_nr_pages = 1 << order, _large_mapcount = _entire_mapcount = -1, _nr_pages_mapped =
     * _pincount = 0 (prep_compound_head); for order > 1 the third page's _deferred_list is an
     * empty list (INIT_LIST_HEAD: next = prev = its own address, at offset 16).
     */
    @Test void compoundPageShowsHeadTailAndFolioLinks() {
        Machine m = Machine.boot(Specs.tiny());
        long head = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, N);
        Inspector in = m.inspect();
        PageDescriptor h = in.pageAt(head);
        assertTrue(h.pgFlags().contains("PG_head"));
        assertEquals("page", h.viewInUse());
        assertTrue(h.compound().isHead());
        assertEquals(2, h.compound().order());
        assertEquals(1, h.refcount());

        PageDescriptor p1 = in.pageAt(head + 64);
        assertEquals("folio[1]", p1.viewInUse());
        PageDescriptor.View f1 = p1.inUse();
        assertEquals(head + 1, f1.get("_head_1"));
        assertEquals(2L, f1.get("_flags_1") & 0xff);
        assertEquals(4L, f1.get("_folio_nr_pages"));
        assertEquals(-1L, f1.get("_large_mapcount"));
        assertEquals(-1L, f1.get("_entire_mapcount"));
        assertEquals(0L, f1.get("_nr_pages_mapped"));
        assertEquals(0L, f1.get("_pincount"));
        assertEquals(2, p1.flagsFields().stream().filter(f -> f.name().equals("folio_order")).findFirst().orElseThrow().value());
        assertEquals(new PageDescriptor.Folio(h.pfn(), 2, 4, -1, -1, 0, 0, head + 2 * 64 + 16, head + 2 * 64 + 16), p1.folio());

        PageDescriptor p2 = in.pageAt(head + 2 * 64);
        assertEquals("folio[2]a", p2.viewInUse());
        assertEquals(head + 2 * 64 + 16, p2.inUse().get("_deferred_list.next"));
        assertEquals(head + 2 * 64 + 16, p2.inUse().get("_deferred_list.prev"));

        PageDescriptor t = in.pageAt(head + 3 * 64);
        assertEquals("tail", t.viewInUse());
        assertEquals(head + 1, t.inUse().get("compound_head"));
        assertEquals(TAIL_MAPPING, t.inUse().get("mapping"));
        assertEquals(new PageDescriptor.Compound(h.pfn(), head, 2, 4, 3), t.compound());
        assertEquals(0, t.refcount());
        // every page of the folio: page_mapcount() = _mapcount + 1 + folio_entire_mapcount() = 0 + 0
        assertEquals(0, t.mapcount());
    }

    /**
     * A free block's head (mm/page_alloc.c add_to_free_list, set_buddy_order, __SetPageBuddy):
     * buddy_list linked on free_area[order], private = order, page_type = PGTY_buddy << 24.
     * The 32 MiB machine's DMA zone is released as 0x100 (order 8), 0x200 (order 9), 0x400,
     * 0x800, 0xc00 (order 10) by __free_pages_memory (order = __ffs(pfn), capped at
     * MAX_PAGE_ORDER), each to the list tail (FPI_TO_TAIL), so 0x800 sits between 0x400 and 0xc00.
     */
    @Test void buddyHeadShowsListOrderAndType() {
        Machine m = Machine.boot(Specs.tiny());
        Inspector in = m.inspect();
        PageDescriptor d = in.page(0x800);
        assertEquals("buddy", d.viewInUse());
        assertEquals("buddy", d.pageType());
        assertEquals(10L, d.inUse().get("private"));
        assertEquals(PGTY_BUDDY, d.inUse().get("page_type"));
        long vmemmap = m.layout().vmemmapStart();
        assertEquals(vmemmap + 0xc00 * 64 + 8, d.inUse().get("buddy_list.next"));
        assertEquals(vmemmap + 0x400 * 64 + 8, d.inUse().get("buddy_list.prev"));
        assertEquals(0x800 ^ (1 << 10), d.buddyPfn());
        assertEquals(0, d.mapcount());                                  // a typed page has no mapcount
        assertEquals(FrameOwner.FREE, d.owner());
        assertEquals("DMA", d.zone());
        PageDescriptor low = in.page(0x100);
        assertEquals(8L, low.inUse().get("private"));
        assertEquals(0x100 ^ 0x100, low.buddyPfn());
    }

    /** Every view reads the same bytes: members at one offset agree across views, and match the raw words. */
    @Test void unionViewsShareTheBytes() {
        Machine m = Machine.boot(Specs.tiny());
        long s = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        PageDescriptor d = m.inspect().pageAt(m.virtToPage(s, N));
        assertEquals("slab", d.viewInUse());
        assertEquals("slab", d.pageType());
        assertEquals("kmalloc-64", d.slabCache());
        long[] raw = d.raw();
        PageDescriptor.View slab = d.view("slab"), page = d.view("page"), tail = d.view("tail");
        assertEquals(raw[1], slab.get("slab_cache"));
        assertEquals(slab.get("slab_cache"), page.get("lru.next"));
        assertEquals(slab.get("freelist"), page.get("index"));
        assertEquals(slab.get("counters"), page.get("private"));
        assertEquals(page.get("private"), tail.get("private"));
        long counters = slab.get("counters");
        assertEquals(counters & 0xffff, slab.get("inuse"));              // unsigned inuse:16
        assertEquals((counters >>> 16) & 0x7fff, slab.get("objects"));   // unsigned objects:15
        assertEquals((counters >>> 31) & 1, slab.get("frozen"));         // unsigned frozen:1
        assertTrue(slab.get("inuse") >= 1);
        assertEquals((long) (int) raw[6], page.get("_mapcount"));       // _mapcount / page_type at offset 48
        assertEquals(raw[6] >>> 32, (long) d.refcount());               // _refcount at offset 52
        assertEquals(0xf5L << 24, slab.get("__page_type"));              // PGTY_slab
        for (PageDescriptor.View v : d.views())
            for (PageDescriptor.FieldValue f : v.fields())
                if (f.bytes() == 8 && f.offset() % 8 == 0) assertEquals(raw[f.offset() / 8], f.value(), v.name() + "." + f.name());
    }

    /** 2.6.32: PG_buddy is a flag bit (19 with PAGEFLAGS_EXTENDED) and private holds the order. */
    @Test void legacyBuddyUsesTheFlagBit() {
        Machine m = Machine.boot(Specs.pc32old());
        Inspector in = m.inspect();
        long pfn = -1;
        for (long p = 0x1000; p < 0x20000 && pfn < 0; p++) if (m.buddyOrder(m.pfnToPage(p, N), N) >= 0) pfn = p;
        PageDescriptor d = in.page(pfn);
        assertEquals("buddy", d.viewInUse());
        assertEquals("buddy", d.pageType());
        assertTrue((d.flags() & (1L << 19)) != 0);
        assertTrue(d.pgFlags().contains("PG_buddy"));
        assertEquals((long) m.buddyOrder(m.pfnToPage(pfn, N), N), d.inUse().get("private"));
        assertEquals(d.raw()[3], d.inUse().get("private"));             // private at offset 12 of 32
    }

    /**
     * 2.6.32 prep_compound_page() (mm/page_alloc.c): PG_head (bit 14) on the head, PG_tail (15)
     * and first_page = head (overlaying private, offset 12 of 32) on every tail, the order in
     * page[1].lru.prev (set_compound_order, offset 28).
     */
    @Test void legacyCompoundPageUsesFirstPage() {
        Machine m = Machine.boot(Specs.pc32old());
        long head = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, N);
        Inspector in = m.inspect();
        PageDescriptor h = in.pageAt(head);
        assertTrue((h.flags() & (1L << 14)) != 0 && h.pgFlags().contains("PG_head"));
        for (int i = 1; i < 4; i++) {
            PageDescriptor t = in.pageAt(head + 32L * i);
            assertEquals("tail", t.viewInUse(), "page " + i);
            assertTrue((t.flags() & (1L << 15)) != 0 && t.pgFlags().contains("PG_tail"), "page " + i);
            assertEquals(head, t.inUse().get("first_page"), "page " + i);
            assertEquals(head, t.raw()[3], "page " + i);
            assertEquals(h.pfn(), t.compound().headPfn());
        }
        PageDescriptor p1 = in.pageAt(head + 32);
        assertEquals(2L, p1.view("page").get("lru.prev"));
        assertEquals(2L, p1.raw()[7]);
        assertNull(p1.folio());                                           // no struct folio in 2.6
    }

    /** pageAt() takes a struct page pointer; a pointer into the middle of a descriptor is none. */
    @Test void pageAtRequiresADescriptorStart() {
        Machine m = Machine.boot(Specs.tiny());
        long page = m.pfnToPage(0x1234, N);
        assertEquals(0x1234, m.inspect().pageAt(page).pfn());
        assertNull(m.inspect().pageAt(page + 8));
        assertNull(m.inspect().page(-1));
        assertNull(m.inspect().page(1L << 40));
    }
}
