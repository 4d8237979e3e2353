package io.kmemlab.emulator.mm;

import java.util.Arrays;

/**
 * struct per_cpu_pages (mm/page_alloc.c, include/linux/mmzone.h): pcp->lists[NR_PCP_LISTS], one
 * LIFO list per allowed order and per-CPU migrate type, and count = pages on all lists (a block
 * of order o counts 1 << o). order_to_pindex(): {@code MIGRATE_PCPTYPES * order + migratetype}
 * for the orders up to PAGE_ALLOC_COSTLY_ORDER; the THP order has one list in 6.1
 * (NR_PCP_THP 1) and two from 6.11 (NR_PCP_THP 2: MOVABLE, and everything else); 2.6.32 to
 * 5.12 have only order 0, one list per type (lists[MIGRATE_PCPTYPES], 2.6.32). A list's end is
 * its head (list_add, list_first_entry); index 0 is its tail (list_last_entry), drained first.
 * Each entry keeps the migrate type the page was queued with (6.1's set_pcppage_migratetype,
 * 2.6.32's page_private), which those versions give back to __free_one_page().
 */
public final class PerCpuPages {
    private static final int MT_SHIFT = 58;
    private static final long PFN_MASK = (1L << MT_SHIFT) - 1;
    /** For each pindex: its order. */
    private final int[] pindexOrder;
    /** The orders with lists (order 0 first, the THP order last). */
    private final int[] orders;
    private final int pcpTypes, thpLists;
    private long[][] lists;
    private int[] sizes;
    int count;

    /** Only order 0 with one list (for tests of the list mechanics). */
    PerCpuPages() { this(new int[]{0}, 1, 1); }

    /**
     * {@code orders}: pcp_allowed_order() orders; {@code pcpTypes}: MIGRATE_PCPTYPES;
     * {@code thpLists}: lists of an order above PAGE_ALLOC_COSTLY_ORDER (NR_PCP_THP).
     */
    PerCpuPages(int[] orders, int pcpTypes, int thpLists) {
        this.orders = orders.clone();
        this.pcpTypes = pcpTypes;
        this.thpLists = thpLists;
        int n = 0;
        for (int o : orders) n += o > PageAllocator.PAGE_ALLOC_COSTLY_ORDER ? thpLists : pcpTypes;
        pindexOrder = new int[n];
        int i = 0;
        for (int o : orders) for (int k = 0, m = o > PageAllocator.PAGE_ALLOC_COSTLY_ORDER ? thpLists : pcpTypes; k < m; k++) pindexOrder[i++] = o;
        lists = new long[n][16];
        sizes = new int[n];
    }

    PerCpuPages copy() {
        PerCpuPages p = new PerCpuPages(orders, pcpTypes, thpLists);
        for (int i = 0; i < lists.length; i++) p.lists[i] = lists[i].clone();
        p.sizes = sizes.clone();
        p.count = count;
        return p;
    }

    /**
     * order_to_pindex(migratetype, order), or -1 when pcp_allowed_order() is false.
     * {@code mt} is a per-CPU type (below MIGRATE_PCPTYPES); MIGRATE_MOVABLE is {@code movable}.
     */
    int pindex(int order, int mt, int movable) {
        int base = 0;
        for (int o : orders) {
            if (o == order) {
                if (o > PageAllocator.PAGE_ALLOC_COSTLY_ORDER) return base + (thpLists > 1 && mt == movable ? 1 : 0);
                return base + Math.min(mt, pcpTypes - 1);
            }
            base += o > PageAllocator.PAGE_ALLOC_COSTLY_ORDER ? thpLists : pcpTypes;
        }
        return -1;
    }

    boolean allowed(int order) {
        for (int o : orders) if (o == order) return true;
        return false;
    }

    /** list_add: to the head of list {@code pindex}, remembering {@code mt}; count += 1 << order. */
    void push(int pindex, long pfn, int mt) {
        if (sizes[pindex] == lists[pindex].length) lists[pindex] = Arrays.copyOf(lists[pindex], sizes[pindex] * 2);
        lists[pindex][sizes[pindex]++] = pfn | ((long) mt << MT_SHIFT);
        count += 1 << pindexOrder[pindex];
    }

    /** list_first_entry + list_del: the head of list {@code pindex} (its pfn); count -= 1 << order. */
    long pop(int pindex) {
        count -= 1 << pindexOrder[pindex];
        return lists[pindex][--sizes[pindex]] & PFN_MASK;
    }

    /** list_last_entry of list {@code pindex} (the oldest block), removed: pfn and queued migrate type, see {@link #pfnOf}. */
    long removeOldest(int pindex) {
        long v = lists[pindex][0];
        System.arraycopy(lists[pindex], 1, lists[pindex], 0, --sizes[pindex]);
        count -= 1 << pindexOrder[pindex];
        return v;
    }

    static long pfnOf(long entry) { return entry & PFN_MASK; }

    static int mtOf(long entry) { return (int) (entry >>> MT_SHIFT); }

    int lists() { return lists.length; }
    int orderOf(int pindex) { return pindexOrder[pindex]; }
    int size(int pindex) { return sizes[pindex]; }

    /** pcp->count: pages on all lists. */
    public int count() { return count; }

    /** Blocks of {@code order} on its lists, every migrate type (0 when the order has no list). */
    public int blocks(int order) {
        int n = 0;
        for (int i = 0; i < lists.length; i++) if (pindexOrder[i] == order) n += sizes[i];
        return n;
    }

    /** Blocks on list {@code pindex}. */
    public int blocksOn(int pindex) { return sizes[pindex]; }

    /** Whether {@code pfn} lies in a block on one of the lists. */
    public boolean contains(long pfn) {
        for (int i = 0; i < lists.length; i++) {
            long head = pfn & -(1L << pindexOrder[i]);
            for (int j = 0; j < sizes[i]; j++) if ((lists[i][j] & PFN_MASK) == head) return true;
        }
        return false;
    }

    /** Every page of every block on the lists. */
    public long[] pfns() {
        long[] out = new long[count];
        int n = 0;
        for (int i = 0; i < lists.length; i++)
            for (int j = 0; j < sizes[i]; j++)
                for (long p = 0; p < 1L << pindexOrder[i]; p++) out[n++] = (lists[i][j] & PFN_MASK) + p;
        return out;
    }
}
