package io.kmemlab.emulator.mm;

import java.util.Arrays;

/**
 * struct per_cpu_pages (mm/page_alloc.c, include/linux/mmzone.h): one LIFO list of free blocks
 * per allowed order (pcp->lists[order_to_pindex()]; migrate types are not modelled, so one list
 * per order), and count = pages on all lists (a block of order o counts 1 << o). A list's end is
 * its head (list_add, list_first_entry); index 0 is its tail (list_last_entry), drained first.
 */
public final class PerCpuPages {
    /** The orders with a list, in pindex order (order 0 first, the THP order last). */
    private final int[] orders;
    private long[][] lists;
    private int[] sizes;
    int count;

    /** Only order 0 (2.6.32 up to 5.12). */
    PerCpuPages() { this(new int[]{0}); }

    PerCpuPages(int[] orders) {
        this.orders = orders.clone();
        lists = new long[orders.length][16];
        sizes = new int[orders.length];
    }

    PerCpuPages copy() {
        PerCpuPages p = new PerCpuPages(orders);
        for (int i = 0; i < orders.length; i++) p.lists[i] = lists[i].clone();
        p.sizes = sizes.clone();
        p.count = count;
        return p;
    }

    /** order_to_pindex(): the list of {@code order}, or -1 when pcp_allowed_order() is false. */
    int pindex(int order) {
        for (int i = 0; i < orders.length; i++) if (orders[i] == order) return i;
        return -1;
    }

    boolean allowed(int order) { return pindex(order) >= 0; }

    boolean isEmpty(int order) { return sizes[pindex(order)] == 0; }

    /** list_add: to the head of the order's list; count += 1 << order. */
    void push(long pfn, int order) {
        int i = pindex(order);
        if (sizes[i] == lists[i].length) lists[i] = Arrays.copyOf(lists[i], sizes[i] * 2);
        lists[i][sizes[i]++] = pfn;
        count += 1 << order;
    }

    /** list_first_entry + list_del: the head of the order's list; count -= 1 << order. */
    long pop(int order) {
        int i = pindex(order);
        count -= 1 << order;
        return lists[i][--sizes[i]];
    }

    /** list_last_entry of list {@code pindex} (the oldest block), removed; count -= 1 << order. */
    long removeOldest(int pindex) {
        long v = lists[pindex][0];
        System.arraycopy(lists[pindex], 1, lists[pindex], 0, --sizes[pindex]);
        count -= 1 << orders[pindex];
        return v;
    }

    int lists() { return orders.length; }
    int orderOf(int pindex) { return orders[pindex]; }
    int size(int pindex) { return sizes[pindex]; }

    /** pcp->count: pages on all lists. */
    public int count() { return count; }

    /** Blocks on the list of {@code order} (0 when the order has no list). */
    public int blocks(int order) {
        int i = pindex(order);
        return i < 0 ? 0 : sizes[i];
    }

    /** Whether {@code pfn} lies in a block on one of the lists. */
    public boolean contains(long pfn) {
        for (int i = 0; i < orders.length; i++) {
            long head = pfn & -(1L << orders[i]);
            for (int j = 0; j < sizes[i]; j++) if (lists[i][j] == head) return true;
        }
        return false;
    }

    /** Every page of every block on the lists. */
    public long[] pfns() {
        long[] out = new long[count];
        int n = 0;
        for (int i = 0; i < orders.length; i++)
            for (int j = 0; j < sizes[i]; j++)
                for (long p = 0; p < 1L << orders[i]; p++) out[n++] = lists[i][j] + p;
        return out;
    }
}
