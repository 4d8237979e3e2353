package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.PageStore;

/**
 * Page types. 6.12: the top byte of the page_type word (which shares storage with
 * _mapcount; UINT_MAX = no type): PGTY_buddy 0xf0, offline 0xf1, table 0xf2, guard 0xf3,
 * hugetlb 0xf4, slab 0xf5, zsmalloc 0xf6, unaccepted 0xf7 (include/linux/page-flags.h
 * enum pagetype). 2.6: PG_slab / PG_buddy flag bits; no table/offline types.
 * PageBuddy itself is answered by the zone's free lists (see {@link BuddyLists}).
 */
public final class PageTypes {
    public enum Type {
        BUDDY(0xf0, "buddy"), OFFLINE(0xf1, null), TABLE(0xf2, null), GUARD(0xf3, null), HUGETLB(0xf4, null),
        SLAB(0xf5, "slab"), ZSMALLOC(0xf6, null), UNACCEPTED(0xf7, null);

        public final int pgty;
        final String legacyFlag;

        Type(int pgty, String legacyFlag) { this.pgty = pgty; this.legacyFlag = legacyFlag; }
    }

    private final KernelProfile profile;

    public PageTypes(KernelProfile profile) { this.profile = profile; }

    /** The page_type word value for {@code t} (6.12: PGTY << 24). */
    public static int value(Type t) { return t.pgty << 24; }

    public boolean has(PageStore s, long pfn, Type t) {
        if (profile.pageTypes()) return (s.mapcount(pfn) >>> 24) == t.pgty;
        int bit = t.legacyFlag == null ? -1 : profile.bit(t.legacyFlag);
        return bit >= 0 && (s.flags(pfn) & (1L << bit)) != 0;
    }

    public void set(PageStore s, long pfn, Type t) {
        if (profile.pageTypes()) s.setMapcount(pfn, value(t));
        else {
            int bit = t.legacyFlag == null ? -1 : profile.bit(t.legacyFlag);
            if (bit >= 0) s.setFlagBit(pfn, bit, true);
        }
    }

    public void clear(PageStore s, long pfn, Type t) {
        if (profile.pageTypes()) {
            if ((s.mapcount(pfn) >>> 24) == t.pgty) s.setMapcount(pfn, -1);
        } else {
            int bit = t.legacyFlag == null ? -1 : profile.bit(t.legacyFlag);
            if (bit >= 0) s.setFlagBit(pfn, bit, false);
        }
    }

    /** Name of the type in a page_type word, or null. */
    public static Type typeOf(int pageType) {
        int top = pageType >>> 24;
        for (Type t : Type.values()) if (t.pgty == top) return t;
        return null;
    }
}
