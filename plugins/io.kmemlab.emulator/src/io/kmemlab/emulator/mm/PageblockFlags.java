package io.kmemlab.emulator.mm;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The migratetype bits of a zone's pageblocks (zone->pageblock_flags or the mem_section usemap,
 * PB_migrate..PB_migrate_end of include/linux/pageblock-flags.h; get_pfnblock_migratetype /
 * set_pageblock_migratetype in mm/page_alloc.c), kept as extents: a sorted list of pageblock
 * numbers (pfn >> pageblock_order) where the type changes. The usemap starts zeroed
 * (MIGRATE_UNMOVABLE is 0 in every version) and memmap_init() marks the blocks of the memory
 * MOVABLE, so a machine of any size boots with a handful of extents, not one entry per block.
 * A copy shares the arrays until one side writes (checkpoints cost O(1)).
 */
public final class PageblockFlags {
    private final int order;
    // extent i: blocks [start[i], start[i + 1]) of type[i]; the last one runs to the end
    private long[] start = {0};
    private byte[] type = {0};
    private int n = 1;
    private boolean shared;

    public PageblockFlags(int pageblockOrder) { this.order = pageblockOrder; }

    private PageblockFlags(PageblockFlags o) {
        order = o.order; start = o.start; type = o.type; n = o.n;
        shared = o.shared = true;
    }

    public PageblockFlags copy() { return new PageblockFlags(this); }

    public int pageblockOrder() { return order; }

    private int extentOf(long block) {
        int i = Arrays.binarySearch(start, 0, n, block);
        return i >= 0 ? i : -i - 2;
    }

    /** get_pfnblock_migratetype(). */
    public int get(long pfn) { return type[extentOf(pfn >>> order)]; }

    /** The first pfn after {@code pfn} whose pageblock has another type than pfn's, or Long.MAX_VALUE. */
    public long typeChangeAfter(long pfn) {
        int i = extentOf(pfn >>> order);
        return i + 1 < n ? start[i + 1] << order : Long.MAX_VALUE;
    }

    /** set_pageblock_migratetype() of the block holding {@code pfn}. */
    public void set(long pfn, int mt) { setBlocks(pfn >>> order, (pfn >>> order) + 1, mt); }

    /** set_pageblock_migratetype() of every block from {@code fromPfn} to {@code toPfn} (exclusive, rounded out to blocks). */
    public void setRange(long fromPfn, long toPfn, int mt) {
        if (toPfn <= fromPfn) return;
        setBlocks(fromPfn >>> order, ((toPfn - 1) >>> order) + 1, mt);
    }

    /** Blocks [from, to) become {@code mt}: the extents inside go, the ones across the ends are cut. */
    void setBlocks(long from, long to, int mt) {
        if (to <= from) return;
        int a = extentOf(from), b = extentOf(to);        // extent holding from, extent holding to
        if (a == b && type[a] == mt) return;
        if (shared) { start = start.clone(); type = type.clone(); shared = false; }
        long[] ns = new long[n + 2];
        byte[] nt = new byte[n + 2];
        int k = 0;
        for (int i = 0; i <= a; i++) {
            if (i < a || (i == a && start[a] < from)) { ns[k] = start[i]; nt[k++] = type[i]; }
        }
        ns[k] = from; nt[k++] = (byte) mt;
        ns[k] = to; nt[k++] = type[b];                    // the rest of the extent holding `to`
        for (int i = b + 1; i < n; i++) { ns[k] = start[i]; nt[k++] = type[i]; }
        int m = 0;                                        // equal neighbours become one extent
        for (int i = 0; i < k; i++) {
            if (m > 0 && nt[m - 1] == nt[i]) continue;
            ns[m] = ns[i]; nt[m++] = nt[i];
        }
        start = ns; type = nt; n = m;
    }

    /**
     * pagetypeinfo_showblockcount_print() (mm/vmstat.c): the type of the block of every pfn
     * start, start + pageblock_nr_pages, ... below end that {@code valid} accepts
     * (pfn_to_online_page), counted per type into {@code count}.
     */
    public void count(long startPfn, long endPfn, LongPredicate valid, long[] count) {
        long nr = 1L << order;
        for (long pfn = startPfn; pfn < endPfn; ) {
            int i = extentOf(pfn >>> order);
            long extentEnd = i + 1 < n ? Math.min(endPfn, start[i + 1] << order) : endPfn;
            for (; pfn < extentEnd; pfn += nr) if (valid.test(pfn) && type[i] < count.length) count[type[i]]++;
        }
    }

    /** Number of extents (for the boot-cost tests). */
    public int extents() { return n; }

    public long hostBytes() { return start.length * 9L; }
}
