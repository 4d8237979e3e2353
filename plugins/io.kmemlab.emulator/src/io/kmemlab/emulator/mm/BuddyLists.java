package io.kmemlab.emulator.mm;

import java.util.Arrays;

/**
 * A zone's free_area[]: for each order a doubly linked list of free blocks (by head pfn)
 * and nr_free (include/linux/mmzone.h struct free_area). The links are what the kernel
 * keeps in the head page's lru; they live here so that free memory costs no descriptor
 * storage. One list per order (migrate types are not modelled: every free block is on
 * the MIGRATE_MOVABLE list, which is where boot memory goes).
 *
 * Implementation: a doubly linked list of slots per order. A slot is either one block
 * (found through an open-addressing hash pfn -> slot, with backward-shift deletion) or a
 * run: {@code count} blocks of its order at pfns {@code start, start + 2^order, ...} that sit
 * next to each other on the list, in ascending order (added at the tail one after the other) or
 * descending (added at the head one after the other). Boot frees memory in ascending pfn order to the
 * tail of the lists (mm/page_alloc.c __free_pages_core() calls __free_pages_ok() with
 * FPI_TO_TAIL since 5.10, and memblock_free_all() walks the ranges in ascending order), so the
 * MAX_PAGE_ORDER list of a zone is a few runs whatever the size of the zone: 64 TiB of RAM is
 * not 16 million slots but one. A run gives up blocks only where they are taken (its first
 * block, by __rmqueue_smallest(), or any block when a merge or a test removes it, which cuts
 * the run in two); the lists, nr_free and every block's neighbours are those of the
 * block-by-block list. Runs are kept in a small index sorted by start pfn. 2.6.32 adds every
 * freed block at the head (list_add in __free_one_page(); tail insertion came with
 * buddy_merge_likely() in 2.6.35 and FPI_TO_TAIL for boot memory in 5.10), so its boot memory
 * is a descending run: the highest block first.
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
    // the runs, sorted by start pfn; shared with copies until one of them changes it
    private long[] runStart = new long[4], runCount = new long[4];
    private int[] runSlot = new int[4];
    private int runs;
    private boolean runsShared;
    private static final byte RUN = (byte) 0x80;       // flag in order[] of a run's slot
    private static final byte DESC = 0x40;             // with RUN: the run's blocks are on the list highest first

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
        runStart = o.runStart; runCount = o.runCount; runSlot = o.runSlot; runs = o.runs;
        runsShared = o.runsShared = true;
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

    private boolean isRun(int slot) { return order.get(slot) < 0; }

    private int orderAt(int slot) { return order.get(slot) & 0x3f; }

    private boolean isDesc(int slot) { return (order.get(slot) & DESC) != 0; }

    /** Index of the run whose blocks cover {@code pfn}, or -1. */
    private int runAt(long pfn) {
        int lo = 0, hi = runs - 1, r = -1;
        while (lo <= hi) {                                  // last run starting at or below pfn
            int mid = (lo + hi) >>> 1;
            if (runStart[mid] <= pfn) { r = mid; lo = mid + 1; } else hi = mid - 1;
        }
        if (r < 0) return -1;
        int o = orderAt(runSlot[r]);
        return pfn < runStart[r] + (runCount[r] << o) ? r : -1;
    }

    /** Index of the run with head {@code slot} (a run slot's pfn is its start). */
    private int runOfSlot(int slot) { return java.util.Arrays.binarySearch(runStart, 0, runs, slotPfn.get(slot)); }

    /** Index of the run holding block {@code pfn} of its order (pfn on a block boundary), or -1. */
    private int runBlock(long pfn) {
        int r = runAt(pfn);
        return r >= 0 && ((pfn - runStart[r]) & ((1L << orderAt(runSlot[r])) - 1)) == 0 ? r : -1;
    }

    private void ownRuns() {
        if (!runsShared) return;
        runStart = runStart.clone(); runCount = runCount.clone(); runSlot = runSlot.clone();
        runsShared = false;
    }

    private void insertRun(long start, long count, int slot) {
        ownRuns();
        if (runs == runStart.length) {
            runStart = java.util.Arrays.copyOf(runStart, runs * 2);
            runCount = java.util.Arrays.copyOf(runCount, runs * 2);
            runSlot = java.util.Arrays.copyOf(runSlot, runs * 2);
        }
        int at = -java.util.Arrays.binarySearch(runStart, 0, runs, start) - 1;
        System.arraycopy(runStart, at, runStart, at + 1, runs - at);
        System.arraycopy(runCount, at, runCount, at + 1, runs - at);
        System.arraycopy(runSlot, at, runSlot, at + 1, runs - at);
        runStart[at] = start; runCount[at] = count; runSlot[at] = slot;
        runs++;
    }

    private void deleteRun(int r) {
        ownRuns();
        System.arraycopy(runStart, r + 1, runStart, r, runs - r - 1);
        System.arraycopy(runCount, r + 1, runCount, r, runs - r - 1);
        System.arraycopy(runSlot, r + 1, runSlot, r, runs - r - 1);
        runs--;
    }

    /** Order of the free block whose head is {@code pfn}, or -1 (PageBuddy + buddy_order). */
    public int orderOf(long pfn) {
        int s = find(pfn);
        if (s != NIL) return order.get(s);
        int r = runBlock(pfn);
        return r < 0 ? -1 : orderAt(runSlot[r]);
    }

    /** add_to_free_list / add_to_free_list_tail. */
    public void add(long pfn, int o, boolean toTail) {
        nrFree[o]++;
        freePages += 1L << o;
        int t = tail[o];
        if (toTail && t != NIL) {
            long size = 1L << o;
            if (isRun(t) && !isDesc(t)) {
                int r = runOfSlot(t);
                if (runStart[r] + (runCount[r] << o) == pfn) {     // the next block of the tail run
                    ownRuns();
                    runCount[r]++;
                    return;
                }
            } else if (!isRun(t) && slotPfn.get(t) + size == pfn) { // two blocks in a row: a run of 2
                long start = slotPfn.get(t);
                delete(start);
                order.set(t, (byte) (o | RUN));
                insertRun(start, 2, t);
                return;
            }
        }
        int h = head[o];
        if (!toTail && h != NIL) {
            long size = 1L << o;
            if (isRun(h) && isDesc(h)) {
                int r = runOfSlot(h);
                if (runStart[r] + (runCount[r] << o) == pfn) {     // the block above the head run's first
                    ownRuns();
                    runCount[r]++;
                    return;
                }
            } else if (!isRun(h) && slotPfn.get(h) + size == pfn) { // two blocks in a row, the higher first: a run of 2
                long start = slotPfn.get(h);
                delete(start);
                order.set(h, (byte) (o | RUN | DESC));
                insertRun(start, 2, h);
                return;
            }
        }
        int s = newSlot();
        slotPfn.set(s, pfn);
        order.set(s, (byte) o);
        link(s, o, toTail);
        put(pfn, s);
    }

    /**
     * {@code count} blocks of order {@code o} at {@code start, start + 2^o, ...} added one after
     * the other at the list head (2.6.32's boot release): the same lists as {@code count} calls
     * of add(.., false), in time independent of {@code count}.
     */
    public void addHead(long start, long count, int o) {
        if (count <= 0) return;
        add(start, o, false);
        if (count == 1) return;
        add(start + (1L << o), o, false);                            // the head becomes a descending run
        int h = head[o];
        if (!isRun(h) || !isDesc(h)) {                               // not joined (cannot happen for free, aligned blocks)
            for (long k = 2; k < count; k++) add(start + (k << o), o, false);
            return;
        }
        int r = runOfSlot(h);
        long more = count - ((runStart[r] + (runCount[r] << o) - start) >>> o);
        ownRuns();
        runCount[r] += more;
        nrFree[o] += more;
        freePages += more << o;
    }

    /**
     * {@code count} blocks of order {@code o} at {@code start, start + 2^o, ...} added one after
     * the other at the list tail: the same lists as {@code count} calls of add(.., true), in
     * time independent of {@code count}.
     */
    public void addTail(long start, long count, int o) {
        if (count <= 0) return;
        add(start, o, true);
        if (count == 1) return;
        if (!isRun(tail[o])) add(start + (1L << o), o, true);     // the tail becomes a run of two
        int r = runOfSlot(tail[o]);
        long more = count - (runStart[r] + (runCount[r] << o) - start >>> o);
        ownRuns();
        runCount[r] += more;
        nrFree[o] += more;
        freePages += more << o;
    }

    private void link(int s, int o, boolean toTail) {
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
    }

    private void unlink(int s, int o) {
        int p = prev.get(s), n = next.get(s);
        if (p != NIL) next.set(p, n); else head[o] = n;
        if (n != NIL) prev.set(n, p); else tail[o] = p;
        freeSlots.set(freeTop++, s);
    }

    /** del_page_from_free_list. */
    public void remove(long pfn) {
        int s = find(pfn);
        if (s != NIL) {
            int o = order.get(s);
            unlink(s, o);
            delete(pfn);
            nrFree[o]--;
            freePages -= 1L << o;
            return;
        }
        int r = runBlock(pfn);
        int rs = runSlot[r], o = orderAt(rs);
        long start = runStart[r], count = runCount[r], i = (pfn - start) >>> o;
        ownRuns();
        if (isDesc(rs) && count > 1 && i > 0 && i < count - 1) {
            // cut a descending run in two: the blocks above pfn come first on the list (a new
            // slot before this one), the ones below stay in this slot
            runCount[r] = i;
            int ns = newSlot();
            slotPfn.set(ns, pfn + (1L << o));
            order.set(ns, (byte) (o | RUN | DESC));
            int p = prev.get(rs);
            prev.set(ns, p);
            next.set(ns, rs);
            prev.set(rs, ns);
            if (p != NIL) next.set(p, ns); else head[o] = ns;
            insertRun(pfn + (1L << o), count - i - 1, ns);
        } else if (count == 1) {
            unlink(rs, o);
            deleteRun(r);
        } else if (i == 0) {                                  // the run's first block: the common case
            runStart[r] = start + (1L << o);
            runCount[r] = count - 1;
            slotPfn.set(rs, runStart[r]);
        } else if (i == count - 1) {
            runCount[r] = count - 1;
        } else {                                               // cut in two: the rest after the removed block
            runCount[r] = i;
            int ns = newSlot();
            slotPfn.set(ns, pfn + (1L << o));
            order.set(ns, (byte) (o | RUN));
            int n = next.get(rs);
            next.set(ns, n);
            prev.set(ns, rs);
            next.set(rs, ns);
            if (n != NIL) prev.set(n, ns); else tail[o] = ns;
            insertRun(pfn + (1L << o), count - i - 1, ns);
        }
        nrFree[o]--;
        freePages -= 1L << o;
    }

    /** First block on the order's list (get_page_from_free_area), or -1. */
    public long first(int o) { return firstOf(head[o]); }

    /** The highest block of a run slot. */
    private long topOf(int slot) {
        int r = runOfSlot(slot);
        return runStart[r] + ((runCount[r] - 1) << orderAt(slot));
    }

    /** First block of a slot on the list (a run's start, or its highest block when descending). */
    private long firstOf(int slot) {
        if (slot == NIL) return -1;
        return isRun(slot) && isDesc(slot) ? topOf(slot) : slotPfn.get(slot);
    }

    /** Last block of a slot on the list. */
    private long lastOf(int slot) {
        if (slot == NIL) return -1;
        if (!isRun(slot)) return slotPfn.get(slot);
        return isDesc(slot) ? slotPfn.get(slot) : topOf(slot);
    }

    /** The pfn after/before {@code pfn} on its list, or -1 at the list head (for lru.next/prev). */
    public long nextOf(long pfn) {
        int s = find(pfn);
        if (s != NIL) return firstOf(next.get(s));
        int r = runBlock(pfn);
        if (r < 0) return -1;
        int o = orderAt(runSlot[r]);
        if (isDesc(runSlot[r])) return pfn > runStart[r] ? pfn - (1L << o) : firstOf(next.get(runSlot[r]));
        long after = pfn + (1L << o);
        return after < runStart[r] + (runCount[r] << o) ? after : firstOf(next.get(runSlot[r]));
    }

    public long prevOf(long pfn) {
        int s = find(pfn);
        if (s != NIL) return lastOf(prev.get(s));
        int r = runBlock(pfn);
        if (r < 0) return -1;
        int o = orderAt(runSlot[r]);
        if (isDesc(runSlot[r])) {
            long above = pfn + (1L << o);
            return above < runStart[r] + (runCount[r] << o) ? above : lastOf(prev.get(runSlot[r]));
        }
        return pfn > runStart[r] ? pfn - (1L << o) : lastOf(prev.get(runSlot[r]));
    }

    public long nrFree(int o) { return nrFree[o]; }

    public long freePages() { return freePages; }

    public int orders() { return orders; }

    /** Every free head of order {@code o}, in list order (for invariant checks and views). */
    public long[] list(int o) {
        long[] out = new long[(int) nrFree[o]];
        int i = 0;
        for (int s = head[o]; s != NIL; s = next.get(s)) {
            if (!isRun(s)) { out[i++] = slotPfn.get(s); continue; }
            int r = runOfSlot(s);
            if (isDesc(s)) for (long k = runCount[r] - 1; k >= 0; k--) out[i++] = runStart[r] + (k << o);
            else for (long k = 0; k < runCount[r]; k++) out[i++] = runStart[r] + (k << o);
        }
        return out;
    }

    /**
     * Calls {@code out} with every pfn whose free-list state (free head or not, its order, its
     * list neighbours: what the kernel keeps in page->buddy_list, private and page_type) may
     * differ between {@code before} (a copy taken at a checkpoint) and this list. Chunks still
     * shared with the copy are skipped; the others are compared slot by slot, so the cost is
     * proportional to the chunks written since the copy, with no hashing.
     */
    public void changedHeads(BuddyLists before, java.util.function.LongConsumer out) { changedHeads(before, out, null); }

    /** Receives a range of frames [start, end) ({@link #changedHeads(BuddyLists, java.util.function.LongConsumer, Ranges)}). */
    public interface Ranges { void range(long start, long end); }

    /**
     * As {@link #changedHeads(BuddyLists, java.util.function.LongConsumer)}, except that two or
     * more consecutive blocks of a run that the other side does not hold (runs grow only when
     * boot releases memory, memblock_free_all() and the deferred struct pages: 16 M blocks on a
     * 64 TiB machine; a step after boot takes or merges one block of a run) go to {@code bulk}
     * as one range of frames instead of one head per block; the ends of each run and their list
     * neighbours still go to {@code out}. The cost is then proportional to the runs.
     */
    public void changedHeads(BuddyLists before, java.util.function.LongConsumer out, Ranges bulk) {
        int common = Math.min(slotCount, before.slotCount);
        for (int c = 0; c << CowChunks.SHIFT < common; c++) {
            if (slotPfn.shares(before.slotPfn, c) && next.shares(before.next, c) && prev.shares(before.prev, c)
                    && order.shares(before.order, c)) continue;
            for (int s = c << CowChunks.SHIFT, end = Math.min(common, (c + 1) << CowChunks.SHIFT); s < end; s++) {
                if (slotPfn.get(s) != before.slotPfn.get(s) || next.get(s) != before.next.get(s) || prev.get(s) != before.prev.get(s)
                        || order.get(s) != before.order.get(s)) {
                    // the slot and its list neighbours: a neighbour whose link still names this slot
                    // points at another pfn when the slot was freed and reused
                    emitAround(s, out);
                    before.emitAround(s, out);
                }
            }
        }
        for (int s = common; s < slotCount; s++) emitAround(s, out);
        for (int s = common; s < before.slotCount; s++) before.emitAround(s, out);
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
            if (inNow) emitAround(freeSlots.get(i), out);
            if (inThen) before.emitAround(before.freeSlots.get(i), out);
        }
        for (int o = 0; o < orders; o++) {
            if (head[o] != before.head[o]) { emit(head[o], out); before.emit(before.head[o], out); }
            if (tail[o] != before.tail[o]) { emit(tail[o], out); before.emit(before.tail[o], out); }
        }
        if (runStart == before.runStart && runCount == before.runCount && runs == before.runs) return;
        // runs: every block in a run of one side and not of the other, and the first and last
        // blocks of each run that changed with their neighbours on the list (whose lru point at them)
        boolean[] changedNow = changedRuns(before), changedThen = before.changedRuns(this);
        for (int r = 0; r < runs; r++) if (changedNow[r]) { boundaries(r, out); blocksNotIn(r, before, changedThen, out, bulk); }
        for (int r = 0; r < before.runs; r++) if (changedThen[r]) { before.boundaries(r, out); before.blocksNotIn(r, this, changedNow, out, bulk); }
    }

    /** For each run, whether {@code other} lacks a run with its start, length and order. */
    private boolean[] changedRuns(BuddyLists other) {
        boolean[] changed = new boolean[runs];
        for (int r = 0; r < runs; r++) {
            int q = java.util.Arrays.binarySearch(other.runStart, 0, other.runs, runStart[r]);
            changed[r] = q < 0 || other.runCount[q] != runCount[r] || other.order.get(other.runSlot[q]) != order.get(runSlot[r]);
        }
        return changed;
    }

    private void boundaries(int r, java.util.function.LongConsumer out) {
        long first = firstOf(runSlot[r]), last = lastOf(runSlot[r]);
        out.accept(first);
        out.accept(last);
        long p = prevOf(first), n = nextOf(last);
        if (p >= 0) out.accept(p);
        if (n >= 0) out.accept(n);
    }

    /**
     * The blocks of run {@code r} that no changed run of {@code other} of the same order and
     * direction holds (the unchanged runs of both sides are the same blocks, so they cannot hold them).
     */
    private void blocksNotIn(int r, BuddyLists other, boolean[] otherChanged, java.util.function.LongConsumer out, Ranges bulk) {
        int o = orderAt(runSlot[r]);
        long s = runStart[r], e = s + (runCount[r] << o);
        java.util.List<long[]> covered = new java.util.ArrayList<>();
        for (int q = 0; q < other.runs; q++) {
            // a block inside runs of the same order and direction on both sides has the same list neighbours
            if (!otherChanged[q] || other.orderAt(other.runSlot[q]) != o || other.isDesc(other.runSlot[q]) != isDesc(runSlot[r])) continue;
            long qs = Math.max(s, other.runStart[q]), qe = Math.min(e, other.runStart[q] + (other.runCount[q] << o));
            if (qe > qs) covered.add(new long[]{qs, qe});
        }
        long p = s;
        covered.add(new long[]{e, e});
        for (long[] c : covered) {                        // other's runs are sorted by start
            if (bulk != null && c[0] - p >= 2L << o) bulk.range(p, c[0]);   // blocks released (or taken) together
            else for (; p < c[0]; p += 1L << o) out.accept(p);
            p = Math.max(p, c[1]);
        }
    }

    private void emitAround(int slot, java.util.function.LongConsumer out) {
        emit(slot, out);
        emit(prev.get(slot), out);
        emit(next.get(slot), out);
    }

    /** The first block of a slot and, for a run, its last (the blocks whose list neighbours are the slot's). */
    private void emit(int slot, java.util.function.LongConsumer out) {
        if (slot == NIL) return;
        out.accept(slotPfn.get(slot));
        if (!isRun(slot)) return;
        int r = runOfSlot(slot);
        if (r >= 0 && runSlot[r] == slot) out.accept(runStart[r] + ((runCount[r] - 1) << orderAt(slot)));
    }

    public long hostBytes() { return keys.length() * 12L + slotPfn.length() * 21L + runStart.length * 20L; }
}
