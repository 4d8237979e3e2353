package io.kmemlab.emulator.mm;

import java.util.function.LongConsumer;

/**
 * A zone's free_area[NR_PAGE_ORDERS]: for each order one list per migrate type
 * (free_area[order].free_list[MIGRATE_TYPES], include/linux/mmzone.h) and nr_free, the blocks
 * of every list of the order. Each migrate type's lists are a {@link BuddyLists} (runs of
 * blocks, so that boot memory costs a few slots whatever the RAM size); a free block's head is
 * on exactly one of them.
 */
public final class FreeArea {
    private final BuddyLists[] byType;
    private final int orders;

    public FreeArea(int nrOrders, int migrateTypes) {
        orders = nrOrders;
        byType = new BuddyLists[migrateTypes];
        for (int i = 0; i < migrateTypes; i++) byType[i] = new BuddyLists(nrOrders);
    }

    private FreeArea(FreeArea o) {
        orders = o.orders;
        byType = new BuddyLists[o.byType.length];
        for (int i = 0; i < byType.length; i++) byType[i] = o.byType[i].copy();
    }

    /** A copy sharing the lists copy-on-write (see {@link BuddyLists#copy()}). */
    public FreeArea copy() { return new FreeArea(this); }

    public int orders() { return orders; }

    /** MIGRATE_TYPES. */
    public int migrateTypes() { return byType.length; }

    /** The lists of migrate type {@code mt}. */
    public BuddyLists lists(int mt) { return byType[mt]; }

    /** The migrate type whose list holds the free block with head {@code pfn}, or -1. */
    public int typeOf(long pfn) {
        for (int mt = 0; mt < byType.length; mt++) if (byType[mt].orderOf(pfn) >= 0) return mt;
        return -1;
    }

    /** Order of the free block whose head is {@code pfn}, or -1 (PageBuddy + buddy_order). */
    public int orderOf(long pfn) {
        for (BuddyLists b : byType) {
            int o = b.orderOf(pfn);
            if (o >= 0) return o;
        }
        return -1;
    }

    /** __add_to_free_list(): to the head or tail of free_area[o].free_list[mt]. */
    public void add(long pfn, int o, int mt, boolean toTail) { byType[mt].add(pfn, o, toTail); }

    /** {@code count} blocks at {@code start, start + 2^o, ...} to the tail of free_list[mt], in time independent of count. */
    public void addTail(long start, long count, int o, int mt) { byType[mt].addTail(start, count, o); }

    /** {@code count} blocks at {@code start, start + 2^o, ...} each added at the head of free_list[mt] (2.6.32's boot release). */
    public void addHead(long start, long count, int o, int mt) { byType[mt].addHead(start, count, o); }

    /** del_page_from_free_list(): from whichever list holds it; returns that list's migrate type. */
    public int remove(long pfn) {
        int mt = typeOf(pfn);
        byType[mt].remove(pfn);
        return mt;
    }

    /** get_page_from_free_area(): the first block of free_list[mt] of order o, or -1. */
    public long first(int o, int mt) { return byType[mt].first(o); }

    /** free_area_empty(). */
    public boolean empty(int o, int mt) { return byType[mt].nrFree(o) == 0; }

    /** The pfn after/before {@code pfn} on its list, or -1 at the list head (lru.next/prev). */
    public long nextOf(long pfn) {
        int mt = typeOf(pfn);
        return mt < 0 ? -1 : byType[mt].nextOf(pfn);
    }

    public long prevOf(long pfn) {
        int mt = typeOf(pfn);
        return mt < 0 ? -1 : byType[mt].prevOf(pfn);
    }

    /** free_area[o].nr_free: blocks of order o on all of its lists. */
    public long nrFree(int o) {
        long n = 0;
        for (BuddyLists b : byType) n += b.nrFree(o);
        return n;
    }

    /** Blocks of order o on free_list[mt]. */
    public long nrFree(int o, int mt) { return byType[mt].nrFree(o); }

    /** Pages in all free blocks (NR_FREE_PAGES without the per-CPU lists). */
    public long freePages() {
        long n = 0;
        for (BuddyLists b : byType) n += b.freePages();
        return n;
    }

    /** Every free head of order {@code o}: the lists of each migrate type in turn, each in list order. */
    public long[] list(int o) {
        long[] out = new long[(int) nrFree(o)];
        int i = 0;
        for (BuddyLists b : byType) {
            long[] l = b.list(o);
            System.arraycopy(l, 0, out, i, l.length);
            i += l.length;
        }
        return out;
    }

    /** Every pfn whose free-list state may differ from {@code before} (see {@link BuddyLists#changedHeads}). */
    public void changedHeads(FreeArea before, LongConsumer out) { changedHeads(before, out, null); }

    /** The same, with the blocks of runs that joined or left in bulk as frame ranges (see {@link BuddyLists#changedHeads(BuddyLists, LongConsumer, BuddyLists.Ranges)}). */
    public void changedHeads(FreeArea before, LongConsumer out, BuddyLists.Ranges bulk) {
        for (int mt = 0; mt < byType.length; mt++) byType[mt].changedHeads(before.byType[mt], out, bulk);
    }

    public long hostBytes() {
        long n = 0;
        for (BuddyLists b : byType) n += b.hostBytes();
        return n;
    }
}
