package io.kmemlab.emulator.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The free lists with runs (boot memory added at the tail in ascending order, or at the head as
 * 2.6.32 does, kept as start + count) against an explicit list of every block, on random
 * sequences of tail runs, head runs, single adds at either end, removals anywhere (which cut runs) and checkpoint copies: the
 * list order, nr_free, every block's order and list neighbours must be those of the explicit
 * lists, and the change report between a copy and the live lists must name every pfn whose
 * free-list state differs.
 */
class BuddyRunsPropertiesTest {
    private static final int ORDERS = 11, UNIVERSE = 1 << 16;     // pfns [0, 65536): 64 order-10 blocks

    /** Explicit free_area[]: an ordered list of heads per order. */
    private static final class Explicit {
        final List<List<Long>> lists = new ArrayList<>();

        Explicit() { for (int o = 0; o < ORDERS; o++) lists.add(new ArrayList<>()); }

        Explicit copy() {
            Explicit e = new Explicit();
            for (int o = 0; o < ORDERS; o++) e.lists.get(o).addAll(lists.get(o));
            return e;
        }

        int orderOf(long pfn) {
            for (int o = 0; o < ORDERS; o++) if (lists.get(o).contains(pfn)) return o;
            return -1;
        }

        long next(long pfn) {
            int o = orderOf(pfn);
            if (o < 0) return -1;
            List<Long> l = lists.get(o);
            int i = l.indexOf(pfn);
            return i + 1 < l.size() ? l.get(i + 1) : -1;
        }

        long prev(long pfn) {
            int o = orderOf(pfn);
            if (o < 0) return -1;
            List<Long> l = lists.get(o);
            int i = l.indexOf(pfn);
            return i > 0 ? l.get(i - 1) : -1;
        }
    }

    /** Free blocks never overlap: the test hands out aligned blocks from a bitmap of the universe. */
    private static boolean take(boolean[] used, long pfn, int o) {
        if (pfn + (1L << o) > UNIVERSE) return false;
        for (long p = pfn; p < pfn + (1L << o); p++) if (used[(int) p]) return false;
        for (long p = pfn; p < pfn + (1L << o); p++) used[(int) p] = true;
        return true;
    }

    private static void release(boolean[] used, long pfn, int o) {
        for (long p = pfn; p < pfn + (1L << o); p++) used[(int) p] = false;
    }

    private static void same(Explicit e, BuddyLists b, String when) {
        long pages = 0;
        for (int o = 0; o < ORDERS; o++) {
            long[] want = e.lists.get(o).stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(want, b.list(o), when + ": order " + o);
            assertEquals(want.length, b.nrFree(o), when + ": nr_free[" + o + "]");
            assertEquals(want.length == 0 ? -1 : want[0], b.first(o), when + ": first of order " + o);
            pages += (long) want.length << o;
            for (int i = 0; i < want.length; i++) {
                assertEquals(o, b.orderOf(want[i]), when);
                assertEquals(i + 1 < want.length ? want[i + 1] : -1, b.nextOf(want[i]), when + ": next of " + want[i]);
                assertEquals(i > 0 ? want[i - 1] : -1, b.prevOf(want[i]), when + ": prev of " + want[i]);
            }
        }
        assertEquals(pages, b.freePages(), when);
    }

