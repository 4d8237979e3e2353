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
     * regions (for_each_mem_pfn_range), {@code freeRanges} its free ranges [start, end) in bytes.
     */
    public static List<Range> compute(List<Node> nodes, List<Memblock.Region> memory, List<long[]> freeRanges, long pagesPerSection) {
        List<Range> out = new ArrayList<>();
        for (Node n : nodes) {
            long nodeEnd = n.startPfn() + n.spanned();
            for (Zone z : n.zones()) {
                if (z.spanned() == 0 || z.endPfn() < nodeEnd) continue;   // defer_init(): end_pfn < pgdat_end_pfn -> false
                long first = firstDeferred(n.nid(), z, memory, pagesPerSection);
                if (first < 0) continue;
                long free = 0;
                for (long[] f : freeRanges) {
                    long s = Math.max(f[0] >>> 12, first), e = Math.min(f[1] >>> 12, z.endPfn());
                    if (e > s) free += e - s;
                }
                out.add(new Range(n.nid(), z.name(), first, z.endPfn(), free));
            }
        }
        return out;
    }

    /** defer_init()'s count over the zone's part of the node's memory ranges; -1 when nothing is deferred. */
    static long firstDeferred(int nid, Zone z, List<Memblock.Region> memory, long pagesPerSection) {
        long counted = 0;                                         // nr_initialised
        for (Memblock.Region r : memory) {
            if (r.nid() != nid) continue;
            long s = Math.max((r.base() + 4095) >>> 12, z.startPfn()), e = Math.min(r.end() >>> 12, z.endPfn());
            if (e <= s) continue;
            // pfn p of this range is deferred when counted + (p - s) + 1 > PAGES_PER_SECTION and p is section aligned
            long least = Math.max(s, s + pagesPerSection - counted);
            long p = (least + pagesPerSection - 1) / pagesPerSection * pagesPerSection;
            if (p < e) return p;
            counted += e - s;
        }
        return -1;
    }
}
