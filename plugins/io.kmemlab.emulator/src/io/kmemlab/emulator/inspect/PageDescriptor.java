package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.store.FrameOwner;
import java.util.List;

/**
 * One struct page decoded: its raw words, every union view of the same bytes, the page->flags
 * fields with their bit ranges and the PG_ bits set, the page type, the reference counts, and
 * the compound page / folio it belongs to. An immutable snapshot.
 *
 * @param pfn        the frame described
 * @param address    the struct page's kernel virtual address (struct page *)
 * @param size       sizeof(struct page)
 * @param wordBytes  sizeof(unsigned long)
 * @param raw        the descriptor's words, size / wordBytes of them
 * @param viewInUse  name of the union view the page is used as (a {@link View#name()})
 * @param views      every union view, decoded from {@code raw}
 * @param flags      page->flags
 * @param flagsFields the fields packed into page->flags, highest bits first
 * @param pgFlags    the PG_ bits set, kernel names ("PG_head", ...)
 * @param pageType   the page type ("buddy", "slab", "table", ...; PG_buddy / PG_slab on 2.6), null for none
 * @param refcount   page_ref_count(): _refcount (2.6: _count)
 * @param mapcountRaw the raw _mapcount word
 * @param mapcount   page_mapcount(): 0 for typed pages, else _mapcount + 1, plus the folio's
 *                   entire mapcount for a page of a large folio (include/linux/mm.h, 6.12)
 * @param owner      frame_owner()
 * @param nid        node (from page->flags)
 * @param zone       zone name, "-" outside every zone
 * @param compound   the compound page this page is part of, null for none
 * @param folio      the large folio's fields (read from its second and third pages), null for none
 * @param slabCache  name of the kmem_cache of a slab page, null otherwise
 * @param buddyPfn   for the head of a free block: __find_buddy_pfn() = pfn ^ (1 << order), else -1
 * @param migratetype the migrate type of the page's pageblock (get_pfnblock_migratetype(), as
 *                   migratetype_names[] spells it), null outside every zone; not a struct page field
 */
public record PageDescriptor(long pfn, long address, int size, int wordBytes, long[] raw, String viewInUse, List<View> views,
                             long flags, List<FlagsField> flagsFields, List<String> pgFlags, String pageType,
                             int refcount, int mapcountRaw, int mapcount, FrameOwner owner, int nid, String zone,
                             Compound compound, Folio folio, String slabCache, long buddyPfn, String migratetype) {
    public PageDescriptor {
        raw = raw.clone();
        views = List.copyOf(views);
        flagsFields = List.copyOf(flagsFields);
        pgFlags = List.copyOf(pgFlags);
    }

    @Override public long[] raw() { return raw.clone(); }

    /** The union view in use. */
    public View inUse() {
        for (View v : views) if (v.name().equals(viewInUse)) return v;
        return views.get(0);
    }

    public View view(String name) {
        for (View v : views) if (v.name().equals(name)) return v;
        return null;
    }

    /** A member of one union view, decoded. */
    public record FieldValue(String name, int offset, int bytes, int bit, int bits, long value) { }

    /**
     * A union member over the whole descriptor.
     *
     * @param name   short name ("page", "buddy", "slab", "tail", "folio[1]", ...)
     * @param type   the C declaration
     * @param fields its members in declaration order
     */
    public record View(String name, String type, List<FieldValue> fields) {
        public View { fields = List.copyOf(fields); }

        /** A member's value, or null when this view has no such member. */
        public Long get(String field) {
            for (FieldValue f : fields) if (f.name().equals(field)) return f.value();
            return null;
        }
    }

    /**
     * A field of page->flags (include/linux/page-flags-layout.h): bits [lowBit, lowBit + width).
     *
     * @param name "section", "node", "zone", "last_cpupid", "unused", "flags" (the PG_ bits) or, in
     *             the second page of a folio, "folio_order"
     */
    public record FlagsField(String name, int lowBit, int width, long value) {
        public int highBit() { return lowBit + width - 1; }
    }

    /**
     * The compound page (prep_compound_page, mm/page_alloc.c).
     *
     * @param headPfn  the head page's pfn
     * @param head     the head's struct page *
     * @param order    compound_order()
     * @param nrPages  1 << order
     * @param index    this page's position (0 = head)
     */
    public record Compound(long headPfn, long head, int order, long nrPages, long index) {
        public boolean isHead() { return index == 0; }
    }

    /**
     * A large folio's own fields (struct folio, include/linux/mm_types.h 6.12), as stored in its
     * second and third pages.
     */
    public record Folio(long headPfn, int order, long nrPages, int largeMapcount, int entireMapcount, int nrPagesMapped,
                        int pincount, long deferredNext, long deferredPrev) {
        /** folio_mapcount(): _large_mapcount + 1. */
        public int mapcount() { return largeMapcount + 1; }
    }
}
