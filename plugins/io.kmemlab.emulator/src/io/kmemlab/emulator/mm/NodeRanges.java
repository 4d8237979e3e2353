package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.memblock.Memblock;
import java.util.List;

/**
 * Which node a pfn's struct page belongs to, as memmap_init() decides it (mm/mm_init.c, 6.12):
 * it walks memblock's memory ranges in address order (for_each_mem_pfn_range) and initialises
 * each range with the range's own node id, whatever the node spans say - the span of one node
 * may hold ranges of another (node 0 with [0, 4G) and [8G, 12G) spans the whole of [0, 12G)
 * while [4G, 8G) is node 1's). A hole before a range gets the node of that range
 * (init_unavailable_range(*hole_pfn, start_pfn, zone_id, nid) in memmap_init_zone_range()), the
 * hole after the last range the last range's node. For a RAM pfn this is early_pfn_to_nid().
 */
public final class NodeRanges {
    private final long[] start, end;     // PFN_UP(base) .. PFN_DOWN(end) of each memory region, ascending
    private final int[] nid;

    public NodeRanges(List<Memblock.Region> memory) {
        int n = memory.size();
        start = new long[n];
        end = new long[n];
        nid = new int[n];
        for (int i = 0; i < n; i++) {
            Memblock.Region r = memory.get(i);
            start[i] = (r.base() + 4095) >>> 12;
            end[i] = r.end() >>> 12;
            nid[i] = r.nid();
        }
    }

    /** The node memmap_init() writes into page->flags of {@code pfn}. */
    public int nid(long pfn) {
        int i = firstEndingAfter(pfn);
        if (i < start.length) return nid[i];
        return start.length == 0 ? 0 : nid[start.length - 1];
    }

    /** Whether {@code pfn} is RAM (inside a memory range) of node {@code node}. */
    public boolean isRamOf(long pfn, int node) {
        int i = firstEndingAfter(pfn);
        return i < start.length && pfn >= start[i] && nid[i] == node;
    }

    /** The first range start or end above {@code pfn} (Long.MAX_VALUE past the last range). */
    public long nextBoundary(long pfn) {
        int i = firstEndingAfter(pfn);
        if (i >= start.length) return Long.MAX_VALUE;
        return pfn < start[i] ? start[i] : end[i];
    }

    /** The index of the first range whose end is above {@code pfn} (the ranges do not overlap). */
    private int firstEndingAfter(long pfn) {
        int lo = 0, hi = start.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (end[mid] <= pfn) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
