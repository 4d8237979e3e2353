package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.PageStore;

/**
 * The fields prep_compound_head() keeps in a compound page's second struct page, at the byte
 * offsets of the profile's struct page (store word i holds bytes [(i + 1) * w, (i + 2) * w)).
 *
 * <ul>
 * <li>6.6+ (include/linux/mm_types.h at v6.12, struct folio __page_1): the order is the low byte
 *     of _flags_1; _large_mapcount at 2w, _entire_mapcount 2w + 4, _nr_pages_mapped 2w + 8,
 *     _pincount 2w + 12, _folio_nr_pages at 4w (64-bit).</li>
 * <li>6.1 (include/linux/mm_types.h at v6.1, struct page "first tail page only" / struct folio):
 *     compound_dtor at 2w, compound_order 2w + 1, compound_mapcount 2w + 4, compound_pincount
 *     2w + 8, compound_nr 2w + 12 (64-bit); mm/page_alloc.c prep_compound_head() sets
 *     COMPOUND_PAGE_DTOR, the order, compound_mapcount -1 and compound_pincount 0.</li>
 * <li>2.6.32 keeps the order in page[1].lru.prev; the emulator stores it as in 6.6+ and the
 *     2.6.32 struct page view moves it (inspect.RawPage).</li>
 * </ul>
 */
public final class CompoundFields {
    /** enum compound_dtor_id at v6.1: NULL_COMPOUND_DTOR, COMPOUND_PAGE_DTOR, HUGETLB_PAGE_DTOR, TRANSHUGE_PAGE_DTOR. */
    public static final int COMPOUND_PAGE_DTOR = 1, HUGETLB_PAGE_DTOR = 2;

    private final boolean inFlags, nrPages;
    private final int w;

    public CompoundFields(KernelProfile profile, int wordBytes) {
        this.inFlags = profile.orderInFlags1() || !profile.pageTypes();
        this.w = wordBytes;
        this.nrPages = wordBytes == 8 && profile.pageTypes();   // _folio_nr_pages / compound_nr: 64-bit 6.x
    }

    /** True when this profile keeps the order in the low byte of page[1].flags (6.6+, and the emulator's 2.6). */
    public boolean orderInFlags() { return inFlags; }

    public int order(PageStore s, long p1) { return inFlags ? (int) (s.flags(p1) & 0xff) : (int) get(s, p1, 2 * w + 1, 1); }

    /** The compound destructor (6.1; 0 where the profile has none). */
    public int dtor(PageStore s, long p1) { return inFlags ? 0 : (int) get(s, p1, 2 * w, 1); }

    public void setDtor(PageStore s, long p1, int dtor) { if (!inFlags) put(s, p1, 2 * w, 1, dtor); }

    /** prep_compound_head() of {@code head}, order {@code order}. */
    public void prepHead(PageStore s, long head, int order) {
        long p1 = head + 1;
        if (inFlags) {
            // folio_set_order (low byte of _flags_1), _large_mapcount -1, _entire_mapcount -1,
            // _nr_pages_mapped 0, _pincount 0, _folio_nr_pages (64-bit)
            s.setFlags(p1, (s.flags(p1) & ~0xffL) | order);
            put(s, p1, 2 * w, 4, -1);
            put(s, p1, 2 * w + 4, 4, -1);
            put(s, p1, 2 * w + 8, 4, 0);
            put(s, p1, 2 * w + 12, 4, 0);
            if (nrPages) put(s, p1, 4 * w, 8, 1L << order);
        } else {
            put(s, p1, 2 * w, 1, COMPOUND_PAGE_DTOR);
            put(s, p1, 2 * w + 1, 1, order);                    // set_compound_order()
            put(s, p1, 2 * w + 4, 4, -1);                       // compound_mapcount
            put(s, p1, 2 * w + 8, 4, 0);                        // compound_pincount
            if (nrPages) put(s, p1, 2 * w + 12, 4, 1L << order); // compound_nr
        }
    }

    /**
     * The folio mapped once, entirely (a PMD leaf; hugetlb_add_new_anon_rmap / page_add_new_anon_rmap):
     * 6.6+ _large_mapcount 0 and _entire_mapcount 0; 6.1 compound_mapcount 0.
     */
    public void mappedOnceEntirely(PageStore s, long p1) {
        if (inFlags) {
            put(s, p1, 2 * w, 4, 0);
            put(s, p1, 2 * w + 4, 4, 0);
        } else {
            put(s, p1, 2 * w + 4, 4, 0);
        }
    }

    /** The entire mapping gone again: the mapcounts back to -1 (6.1: compound_mapcount). */
    public void unmappedEntirely(PageStore s, long p1) {
        if (inFlags) {
            put(s, p1, 2 * w, 4, -1);
            put(s, p1, 2 * w + 4, 4, -1);
        } else {
            put(s, p1, 2 * w + 4, 4, -1);
        }
    }

    private int pincountOffset() { return inFlags ? 2 * w + 12 : 2 * w + 8; }

    public int pincount(PageStore s, long p1) { return (int) get(s, p1, pincountOffset(), 4); }

    public void addPincount(PageStore s, long p1, int delta) {
        put(s, p1, pincountOffset(), 4, pincount(s, p1) + delta);
    }

    private long get(PageStore s, long pfn, int off, int bytes) {
        long word = s.word(pfn, off / w - 1);
        long v = word >>> (8 * (off % w));
        return bytes == 8 ? v : v & ((1L << (8 * bytes)) - 1);
    }

    private void put(PageStore s, long pfn, int off, int bytes, long value) {
        int i = off / w - 1, sh = 8 * (off % w);
        long mask = (bytes == 8 ? -1L : (1L << (8 * bytes)) - 1) << sh;
        s.setWord(pfn, i, (s.word(pfn, i) & ~mask) | ((value << sh) & mask));
    }
}