    @Property(tries = 200)
    void runsBehaveLikeTheExplicitLists(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
                                        @ForAll @IntRange(min = 1, max = 120) int steps) {
        Random r = new Random(seed);
        BuddyLists b = new BuddyLists(ORDERS);
        Explicit e = new Explicit();
        boolean[] used = new boolean[UNIVERSE];
        List<BuddyLists> copies = new ArrayList<>();
        List<Explicit> copyModels = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int what = r.nextInt(12);
            int o = r.nextInt(4) == 0 ? r.nextInt(ORDERS) : ORDERS - 1 - r.nextInt(2);
            if (what < 3) {                                     // a tail run of several blocks in a row
                long start = (long) r.nextInt(UNIVERSE >> o) << o;
                long count = 1 + r.nextInt(8);
                long n = 0;
                boolean[] trial = used.clone();
                while (n < count && take(trial, start + (n << o), o)) n++;
                if (n == 0) continue;
                for (long k = 0; k < n; k++) take(used, start + (k << o), o);
                b.addTail(start, n, o);
                for (long k = 0; k < n; k++) e.lists.get(o).add(start + (k << o));
            } else if (what >= 10) {                            // a head run: blocks in a row, each added at the head
                long start = (long) r.nextInt(UNIVERSE >> o) << o;
                long count = 1 + r.nextInt(8);
                long n = 0;
                boolean[] trial = used.clone();
                while (n < count && take(trial, start + (n << o), o)) n++;
                if (n == 0) continue;
                for (long k = 0; k < n; k++) take(used, start + (k << o), o);
                if (r.nextBoolean()) b.addHead(start, n, o);
                else for (long k = 0; k < n; k++) b.add(start + (k << o), o, false);
                for (long k = 0; k < n; k++) e.lists.get(o).add(0, start + (k << o));
            } else if (what < 6) {                              // one block at the head or the tail
                long pfn = (long) r.nextInt(UNIVERSE >> o) << o;
                if (!take(used, pfn, o)) continue;
                boolean tail = r.nextBoolean();
                b.add(pfn, o, tail);
                if (tail) e.lists.get(o).add(pfn); else e.lists.get(o).add(0, pfn);
            } else {                                            // remove any block: first, last or inside a run
                List<long[]> all = new ArrayList<>();
                for (int k = 0; k < ORDERS; k++) for (long p : e.lists.get(k)) all.add(new long[]{p, k});
                if (all.isEmpty()) continue;
                long[] v = all.get(r.nextInt(all.size()));
                b.remove(v[0]);
                e.lists.get((int) v[1]).remove(Long.valueOf(v[0]));
                release(used, v[0], (int) v[1]);
                assertEquals(-1, b.orderOf(v[0]));
            }
            if (r.nextInt(8) == 0) {
                BuddyLists before = b.copy();
                Explicit beforeModel = e.copy();
                copies.add(before);
                copyModels.add(beforeModel);
            }
        }
        same(e, b, "live");
        for (int i = 0; i < copies.size(); i++) {
            same(copyModels.get(i), copies.get(i), "copy " + i);
            reportsEveryChange(copyModels.get(i), copies.get(i), e, b);
        }
    }

    /** changedHeads() names a superset of the pfns whose order or list neighbours differ. */
    private static void reportsEveryChange(Explicit thenModel, BuddyLists then, Explicit nowModel, BuddyLists now) {
        Set<Long> reported = new HashSet<>();
        now.changedHeads(then, reported::add);
        Set<Long> heads = new LinkedHashSet<>();
        for (int o = 0; o < ORDERS; o++) { heads.addAll(thenModel.lists.get(o)); heads.addAll(nowModel.lists.get(o)); }
        for (long p : heads) {
            boolean differs = thenModel.orderOf(p) != nowModel.orderOf(p) || thenModel.next(p) != nowModel.next(p)
                    || thenModel.prev(p) != nowModel.prev(p);
            if (differs) assertTrue(reported.contains(p), "pfn " + p + " changed but was not reported");
        }
    }

    /**
     * 2^24 order-10 blocks added at the head one after the other (2.6.32's list_add) are one
     * descending run: the highest block first, __rmqueue_smallest() takes them from the top.
     */
    @Property(tries = 5)
    void aHugeHeadRunStaysSmall(@ForAll @IntRange(min = 0, max = 1000) int taken) {
        BuddyLists b = new BuddyLists(ORDERS);
        long count = 1L << 24;
        b.addHead(0, count, 10);
        assertEquals(count, b.nrFree(10));
        assertTrue(b.hostBytes() < 1 << 20, "host bytes " + b.hostBytes());
        for (int i = 0; i < taken; i++) {
            long first = b.first(10);
            assertEquals((count - 1 - i) << 10, first);
            b.remove(first);
        }
        long top = (count - 1 - taken) << 10;
        assertEquals(top - (1L << 10), b.nextOf(top));
        assertEquals(-1, b.prevOf(top));
        assertEquals(-1, b.nextOf(0));
        assertEquals(1L << 10, b.prevOf(0));
    }

    /** 2^24 order-10 blocks (64 TiB of 4 KiB pages) added at the tail cost one run, not 16 million slots. */
    @Property(tries = 5)
    void aHugeTailRunStaysSmall(@ForAll @IntRange(min = 0, max = 1000) int taken) {
        BuddyLists b = new BuddyLists(ORDERS);
        long count = 1L << 24;
        b.addTail(0, count, 10);
        assertEquals(count, b.nrFree(10));
        assertEquals(count << 10, b.freePages());
        assertTrue(b.hostBytes() < 1 << 20, "host bytes " + b.hostBytes());
        for (int i = 0; i < taken; i++) {                   // __rmqueue_smallest() takes the first block each time
            long first = b.first(10);
            assertEquals((long) i << 10, first);
            b.remove(first);
        }
        assertEquals(count - taken, b.nrFree(10));
        assertEquals((long) (taken + 1) << 10, b.nextOf((long) taken << 10));
        assertEquals(-1, b.prevOf((long) taken << 10));
        assertEquals((count - 2) << 10, b.prevOf((count - 1) << 10));
        assertEquals(-1, b.nextOf((count - 1) << 10));
    }
}
