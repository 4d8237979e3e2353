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
    private long[] keys;       // hash table: pfn or -1
    private int[] vals;        // slot index
    private int mask, size;
    private long[] slotPfn;
    private int[] next, prev;
    private byte[] order;
    private int[] freeSlots;
    private int freeTop, slotCount;
    private final int[] head, tail;
    private final long[] nrFree;
    private long freePages;
    private boolean shared;          // arrays shared with a checkpoint copy: clone before the next write
    // Slots written since this list and {@code base} were one (the last copy()), for changedHeads():
    // a journal of at most TOUCHED_MAX slot indexes, then "too many" (compare the arrays instead).
    private static final int TOUCHED_MAX = 1024;
    private BuddyLists base;
    private int[] touched;
    private int touchedCount;
    private boolean touchedOverflow;

    public BuddyLists(int nrOrders) {
        orders = nrOrders;
        head = new int[nrOrders];
        tail = new int[nrOrders];
        nrFree = new long[nrOrders];
        Arrays.fill(head, NIL);
        Arrays.fill(tail, NIL);
        allocTable(64);
        slotPfn = new long[64];
        next = new int[64];
        prev = new int[64];
        order = new byte[64];
        freeSlots = new int[64];
    }

    private BuddyLists(BuddyLists o) {
        base = o;                                   // each is the other's baseline until it is written
        o.base = this;
        o.touchedCount = 0;
        o.touchedOverflow = false;
        orders = o.orders;
        keys = o.keys; vals = o.vals; mask = o.mask; size = o.size;
        slotPfn = o.slotPfn; next = o.next; prev = o.prev; order = o.order;
        freeSlots = o.freeSlots; freeTop = o.freeTop; slotCount = o.slotCount;
        head = o.head.clone(); tail = o.tail.clone(); nrFree = o.nrFree.clone(); freePages = o.freePages;
        shared = true;
        o.shared = true;
    }

    /** A copy sharing the big arrays copy-on-write (checkpoints cost O(orders)). */
    public BuddyLists copy() { return new BuddyLists(this); }

    private void unshare() {
        if (!shared) return;
        keys = keys.clone(); vals = vals.clone();
        slotPfn = slotPfn.clone(); next = next.clone(); prev = prev.clone(); order = order.clone();
        freeSlots = freeSlots.clone();
        shared = false;
    }

    private void allocTable(int cap) {
        keys = new long[cap];
        Arrays.fill(keys, -1);
        vals = new int[cap];
        mask = cap - 1;
    }

    private static int hash(long pfn) {
        long h = pfn * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) ^ (int) h;
    }

    private int find(long pfn) {
        int i = hash(pfn) & mask;
        while (true) {
            long k = keys[i];
            if (k == pfn) return vals[i];
            if (k == -1) return NIL;
            i = (i + 1) & mask;
        }
    }

    private void put(long pfn, int slot) {
        if ((size + 1) * 2 > keys.length) {
            long[] ok = keys; int[] ov = vals;
            allocTable(keys.length * 2);
            for (int j = 0; j < ok.length; j++) if (ok[j] != -1) insert(ok[j], ov[j]);
        }
        insert(pfn, slot);
        size++;
    }

    private void insert(long pfn, int slot) {
        int i = hash(pfn) & mask;
        while (keys[i] != -1) i = (i + 1) & mask;
        keys[i] = pfn;
        vals[i] = slot;
    }

    private void delete(long pfn) {
        int i = hash(pfn) & mask;
        while (keys[i] != pfn) i = (i + 1) & mask;
        // backward-shift deletion keeps probe chains intact
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == -1) break;
            int home = hash(keys[j]) & mask;
            boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!between) {
                keys[i] = keys[j];
                vals[i] = vals[j];
                i = j;
            }
        }
        keys[i] = -1;
        size--;
    }

    private int newSlot() {
        if (freeTop > 0) return freeSlots[--freeTop];
        if (slotCount == slotPfn.length) {
            int n = slotCount * 2;
            slotPfn = Arrays.copyOf(slotPfn, n);
            next = Arrays.copyOf(next, n);
            prev = Arrays.copyOf(prev, n);
            order = Arrays.copyOf(order, n);
            freeSlots = Arrays.copyOf(freeSlots, n);
        }
        return slotCount++;
    }

    /** Order of the free block whose head is {@code pfn}, or -1 (PageBuddy + buddy_order). */
    public int orderOf(long pfn) {
        int s = find(pfn);
        return s == NIL ? -1 : order[s];
    }

    /** add_to_free_list / add_to_free_list_tail. */
    public void add(long pfn, int o, boolean toTail) {
        unshare();
        int s = newSlot();
        touch(s);
        slotPfn[s] = pfn;
        order[s] = (byte) o;
        if (toTail) {
            next[s] = NIL;
            prev[s] = tail[o];
            if (tail[o] != NIL) { touch(tail[o]); next[tail[o]] = s; } else head[o] = s;
            tail[o] = s;
        } else {
            prev[s] = NIL;
            next[s] = head[o];
            if (head[o] != NIL) { touch(head[o]); prev[head[o]] = s; } else tail[o] = s;
            head[o] = s;
        }
        put(pfn, s);
        nrFree[o]++;
        freePages += 1L << o;
    }

    /** del_page_from_free_list. */
    public void remove(long pfn) {
        unshare();
        int s = find(pfn);
        int o = order[s];
        touch(s);
        if (prev[s] != NIL) { touch(prev[s]); next[prev[s]] = next[s]; } else head[o] = next[s];
        if (next[s] != NIL) { touch(next[s]); prev[next[s]] = prev[s]; } else tail[o] = prev[s];
        delete(pfn);
        freeSlots[freeTop++] = s;
        nrFree[o]--;
        freePages -= 1L << o;
    }

    /** First block on the order's list (get_page_from_free_area), or -1. */
    public long first(int o) { return head[o] == NIL ? -1 : slotPfn[head[o]]; }

    /** The pfn after/before {@code pfn} on its list, or -1 at the list head (for lru.next/prev). */
    public long nextOf(long pfn) { int s = find(pfn); return s == NIL || next[s] == NIL ? -1 : slotPfn[next[s]]; }

    public long prevOf(long pfn) { int s = find(pfn); return s == NIL || prev[s] == NIL ? -1 : slotPfn[prev[s]]; }

    public long nrFree(int o) { return nrFree[o]; }

    public long freePages() { return freePages; }

    public int orders() { return orders; }

    /** Every free head of order {@code o}, in list order (for invariant checks and views). */
    public long[] list(int o) {
        long[] out = new long[(int) nrFree[o]];
        int i = 0;
        for (int s = head[o]; s != NIL; s = next[s]) out[i++] = slotPfn[s];
        return out;
    }

    /**
     * Calls {@code out} with every pfn whose free-list state (free head or not, its order, its
     * list neighbours: what the kernel keeps in page->buddy_list, private and page_type) may
     * differ between {@code before} (a copy taken at a checkpoint) and this list. Arrays still
     * shared with the copy are skipped; otherwise the slot arrays are compared, so the cost is
     * one pass over the slots in use, with no hashing.
     */
    public void changedHeads(BuddyLists before, java.util.function.LongConsumer out) {
        if (before.slotPfn == slotPfn && before.next == next && before.prev == prev && before.order == order
                && before.slotCount == slotCount && before.freeTop == freeTop) return;
        if (before == base && !touchedOverflow) {              // the usual step: the journal names the slots
            for (int i = 0; i < touchedCount; i++) {
                int s = touched[i];
                out.accept(slotPfn[s]);
                if (s < before.slotCount) out.accept(before.slotPfn[s]);
            }
            return;
        }
        int common = Math.min(slotCount, before.slotCount);
        java.util.BitSet slots = new java.util.BitSet();
        mismatches(slotPfn, before.slotPfn, common, slots);
        mismatches(next, before.next, common, slots);
        mismatches(prev, before.prev, common, slots);
        mismatches(order, before.order, common, slots);
        for (int s = slots.nextSetBit(0); s >= 0; s = slots.nextSetBit(s + 1)) {
            out.accept(slotPfn[s]);
            out.accept(before.slotPfn[s]);
        }
        for (int s = common; s < slotCount; s++) out.accept(slotPfn[s]);
        for (int s = common; s < before.slotCount; s++) out.accept(before.slotPfn[s]);
        // a removed block's slot keeps its values and goes on the free-slot stack
        for (int i = 0, m = Math.max(freeTop, before.freeTop); i < m; i++) {
            boolean inNow = i < freeTop, inThen = i < before.freeTop;
            if (inNow && inThen && freeSlots[i] == before.freeSlots[i]) continue;
            if (inNow) out.accept(slotPfn[freeSlots[i]]);
            if (inThen) out.accept(before.slotPfn[before.freeSlots[i]]);
        }
        for (int o = 0; o < orders; o++) {
            if (head[o] != before.head[o]) { emit(head[o], out); before.emit(before.head[o], out); }
            if (tail[o] != before.tail[o]) { emit(tail[o], out); before.emit(before.tail[o], out); }
        }
    }

    /** Records that slot {@code s} is about to be written. */
    private void touch(int s) {
        if (touchedOverflow) return;
        if (touched == null) touched = new int[64];
        if (touchedCount == touched.length) {
            if (touchedCount >= TOUCHED_MAX) { touchedOverflow = true; return; }
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = s;
    }

    /** Marks the indexes below {@code n} where the arrays differ; Arrays.mismatch skips equal stretches in vector steps. */
    private static void mismatches(long[] a, long[] b, int n, java.util.BitSet out) {
        if (a == b) return;
        for (int i = 0; i < n; ) {
            int m = Arrays.mismatch(a, i, n, b, i, n);
            if (m < 0) return;
            out.set(i + m);
            i += m + 1;
        }
    }

    private static void mismatches(int[] a, int[] b, int n, java.util.BitSet out) {
        if (a == b) return;
        for (int i = 0; i < n; ) {
            int m = Arrays.mismatch(a, i, n, b, i, n);
            if (m < 0) return;
            out.set(i + m);
            i += m + 1;
        }
    }

    private static void mismatches(byte[] a, byte[] b, int n, java.util.BitSet out) {
        if (a == b) return;
        for (int i = 0; i < n; ) {
            int m = Arrays.mismatch(a, i, n, b, i, n);
            if (m < 0) return;
            out.set(i + m);
            i += m + 1;
        }
    }

    private void emit(int slot, java.util.function.LongConsumer out) { if (slot != NIL) out.accept(slotPfn[slot]); }

    public long hostBytes() { return keys.length * 12L + slotPfn.length * 21L; }
}
