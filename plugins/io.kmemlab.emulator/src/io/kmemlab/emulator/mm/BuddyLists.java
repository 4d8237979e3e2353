package io.kmemlab.emulator.mm;

import java.util.Arrays;

/**
 * A zone's free_area[]: for each order a doubly linked list of free blocks (by head pfn)
 * and nr_free (include/linux/mmzone.h struct free_area). The links are what the kernel
 * keeps in the head page's lru; they live here so that free memory costs no descriptor
 * storage. One list per order (migrate types are not modelled: every free block is on
 * the MIGRATE_MOVABLE list, which is where boot memory goes).
 *
 * Implementation: open-addressing hash (pfn -> slot) with backward-shift deletion; slots
 * hold pfn, order, next, prev.
 */
public final class BuddyLists {
    private static final int NIL = -1;
    private final int orders;
    // Shared copy-on-write, chunk by chunk, with checkpoint copies: a copy costs one reference
    // per 1024 entries, a write after it copies the chunks it touches.
    private CowChunks.Longs keys;       // hash table: pfn or -1
    private CowChunks.Ints vals;        // slot index
    private int mask, size;
    private CowChunks.Longs slotPfn;
    private CowChunks.Ints next, prev;
    private CowChunks.Bytes order;
    private CowChunks.Ints freeSlots;
    private int freeTop, slotCount;
    private final int[] head, tail;
    private final long[] nrFree;
    private long freePages;

    public BuddyLists(int nrOrders) {
        orders = nrOrders;
        head = new int[nrOrders];
        tail = new int[nrOrders];
        nrFree = new long[nrOrders];
        Arrays.fill(head, NIL);
        Arrays.fill(tail, NIL);
        allocTable(64);
        slotPfn = new CowChunks.Longs(64, 0);
        next = new CowChunks.Ints(64);
        prev = new CowChunks.Ints(64);
        order = new CowChunks.Bytes(64);
        freeSlots = new CowChunks.Ints(64);
    }

    private BuddyLists(BuddyLists o) {
        orders = o.orders;
        keys = o.keys.copy(); vals = o.vals.copy(); mask = o.mask; size = o.size;
        slotPfn = o.slotPfn.copy(); next = o.next.copy(); prev = o.prev.copy(); order = o.order.copy();
        freeSlots = o.freeSlots.copy(); freeTop = o.freeTop; slotCount = o.slotCount;
        head = o.head.clone(); tail = o.tail.clone(); nrFree = o.nrFree.clone(); freePages = o.freePages;
    }

    /** A copy sharing the big arrays copy-on-write, chunk by chunk (a checkpoint costs O(blocks / 1024)). */
    public BuddyLists copy() { return new BuddyLists(this); }

    private void allocTable(int cap) {
        keys = new CowChunks.Longs(cap, -1);
        vals = new CowChunks.Ints(cap);
        mask = cap - 1;
    }

