package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.PageStore;

/**
 * Page types. 6.12: the top byte of the page_type word (which shares storage with
 * _mapcount; UINT_MAX = no type): PGTY_buddy 0xf0, offline 0xf1, table 0xf2, guard 0xf3,
 * hugetlb 0xf4, slab 0xf5, zsmalloc 0xf6, unaccepted 0xf7 (include/linux/page-flags.h
 * enum pagetype). 6.1: inverted bits under PAGE_TYPE_BASE 0xf0000000 (page_type starts at -1,
 * __SetPageBuddy clears PG_buddy 0x80; offline 0x100, table 0x200, guard 0x400), PG_slab is a
 * flag bit and hugetlb is a compound destructor, not a type (include/linux/page-flags.h at
 * v6.1). 2.6: PG_slab / PG_buddy flag bits; no table/offline types.
 * PageBuddy itself is answered by the zone's free lists (see {@link BuddyLists}).
 */
public final class PageTypes {
    public enum Type {
        BUDDY(0xf0, 0x80, "buddy"), OFFLINE(0xf1, 0x100, null), TABLE(0xf2, 0x200, null), GUARD(0xf3, 0x400, null),
        HUGETLB(0xf4, 0, null), SLAB(0xf5, 0, "slab"), ZSMALLOC(0xf6, 0, null), UNACCEPTED(0xf7, 0, null);

        public final int pgty;
        /** The PG_ bit of the 6.1 inverted encoding (0: not a page type there). */
        public final int inverted;
        final String legacyFlag;

        Type(int pgty, int inverted, String legacyFlag) { this.pgty = pgty; this.inverted = inverted; this.legacyFlag = legacyFlag; }
    }

    /** PAGE_TYPE_BASE of the inverted encoding (include/linux/page-flags.h at v6.1). */
    public static final int PAGE_TYPE_BASE = 0xf0000000;
    /** PAGE_MAPCOUNT_RESERVE: page_has_type() is (int)page_type < -128 (v6.1). */
    public static final int PAGE_MAPCOUNT_RESERVE = -128;

    private final KernelProfile profile;
    private final CompoundFields compound;
    private final int headBit;

    /** {@code wordBytes}: sizeof(long), where 6.1 keeps the hugetlb destructor in page[1]. */
    public PageTypes(KernelProfile profile, int wordBytes) {
        this.profile = profile;
        this.compound = new CompoundFields(profile, wordBytes);
        this.headBit = profile.bit("head");
    }

    /** For users that never ask about HUGETLB (its 6.1 destructor sits at a word-size dependent offset). */
    public PageTypes(KernelProfile profile) { this(profile, 8); }

    /** 6.1: hugetlb is HUGETLB_PAGE_DTOR in page[1].compound_dtor of a head page, not a page type. */
    private boolean hugetlbDtor(Type t) { return t == Type.HUGETLB && profile.invertedPageTypes(); }

    /** The page_type word value for {@code t} in 6.12 (PGTY << 24). */
    public static int value(Type t) { return t.pgty << 24; }

    /** The page_type word of a page of type {@code t} alone, in {@code profile}'s encoding. */
    public static int value(KernelProfile profile, Type t) {
        return profile.invertedPageTypes() ? ~t.inverted : value(t);
    }

    /** Whether {@code t} is kept in the page_type word in this profile (not a PG_ bit, not a dtor). */
    private boolean inWord(Type t) {
        return profile.pageTypes() && (!profile.invertedPageTypes() || t.inverted != 0)
                && !(t.legacyFlag != null && profile.bit(t.legacyFlag) >= 0);
    }

    public boolean has(PageStore s, long pfn, Type t) {
        if (hugetlbDtor(t)) {
            return headBit >= 0 && (s.flags(pfn) & (1L << headBit)) != 0
                    && compound.dtor(s, pfn + 1) == CompoundFields.HUGETLB_PAGE_DTOR;
        }
        if (inWord(t)) {
            int pt = s.mapcount(pfn);
            // PageType(page, flag): (page_type & (PAGE_TYPE_BASE | flag)) == PAGE_TYPE_BASE
            return profile.invertedPageTypes() ? (pt & (PAGE_TYPE_BASE | t.inverted)) == PAGE_TYPE_BASE : (pt >>> 24) == t.pgty;
        }
        int bit = t.legacyFlag == null ? -1 : profile.bit(t.legacyFlag);
        return bit >= 0 && (s.flags(pfn) & (1L << bit)) != 0;
    }

    public void set(PageStore s, long pfn, Type t) {
        if (hugetlbDtor(t)) {
            compound.setDtor(s, pfn + 1, CompoundFields.HUGETLB_PAGE_DTOR);   // folio_set_hugetlb_dtor / set_compound_page_dtor
            return;
        }
        if (inWord(t)) {
            // 6.1 __SetPageXxx: page->page_type &= ~PG_xxx
            s.setMapcount(pfn, profile.invertedPageTypes() ? s.mapcount(pfn) & ~t.inverted : value(t));
        } else {
            int bit = t.legacyFlag == null ? -1 : profile.bit(t.legacyFlag);
            if (bit >= 0) s.setFlagBit(pfn, bit, true);
        }
    }

    public void clear(PageStore s, long pfn, Type t) {
        if (hugetlbDtor(t)) {
            if (has(s, pfn, t)) compound.setDtor(s, pfn + 1, CompoundFields.COMPOUND_PAGE_DTOR);
            return;
        }
        if (inWord(t)) {
            if (!has(s, pfn, t)) return;
            // 6.1 __ClearPageXxx: page->page_type |= PG_xxx
            s.setMapcount(pfn, profile.invertedPageTypes() ? s.mapcount(pfn) | t.inverted : -1);
        } else {
            int bit = t.legacyFlag == null ? -1 : profile.bit(t.legacyFlag);
            if (bit >= 0) s.setFlagBit(pfn, bit, false);
        }
    }

    /** Name of the type in a 6.12 page_type word, or null. */
    public static Type typeOf(int pageType) {
        int top = pageType >>> 24;
        for (Type t : Type.values()) if (t.pgty == top) return t;
        return null;
    }

    /**
     * The type a page_type word holds in {@code profile}'s encoding, or null (no page_type word
     * in 2.6.32; 6.1: page_has_type() is (int)page_type < PAGE_MAPCOUNT_RESERVE, then the
     * first PG_ bit cleared under PAGE_TYPE_BASE).
     */
    public static Type typeOf(KernelProfile profile, int pageType) {
        if (!profile.pageTypes()) return null;
        if (!profile.invertedPageTypes()) return typeOf(pageType);
        if (pageType >= PAGE_MAPCOUNT_RESERVE) return null;
        for (Type t : Type.values()) {
            if (t.inverted != 0 && (pageType & (PAGE_TYPE_BASE | t.inverted)) == PAGE_TYPE_BASE) return t;
        }
        return null;
    }
}
