package io.kmemlab.emulator.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The free lists against a plain model (a deque per order), with checkpoint copies taken along
 * the way: a copy keeps the lists as they were, while the original and later copies change,
 * across the 1024-entry chunks the copies share.
 */
class BuddyListsTest {
    private static final int ORDERS = 11;

    /** free_area[] as the kernel's list_head lists: add at the head or the tail, delete anywhere. */
    private static final class Model {
        final List<Deque<Long>> lists = new ArrayList<>();
        final Map<Long, Integer> orderOf = new HashMap<>();

        Model() { for (int o = 0; o < ORDERS; o++) lists.add(new ArrayDeque<>()); }

        Model copy() {
            Model m = new Model();
            for (int o = 0; o < ORDERS; o++) m.lists.get(o).addAll(lists.get(o));
            m.orderOf.putAll(orderOf);
            return m;
        }
    }

    private static void same(Model m, BuddyLists b, String when) {
        long pages = 0;
        for (int o = 0; o < ORDERS; o++) {
            long[] want = m.lists.get(o).stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(want, b.list(o), when + ": order " + o);
            assertEquals(want.length, b.nrFree(o), when);
            pages += (long) want.length << o;
        }
        assertEquals(pages, b.freePages(), when);
        for (Map.Entry<Long, Integer> e : m.orderOf.entrySet()) assertEquals(e.getValue(), b.orderOf(e.getKey()), when);
    }

    @Test
    void copiesKeepTheirListsWhileTheOriginalChanges() {
        Random r = new Random(7);
        BuddyLists lists = new BuddyLists(ORDERS);
        Model model = new Model();
        List<BuddyLists> copies = new ArrayList<>();
        List<Model> copyModels = new ArrayList<>();
        long nextPfn = 0;
        for (int step = 0; step < 20_000; step++) {
            boolean add = model.orderOf.size() < 50 || r.nextInt(10) < 6;   // grows past several 1024-entry chunks
            if (add) {
                int o = r.nextInt(ORDERS);
                long pfn = (nextPfn += 1L << ORDERS);
                boolean tail = r.nextBoolean();
                lists.add(pfn, o, tail);
                if (tail) model.lists.get(o).addLast(pfn); else model.lists.get(o).addFirst(pfn);
                model.orderOf.put(pfn, o);
            } else {
                List<Long> heads = new ArrayList<>(model.orderOf.keySet());
                long pfn = heads.get(r.nextInt(heads.size()));
                lists.remove(pfn);
                model.lists.get(model.orderOf.remove(pfn)).remove(pfn);
                assertEquals(-1, lists.orderOf(pfn));
            }
            if (step % 1000 == 999) {
                copies.add(lists.copy());
                copyModels.add(model.copy());
            }
        }
        same(model, lists, "the original");
        for (int i = 0; i < copies.size(); i++) same(copyModels.get(i), copies.get(i), "copy " + i);
    }

    @Test
    void aCopyThatChangesLeavesTheOriginalAlone() {
        BuddyLists lists = new BuddyLists(ORDERS);
        for (long i = 0; i < 3000; i++) lists.add(i << 10, 10, true);
        BuddyLists copy = lists.copy();
        copy.remove(5L << 10);
        copy.add(1, 0, false);
        assertEquals(10, lists.orderOf(5L << 10));
        assertEquals(-1, lists.orderOf(1));
        assertEquals(3000, lists.nrFree(10));
        assertEquals(2999, copy.nrFree(10));
        assertEquals(1, copy.first(0));
        assertEquals(-1, lists.first(0));
        assertEquals(4L << 10, copy.prevOf(6L << 10), "the copy unlinked block 5");
        assertEquals(5L << 10, lists.prevOf(6L << 10));
    }
}
