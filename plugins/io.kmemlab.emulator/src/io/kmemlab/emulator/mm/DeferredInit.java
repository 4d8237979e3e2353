package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.memblock.Memblock;
import java.util.ArrayList;
import java.util.List;

/**
 * CONFIG_DEFERRED_STRUCT_PAGE_INIT (mm/mm_init.c, 6.12). memmap_init() walks each node's
 * memblock memory ranges zone by zone and asks defer_init(nid, pfn, zone_end_pfn) before every
 * pfn: a zone that ends before the node does is always initialised ("Always populate low zones
 * for address-constrained allocations"); in the zone that ends the node, the pfns are counted
 * (nr_initialised, reset when the zone end changes) and the first section-aligned pfn past the
 * first PAGES_PER_SECTION counted becomes the node's first_deferred_pfn. From there on the struct
 * pages are left for deferred_init_memmap(), and memblock_free_pages() skips the frames
 * (early_page_uninitialised()), so until page_alloc_init_late() the zone's managed and free
 * pages lack the free frames of [first_deferred_pfn, zone end). deferred_init_memmap() then
 * initialises and frees them (deferred_free_pages() -> __free_pages_core(), which counts them in
 * managed_pages), one kthread per node.
 */
public final class DeferredInit {
    private DeferredInit() { }

    /**
     * A node's deferred part.
     *
     * @param nid              the node
     * @param zone             the zone that ends the node (the only one deferred)
     * @param firstDeferredPfn pgdat->first_deferred_pfn
     * @param endPfn           the zone's (and node's) end
     * @param freePages        free memblock frames in [firstDeferredPfn, endPfn): what managed and free
     *                         lack until deferred_init_memmap() has run
     */
    public record Range(int nid, String zone, long firstDeferredPfn, long endPfn, long freePages) { }

    /**
     * first_deferred_pfn of every node that has one. {@code memory} are memblock's memory
     * regions in address order (for_each_mem_pfn_range), {@code freeRanges} its free ranges
     * [start, end) in bytes; {@code nodes} are indexed by node id.
     *
     * <p>memmap_init() visits the ranges of all nodes in address order, and defer_init() keeps
     * its count in statics (prev_end_pfn, nr_initialised) that are reset whenever the zone end
     * changes - so where the ranges of two nodes interleave, each switch of node restarts the
     * count, and a node only defers once one of its ranges alone holds more than a section.
     */
    public static List<Range> compute(List<Node> nodes, List<Memblock.Region> memory, List<long[]> freeRanges, long pagesPerSection) {
        long[] first = new long[nodes.size()];
        java.util.Arrays.fill(first, -1);
        long prevEnd = 0, counted = 0;                                // defer_init()'s prev_end_pfn, nr_initialised
        for (Memblock.Region r : memory) {
            if (r.nid() >= nodes.size()) continue;
            Node n = nodes.get(r.nid());
            long nodeEnd = n.startPfn() + n.spanned();
            long rs = (r.base() + 4095) >>> 12, re = r.end() >>> 12;
            for (Zone z : n.zones()) {
                if (!z.populated()) continue;                         // memmap_init(): populated_zone()
                long s = Math.min(Math.max(rs, z.startPfn()), z.endPfn()), e = Math.min(Math.max(re, z.startPfn()), z.endPfn());
                if (s >= e) continue;                                 // memmap_init_zone_range(): clamp to the zone
                if (z.endPfn() < nodeEnd) continue;                   // "Always populate low zones"
                if (first[n.nid()] >= 0) continue;                    // first_deferred_pfn != ULONG_MAX: all deferred
                if (prevEnd != z.endPfn()) { prevEnd = z.endPfn(); counted = 0; }
                // pfn p is deferred when counted + (p - s) + 1 > PAGES_PER_SECTION and p is section aligned
                long least = Math.max(s, s + pagesPerSection - counted);
                long p = (least + pagesPerSection - 1) / pagesPerSection * pagesPerSection;
                if (p < e) first[n.nid()] = p;
                else counted += e - s;
            }
        }
        List<Range> out = new ArrayList<>();
        for (Node n : nodes) {
            if (first[n.nid()] < 0) continue;
            long nodeEnd = n.startPfn() + n.spanned();
            for (Zone z : n.zones()) {
                if (!z.populated() || z.endPfn() < nodeEnd) continue;
                long free = 0;
                for (Memblock.Region r : memory) {
                    if (r.nid() != n.nid()) continue;                 // only the node's own frames wait
                    for (long[] f : freeRanges) {
                        long s = Math.max(Math.max(f[0], r.base()) >>> 12, first[n.nid()]);
                        long e = Math.min(Math.min(f[1], r.end()) >>> 12, z.endPfn());
                        if (e > s) free += e - s;
                    }
                }
                out.add(new Range(n.nid(), z.name(), first[n.nid()], z.endPfn(), free));
            }
        }
        return out;
    }
}
