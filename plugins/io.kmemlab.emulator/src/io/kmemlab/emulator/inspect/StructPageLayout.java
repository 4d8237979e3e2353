package io.kmemlab.emulator.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of struct page as the kernel lays them out for one profile and word size, and every
 * union member over them (each a {@link View}: the same bytes under another name).
 *
 * <p>6.x (include/linux/mm_types.h at v6.12, struct page / struct folio / struct ptdesc;
 * mm/slab.h struct slab): flags, a five-word union, page_type|_mapcount, _refcount, and on
 * 64-bit memcg_data (MEMCG on), so 8 words of 8 bytes; on 32-bit, MEMCG off, 8 words of 4 bytes.
 * 2.6.32 (include/linux/mm_types.h at v2.6.32): flags, _count, _mapcount (SLUB's inuse/objects),
 * {private, mapping} (ptl, slab, first_page), index (freelist), lru: 32 bytes on 32-bit, 56 on
 * 64-bit. LAST_CPUPID_NOT_IN_PAGE_FLAGS, WANT_PAGE_VIRTUAL and KMSAN are not configured.
 */
public final class StructPageLayout {
    /**
     * A member: bytes [offset, offset + bytes), little-endian; a bit-field when {@code bits} is
     * less than {@code 8 * bytes} (bits [bit, bit + bits) of those bytes).
     */
    public record Field(String name, int offset, int bytes, int bit, int bits, boolean signed) {
        /** The member's value in {@code raw} (struct page words of {@code wordBytes} bytes). */
        public long read(long[] raw, int wordBytes) {
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                int b = offset + i;
                v |= ((raw[b / wordBytes] >>> (8 * (b % wordBytes))) & 0xff) << (8 * i);
            }
            if (bits < 64) v = (v >>> bit) & ((1L << bits) - 1);
            if (signed && bits < 64 && (v & (1L << (bits - 1))) != 0) v |= -1L << bits;
            return v;
        }

        public boolean bitField() { return bits < 8 * bytes; }
    }

    /**
     * One union member viewed over the whole descriptor.
     *
     * @param name   short name ("page", "buddy", "slab", "tail", "folio[1]" ...)
     * @param type   the C declaration it comes from
     */
    public record View(String name, String type, List<Field> fields) {
        public View { fields = List.copyOf(fields); }

        public Field field(String fieldName) {
            for (Field f : fields) if (f.name().equals(fieldName)) return f;
            return null;
        }
    }

    private final int size, wordBytes;
    private final boolean legacy;
    private final List<View> views;

    private StructPageLayout(int size, int wordBytes, boolean legacy, List<View> views) {
        this.size = size;
        this.wordBytes = wordBytes;
        this.legacy = legacy;
        this.views = List.copyOf(views);
    }

    /**
     * The layout for a profile: {@code pageTypes} true for the 6.x struct page (page_type word),
     * false for 2.6.32; {@code wordBytes} = sizeof(unsigned long).
     */
    public static StructPageLayout of(boolean pageTypes, int wordBytes) {
        return pageTypes ? modern(wordBytes, false) : legacy(wordBytes);
    }

    /** The layout of {@code profile}'s struct page: 2.6.32, 6.1 (before struct folio's __page_1 fields and struct ptdesc) or 6.12. */
    public static StructPageLayout of(io.kmemlab.emulator.spec.KernelProfile profile, int wordBytes) {
        if (!profile.pageTypes()) return legacy(wordBytes);
        return modern(wordBytes, !profile.orderInFlags1());
    }

    /** sizeof(struct page). */
    public int size() { return size; }

    public int wordBytes() { return wordBytes; }

    /** Number of raw words (sizeof(struct page) / sizeof(unsigned long)). */
    public int words() { return size / wordBytes; }

    /** True for the 2.6 layout. */
    public boolean legacy() { return legacy; }

    public List<View> views() { return views; }

    public View view(String name) {
        for (View v : views) if (v.name().equals(name)) return v;
        return null;
    }

    /** Offset of the _refcount (2.6: _count) word. */
    public int refcountOffset() { return legacy ? wordBytes : 6 * wordBytes + 4; }

    /** Offset of the _mapcount / page_type word. */
    public int mapcountOffset() { return legacy ? wordBytes + 4 : 6 * wordBytes; }

    /** A view builder: fields in declaration order with explicit offsets. */
    private static final class B {
        final String name, type;
        final List<Field> fields = new ArrayList<>();

        B(String name, String type) { this.name = name; this.type = type; }

        B f(String n, int off, int bytes, boolean signed) { fields.add(new Field(n, off, bytes, 0, 8 * bytes, signed)); return this; }

        B u(String n, int off, int bytes) { return f(n, off, bytes, false); }

        B s32(String n, int off) { return f(n, off, 4, true); }

        B bits(String n, int off, int bytes, int bit, int width) { fields.add(new Field(n, off, bytes, bit, width, false)); return this; }

        View build() { return new View(name, type, fields); }
    }

    /**
     * {@code v61}: include/linux/mm_types.h at v6.1 - the first tail page keeps compound_dtor,
     * compound_order, compound_mapcount, compound_pincount, compound_nr (struct folio's
     * _folio_dtor, _folio_order, _total_mapcount, _pincount, _folio_nr_pages); page-table pages
     * are a struct page member (pmd_huge_pte, pt_mm, ptl), not struct ptdesc; struct slab
     * (mm/slab.h at v6.1, SLUB) puts slab_list before slab_cache.
     */
    private static StructPageLayout modern(int w, boolean v61) {
        boolean is64 = w == 8;
        int size = 8 * w;
        List<View> v = new ArrayList<>();
        // struct page, first member of the five-word union: page cache and anonymous pages
        B page = new B("page", "struct page: page cache and anonymous pages").u("flags", 0, w)
                .u("lru.next", w, w).u("lru.prev", 2 * w, w).u("mapping", 3 * w, w).u("index", 4 * w, w).u("private", 5 * w, w)
                .s32("_mapcount", 6 * w).s32("_refcount", 6 * w + 4);
        if (is64) page.u("memcg_data", 7 * w, w);
        v.add(page.build());
        v.add(new B("buddy", "struct page: free page in the buddy allocator (buddy_list, private = order, PGTY_buddy)").u("flags", 0, w)
                .u("buddy_list.next", w, w).u("buddy_list.prev", 2 * w, w).u("private", 5 * w, w)
                .u("page_type", 6 * w, 4).s32("_refcount", 6 * w + 4).build());
        v.add(new B("pcp", "struct page: free page on a per-CPU list (pcp_list)").u("flags", 0, w)
                .u("pcp_list.next", w, w).u("pcp_list.prev", 2 * w, w).u("private", 5 * w, w)
                .s32("_mapcount", 6 * w).s32("_refcount", 6 * w + 4).build());
        v.add(new B("mlock", "struct page: unevictable LRU slot (__filler, mlock_count)").u("flags", 0, w)
                .u("__filler", w, w).u("mlock_count", 2 * w, 4).build());
        v.add(new B("tail", "struct page: tail page of a compound page (compound_head bit 0 set)").u("flags", 0, w)
                .u("compound_head", w, w).u("mapping", 3 * w, w).u("index", 4 * w, w).u("private", 5 * w, w)
                .s32("_mapcount", 6 * w).s32("_refcount", 6 * w + 4).build());
        B f1;
        if (v61) {
            f1 = new B("folio[1]", "struct folio, second page (first tail page: compound_dtor, compound_order ...)")
                    .u("_flags_1", 0, w).u("__head", w, w).u("_folio_dtor", 2 * w, 1).u("_folio_order", 2 * w + 1, 1)
                    .s32("_total_mapcount", 2 * w + 4).s32("_pincount", 2 * w + 8);
            if (is64) f1.u("_folio_nr_pages", 2 * w + 12, 4);
        } else {
            f1 = new B("folio[1]", "struct folio, second page (__page_1)").u("_flags_1", 0, w).u("_head_1", w, w)
                    .s32("_large_mapcount", 2 * w).s32("_entire_mapcount", 2 * w + 4).s32("_nr_pages_mapped", 2 * w + 8)
                    .s32("_pincount", 2 * w + 12);
            if (is64) f1.u("_folio_nr_pages", 4 * w, 4);
        }
        v.add(f1.s32("_mapcount", 6 * w).s32("_refcount", 6 * w + 4).build());
        if (v61) {
            v.add(new B("folio[2]a", "struct page, second tail page (deferred_list)").u("flags", 0, w).u("_compound_pad_1", w, w)
                    .u("_compound_pad_2", 2 * w, w).u("deferred_list.next", 3 * w, w).u("deferred_list.prev", 4 * w, w).build());
            B slab = new B("slab", "struct slab (mm/slab.h at v6.1, SLUB)").u("__page_flags", 0, w)
                    .u("slab_list.next", w, w).u("slab_list.prev", 2 * w, w).u("slab_cache", 3 * w, w).u("freelist", 4 * w, w)
                    .u("counters", 5 * w, w).bits("inuse", 5 * w, 4, 0, 16).bits("objects", 5 * w, 4, 16, 15)
                    .bits("frozen", 5 * w, 4, 31, 1).u("__unused", 6 * w, 4).s32("__page_refcount", 6 * w + 4);
            if (is64) slab.u("memcg_data", 7 * w, w);
            v.add(slab.build());
            B pt = new B("pt", "struct page: page table pages").u("flags", 0, w).u("_pt_pad_1", w, w)
                    .u("pmd_huge_pte", 2 * w, w).u("_pt_pad_2", 3 * w, w).u("pt_mm", 4 * w, w).u("ptl", 5 * w, w)
                    .u("page_type", 6 * w, 4).s32("_refcount", 6 * w + 4);
            if (is64) pt.u("memcg_data", 7 * w, w);
            v.add(pt.build());
            v.add(new B("rcu_head", "struct page: rcu_head").u("flags", 0, w).u("rcu_head.next", w, w).u("rcu_head.func", 2 * w, w).build());
            return new StructPageLayout(size, w, false, v);
        }
        v.add(new B("folio[2]", "struct folio, third page (__page_2): hugetlb").u("_flags_2", 0, w).u("_head_2", w, w)
                .u("_hugetlb_subpool", 2 * w, w).u("_hugetlb_cgroup", 3 * w, w).u("_hugetlb_cgroup_rsvd", 4 * w, w)
                .u("_hugetlb_hwpoison", 5 * w, w).build());
        v.add(new B("folio[2]a", "struct folio, third page (__page_2): _deferred_list").u("_flags_2a", 0, w).u("_head_2a", w, w)
                .u("_deferred_list.next", 2 * w, w).u("_deferred_list.prev", 3 * w, w).build());
        B slab = new B("slab", "struct slab (mm/slab.h)").u("__page_flags", 0, w).u("slab_cache", w, w)
                .u("slab_list.next", 2 * w, w).u("slab_list.prev", 3 * w, w).u("freelist", 4 * w, w).u("counters", 5 * w, w)
                .bits("inuse", 5 * w, 4, 0, 16).bits("objects", 5 * w, 4, 16, 15).bits("frozen", 5 * w, 4, 31, 1)
                .u("__page_type", 6 * w, 4).s32("__page_refcount", 6 * w + 4);
        if (is64) slab.u("obj_exts", 7 * w, w);
        v.add(slab.build());
        B pt = new B("ptdesc", "struct ptdesc (page-table page)").u("__page_flags", 0, w).u("pt_list.next", w, w)
                .u("pt_list.prev", 2 * w, w).u("__page_mapping", 3 * w, w).u("pt_mm", 4 * w, w).u("ptl", 5 * w, w)
                .u("__page_type", 6 * w, 4).s32("__page_refcount", 6 * w + 4);
        if (is64) pt.u("pt_memcg_data", 7 * w, w);
        v.add(pt.build());
        v.add(new B("page_pool", "struct page: page_pool (netstack)").u("flags", 0, w).u("pp_magic", w, w).u("pp", 2 * w, w)
                .u("_pp_mapping_pad", 3 * w, w).u("dma_addr", 4 * w, w).u("pp_ref_count", 5 * w, w).build());
        v.add(new B("zone_device", "struct page: ZONE_DEVICE page").u("flags", 0, w).u("pgmap", w, w)
                .u("zone_device_data", 2 * w, w).build());
        v.add(new B("rcu_head", "struct page: rcu_head").u("flags", 0, w).u("rcu_head.next", w, w).u("rcu_head.func", 2 * w, w).build());
        return new StructPageLayout(size, w, false, v);
    }

    private static StructPageLayout legacy(int w) {
        int priv = w + 8;                        // after flags, _count and _mapcount
        int size = priv + 5 * w;                 // 32 bytes on 32-bit, 56 on 64-bit
        int count = w, map = w + 4;
        List<View> v = new ArrayList<>();
        v.add(new B("page", "struct page (2.6.32)").u("flags", 0, w).s32("_count", count).s32("_mapcount", map)
                .u("private", priv, w).u("mapping", priv + w, w).u("index", priv + 2 * w, w)
                .u("lru.next", priv + 3 * w, w).u("lru.prev", priv + 4 * w, w).build());
        v.add(new B("buddy", "struct page (2.6.32): free page, PG_buddy, private = order").u("flags", 0, w).s32("_count", count)
                .s32("_mapcount", map).u("private", priv, w).u("lru.next", priv + 3 * w, w).u("lru.prev", priv + 4 * w, w).build());
        v.add(new B("slab", "struct page (2.6.32): SLUB slab (inuse, objects, slab, freelist)").u("flags", 0, w).s32("_count", count)
                .u("inuse", map, 2).u("objects", map + 2, 2).u("slab", priv, w).u("freelist", priv + 2 * w, w)
                .u("lru.next", priv + 3 * w, w).u("lru.prev", priv + 4 * w, w).build());
        v.add(new B("tail", "struct page (2.6.32): tail page, PG_tail, first_page").u("flags", 0, w).s32("_count", count)
                .s32("_mapcount", map).u("first_page", priv, w).u("lru.next", priv + 3 * w, w).u("lru.prev", priv + 4 * w, w).build());
        v.add(new B("ptl", "struct page (2.6.32): page-table page (ptl)").u("flags", 0, w).s32("_count", count)
                .s32("_mapcount", map).u("ptl", priv, w).u("mapping", priv + w, w).u("index", priv + 2 * w, w).build());
        return new StructPageLayout(size, w, true, v);
    }
}