    private static int hash(long pfn) {
        long h = pfn * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) ^ (int) h;
    }

    private int find(long pfn) {
        int i = hash(pfn) & mask;
        while (true) {
            long k = keys.get(i);
            if (k == pfn) return vals.get(i);
            if (k == -1) return NIL;
            i = (i + 1) & mask;
        }
    }

    private void put(long pfn, int slot) {
        if ((size + 1) * 2 > keys.length()) {
            CowChunks.Longs ok = keys;
            CowChunks.Ints ov = vals;
            allocTable(keys.length() * 2);
            for (int j = 0; j < ok.length(); j++) if (ok.get(j) != -1) insert(ok.get(j), ov.get(j));
        }
        insert(pfn, slot);
        size++;
    }

    private void insert(long pfn, int slot) {
        int i = hash(pfn) & mask;
        while (keys.get(i) != -1) i = (i + 1) & mask;
        keys.set(i, pfn);
        vals.set(i, slot);
    }

    private void delete(long pfn) {
        int i = hash(pfn) & mask;
        while (keys.get(i) != pfn) i = (i + 1) & mask;
        // backward-shift deletion keeps probe chains intact
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long kj = keys.get(j);
            if (kj == -1) break;
            int home = hash(kj) & mask;
            boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!between) {
                keys.set(i, kj);
                vals.set(i, vals.get(j));
                i = j;
            }
        }
        keys.set(i, -1);
        size--;
    }

    private int newSlot() {
        if (freeTop > 0) return freeSlots.get(--freeTop);
        if (slotCount == slotPfn.length()) {
            int n = slotCount * 2;
            slotPfn.grow(n);
            next.grow(n);
            prev.grow(n);
            order.grow(n);
            freeSlots.grow(n);
        }
        return slotCount++;
    }

    /** Order of the free block whose head is {@code pfn}, or -1 (PageBuddy + buddy_order). */
    public int orderOf(long pfn) {
        int s = find(pfn);
        return s == NIL ? -1 : order.get(s);
    }

    /** add_to_free_list / add_to_free_list_tail. */
    public void add(long pfn, int o, boolean toTail) {
        int s = newSlot();
        slotPfn.set(s, pfn);
        order.set(s, (byte) o);
        if (toTail) {
            next.set(s, NIL);
            prev.set(s, tail[o]);
            if (tail[o] != NIL) next.set(tail[o], s); else head[o] = s;
            tail[o] = s;
        } else {
            prev.set(s, NIL);
            next.set(s, head[o]);
            if (head[o] != NIL) prev.set(head[o], s); else tail[o] = s;
            head[o] = s;
        }
        put(pfn, s);
        nrFree[o]++;
        freePages += 1L << o;
    }

    /** del_page_from_free_list. */
    public void remove(long pfn) {
        int s = find(pfn);
        int o = order.get(s);
        int p = prev.get(s), n = next.get(s);
        if (p != NIL) next.set(p, n); else head[o] = n;
        if (n != NIL) prev.set(n, p); else tail[o] = p;
        delete(pfn);
        freeSlots.set(freeTop++, s);
        nrFree[o]--;
        freePages -= 1L << o;
    }

    /** First block on the order's list (get_page_from_free_area), or -1. */
    public long first(int o) { return head[o] == NIL ? -1 : slotPfn.get(head[o]); }

    /** The pfn after/before {@code pfn} on its list, or -1 at the list head (for lru.next/prev). */
    public long nextOf(long pfn) { int s = find(pfn); return s == NIL || next.get(s) == NIL ? -1 : slotPfn.get(next.get(s)); }

    public long prevOf(long pfn) { int s = find(pfn); return s == NIL || prev.get(s) == NIL ? -1 : slotPfn.get(prev.get(s)); }

    public long nrFree(int o) { return nrFree[o]; }

    public long freePages() { return freePages; }

    public int orders() { return orders; }

    /** Every free head of order {@code o}, in list order (for invariant checks and views). */
    public long[] list(int o) {
        long[] out = new long[(int) nrFree[o]];
        int i = 0;
        for (int s = head[o]; s != NIL; s = next.get(s)) out[i++] = slotPfn.get(s);
        return out;
    }

    /**
     * Calls {@code out} with every pfn whose free-list state (free head or not, its order, its
     * list neighbours: what the kernel keeps in page->buddy_list, private and page_type) may
     * differ between {@code before} (a copy taken at a checkpoint) and this list. Chunks still
     * shared with the copy are skipped; the others are compared slot by slot, so the cost is
     * proportional to the chunks written since the copy, with no hashing.
     */
    public void changedHeads(BuddyLists before, java.util.function.LongConsumer out) {
        int common = Math.min(slotCount, before.slotCount);
        for (int c = 0; c << CowChunks.SHIFT < common; c++) {
            if (slotPfn.shares(before.slotPfn, c) && next.shares(before.next, c) && prev.shares(before.prev, c)
                    && order.shares(before.order, c)) continue;
            for (int s = c << CowChunks.SHIFT, end = Math.min(common, (c + 1) << CowChunks.SHIFT); s < end; s++) {
                if (slotPfn.get(s) != before.slotPfn.get(s) || next.get(s) != before.next.get(s) || prev.get(s) != before.prev.get(s)
                        || order.get(s) != before.order.get(s)) {
                    out.accept(slotPfn.get(s));
                    out.accept(before.slotPfn.get(s));
                }
            }
        }
        for (int s = common; s < slotCount; s++) out.accept(slotPfn.get(s));
        for (int s = common; s < before.slotCount; s++) out.accept(before.slotPfn.get(s));
        // a removed block's slot keeps its values and goes on the free-slot stack
        for (int i = 0, m = Math.max(freeTop, before.freeTop); i < m; i++) {
            boolean inNow = i < freeTop, inThen = i < before.freeTop;
            if (inNow && inThen) {
                if ((i & CowChunks.MASK) == 0 && freeSlots.shares(before.freeSlots, i >>> CowChunks.SHIFT)
                        && i + CowChunks.SIZE <= Math.min(freeTop, before.freeTop)) {
                    i += CowChunks.SIZE - 1;                    // a shared chunk of the stack: the same slots
                    continue;
                }
                if (freeSlots.get(i) == before.freeSlots.get(i)) continue;
            }
            if (inNow) out.accept(slotPfn.get(freeSlots.get(i)));
            if (inThen) out.accept(before.slotPfn.get(before.freeSlots.get(i)));
        }
        for (int o = 0; o < orders; o++) {
            if (head[o] != before.head[o]) { emit(head[o], out); before.emit(before.head[o], out); }
            if (tail[o] != before.tail[o]) { emit(tail[o], out); before.emit(before.tail[o], out); }
        }
    }

    private void emit(int slot, java.util.function.LongConsumer out) { if (slot != NIL) out.accept(slotPfn.get(slot)); }

    public long hostBytes() { return keys.length() * 12L + slotPfn.length() * 21L; }
}
