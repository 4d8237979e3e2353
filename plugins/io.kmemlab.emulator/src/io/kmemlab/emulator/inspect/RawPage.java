package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.PageDescriptors;
import java.util.function.LongUnaryOperator;

/**
 * The bytes of one struct page as the kernel would hold them, assembled from the emulator's
 * storage: the descriptor fields ({@link PageDescriptors}) plus what a free block keeps in its
 * head page (buddy_list links, private = order, PGTY_buddy / PG_buddy), which the emulator
 * keeps in the zone's free lists. Works on the live machine and on a checkpoint alike.
 */
final class RawPage {
    /** A free-list lookup (the zone's free_area) for the pfn being assembled. */
    interface FreeLists {
        /** Order of the free block whose head is {@code pfn}, or -1. */
        int orderOf(long pfn);

        /** Next / previous head on the same list, or -1. */
        long nextOf(long pfn);

        long prevOf(long pfn);

        FreeLists NONE = new FreeLists() {
            @Override public int orderOf(long pfn) { return -1; }
            @Override public long nextOf(long pfn) { return -1; }
            @Override public long prevOf(long pfn) { return -1; }
        };
    }

    private final StructPageLayout layout;
    private final KernelProfile profile;
    private final LongUnaryOperator pfnToPage;
    private final int headBit, tailBit, buddyBit, slabBit;

    RawPage(StructPageLayout layout, KernelProfile profile, LongUnaryOperator pfnToPage) {
        this.layout = layout;
        this.profile = profile;
        this.pfnToPage = pfnToPage;
        this.headBit = profile.bit("head");
        this.tailBit = profile.bit("tail");
        this.buddyBit = profile.bit("buddy");
        this.slabBit = profile.bit("slab");
    }

    StructPageLayout layout() { return layout; }

    /** The raw words of pfn's struct page. */
    long[] words(PageDescriptors d, FreeLists free, long pfn) {
        long[] raw = new long[layout.words()];
        if (layout.legacy()) legacy(raw, d, free, pfn);
        else modern(raw, d, free, pfn);
        return raw;
    }

    /** Address of the list_head at offset {@code off} in the struct page of {@code pfn}, 0 for none (the list's end). */
    private long link(long pfn, int off) { return pfn < 0 ? 0 : pfnToPage.applyAsLong(pfn) + off; }

    private void modern(long[] raw, PageDescriptors d, FreeLists free, long pfn) {
        int w = layout.wordBytes();
        put(raw, 0, w, d.flags(pfn));
        int order = free.orderOf(pfn);
        if (order >= 0) {                        // add_to_free_list(): buddy_list, set_buddy_order(), __SetPageBuddy()
            put(raw, w, w, link(free.nextOf(pfn), w));
            put(raw, 2 * w, w, link(free.prevOf(pfn), w));
            for (int i = 2; i < 4; i++) put(raw, (i + 1) * w, w, d.word(pfn, i));
            put(raw, 5 * w, w, order);
            put(raw, 6 * w, 4, PageTypes.value(profile, PageTypes.Type.BUDDY));
        } else if (profile.invertedPageTypes() && slabBit >= 0 && (d.flags(pfn) & (1L << slabBit)) != 0) {
            // 6.1 struct slab: slab_list, then slab_cache (mm/slab.h at v6.1); the emulator keeps
            // slab_cache in the word 6.12 has it in
            put(raw, w, w, d.word(pfn, 1));
            put(raw, 2 * w, w, d.word(pfn, 2));
            put(raw, 3 * w, w, d.word(pfn, 0));
            put(raw, 4 * w, w, d.word(pfn, 3));
            put(raw, 5 * w, w, d.word(pfn, 4));
            put(raw, 6 * w, 4, d.mapcount(pfn));
        } else {
            for (int i = 0; i < 5; i++) put(raw, (i + 1) * w, w, d.word(pfn, i));
            put(raw, 6 * w, 4, d.mapcount(pfn));
        }
        put(raw, 6 * w + 4, 4, d.refcount(pfn));
    }

    /**
     * 2.6.32: PG_buddy / PG_slab / PG_tail are flag bits; a tail's first_page and a slab's
     * slab pointer overlay private, SLUB's inuse/objects overlay _mapcount, freelist overlays
     * index; prep_compound_page() keeps the order in page[1].lru.prev (set_compound_order).
     */
    private void legacy(long[] raw, PageDescriptors d, FreeLists free, long pfn) {
        int w = layout.wordBytes(), priv = w + 8;
        long flags = d.flags(pfn);
        int order = free.orderOf(pfn);
        long w0 = d.word(pfn, 0);
        boolean slab = slabBit >= 0 && (flags & (1L << slabBit)) != 0;
        boolean tail = order < 0 && (w0 & 1) != 0;
        boolean firstTail = tail && pfn > 0 && headBit >= 0 && (d.flags(pfn - 1) & (1L << headBit)) != 0;
        if (order >= 0 && buddyBit >= 0) flags |= 1L << buddyBit;
        if (tail && tailBit >= 0) flags |= 1L << tailBit;
        int compoundOrder = firstTail ? (int) (flags & 0xff) : -1;
        if (firstTail) flags &= ~0xffL;                  // the emulator keeps the order in the low byte of page[1].flags
        put(raw, 0, w, flags);
        put(raw, w, 4, d.refcount(pfn));
        put(raw, w + 4, 4, slab ? d.word(pfn, 4) : d.mapcount(pfn));
        put(raw, priv, w, order >= 0 ? order : tail ? w0 - 1 : slab ? w0 : d.word(pfn, 4));
        put(raw, priv + w, w, d.word(pfn, 2));
        put(raw, priv + 2 * w, w, d.word(pfn, 3));
        if (order >= 0) {
            put(raw, priv + 3 * w, w, link(free.nextOf(pfn), priv + 3 * w));
            put(raw, priv + 4 * w, w, link(free.prevOf(pfn), priv + 3 * w));
        } else if (firstTail) {
            put(raw, priv + 4 * w, w, compoundOrder);
        } else if (!tail) {
            put(raw, priv + 3 * w, w, slab ? d.word(pfn, 1) : w0);
            put(raw, priv + 4 * w, w, slab ? d.word(pfn, 2) : d.word(pfn, 1));
        }
    }

    /** Writes the low {@code bytes} bytes of {@code value} at byte {@code off} of the struct, little-endian. */
    private void put(long[] raw, int off, int bytes, long value) {
        int w = layout.wordBytes();
        for (int i = 0; i < bytes; i++) {
            int b = off + i, word = b / w, sh = 8 * (b % w);
            raw[word] = (raw[word] & ~(0xffL << sh)) | (((value >>> (8 * i)) & 0xff) << sh);
        }
    }
}
