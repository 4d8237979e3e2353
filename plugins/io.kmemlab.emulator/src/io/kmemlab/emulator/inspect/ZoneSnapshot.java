package io.kmemlab.emulator.inspect;

import java.util.List;

/**
 * struct zone of one node (include/linux/mmzone.h) as /proc/zoneinfo and /proc/buddyinfo show
 * it. An immutable snapshot.
 *
 * @param nid           node
 * @param name          zone name
 * @param index         zone_idx()
 * @param startPfn      zone_start_pfn
 * @param spanned       spanned_pages (holes included)
 * @param present       present_pages
 * @param managed       managed_pages (what the buddy allocator was given)
 * @param free          NR_FREE_PAGES: pages on the buddy free lists (per-CPU lists excluded)
 * @param min           _watermark[WMARK_MIN]
 * @param low           _watermark[WMARK_LOW]
 * @param high          _watermark[WMARK_HIGH]
 * @param promo         _watermark[WMARK_PROMO]
 * @param lowmemReserve lowmem_reserve[] ("protection" in /proc/zoneinfo), MAX_NR_ZONES entries
 * @param freeBlocks    free_area[order].nr_free per order (buddyinfo)
 * @param pcp           the per-CPU lists
 * @param allocatorNone a zone the buddy allocator never hands out (`allocator none`)
 */
public record ZoneSnapshot(int nid, String name, int index, long startPfn, long spanned, long present, long managed, long free,
                           long min, long low, long high, long promo, List<Long> lowmemReserve, List<Long> freeBlocks,
                           List<Pcp> pcp, boolean allocatorNone) {
    public ZoneSnapshot {
        lowmemReserve = List.copyOf(lowmemReserve);
        freeBlocks = List.copyOf(freeBlocks);
        pcp = List.copyOf(pcp);
    }

    /** zone_end_pfn(): first pfn after the zone. */
    public long endPfn() { return startPfn + spanned; }

    /** Pages on all CPUs' per-CPU lists. */
    public long pcpPages() { return pcp.stream().mapToLong(Pcp::count).sum(); }

    /** struct per_cpu_pages of one CPU: count, high, batch (mm/page_alloc.c). */
    public record Pcp(int cpu, int count, int high, int batch) { }
}
