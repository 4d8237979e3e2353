package io.kmemlab.emulator.mm;

import java.util.List;

/** /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo text, formatted as mm/vmstat.c prints them. */
public final class ProcFs {
    private ProcFs() { }

    /**
     * calculate_normal_threshold() (mm/vmstat.c): 2 * fls(online cpus) * (1 + fls(managed in
     * 128 MiB units)), at most 125.
     */
    static int statThreshold(Zone z, int cpus) {
        long mem = z.managed >>> (27 - 12);
        int t = 2 * fls(cpus) * (1 + fls(mem));
        return Math.min(125, t);
    }

    private static int fls(long x) { return 64 - Long.numberOfLeadingZeros(x); }

    /** frag_show_print(): "Node %d, zone %8s " then "%6lu " per order, populated zones only. */
    public static String buddyinfo(List<Node> nodes, int nrOrders) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) for (Zone z : n.zones()) {
            if (!z.populated()) continue;
            sb.append(String.format("Node %d, zone %8s ", n.nid(), z.name()));
            for (int o = 0; o < nrOrders; o++) sb.append(String.format("%6d ", z.free == null ? 0 : z.free.nrFree(o)));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The cap of pagetypeinfo_showfree_print()'s list walk (5.6+): a count that reaches it prints as ">100000". */
    static final long FREECOUNT_CAP = 100000;

    /**
     * pagetypeinfo_show() (mm/vmstat.c) for every node with memory: "Page block order",
     * "Pages per block", then pagetypeinfo_showfree() - the free blocks on each migrate type's
     * list per order, "Node %4d, zone %8s, type %12s " and "%6lu " per order - and
     * pagetypeinfo_showblockcount() - the pageblocks of each type, counted by sampling the zone
     * from zone_start_pfn every pageblock_nr_pages pages (pfn_to_online_page() skips holes, here
     * {@code valid}). Populated zones only (walk_zones_in_node). The mixed-blocks table needs
     * CONFIG_PAGE_OWNER with page_owner=on and is not shown. {@code capped}: the list walk stops
     * at 100000 (5.6+).
     */
    public static String pagetypeinfo(List<Node> nodes, int nrOrders, MigrateTypes mt, java.util.function.LongPredicate valid, boolean capped) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            boolean memory = false;
            for (Zone z : n.zones()) memory |= z.populated();
            if (!memory) continue;
            sb.append(String.format("Page block order: %d%n", mt.pageblockOrder));
            sb.append(String.format("Pages per block:  %d%n%n", mt.pageblockPages()));
            sb.append(String.format("%-43s ", "Free pages count per migrate type at order"));
            for (int o = 0; o < nrOrders; o++) sb.append(String.format("%6d ", o));
            sb.append('\n');
            for (Zone z : n.zones()) {
                if (!z.populated()) continue;
                for (int t = 0; t < mt.count(); t++) {
                    sb.append(String.format("Node %4d, zone %8s, type %12s ", n.nid(), z.name(), mt.name(t)));
                    for (int o = 0; o < nrOrders; o++) {
                        long c = z.free == null ? 0 : z.free.nrFree(o, t);
                        sb.append(capped && c >= FREECOUNT_CAP ? String.format(">%6d ", FREECOUNT_CAP) : String.format("%6d ", c));
                    }
                    sb.append('\n');
                }
            }
            sb.append(String.format("%n%-23s", "Number of blocks type "));
            for (int t = 0; t < mt.count(); t++) sb.append(String.format("%12s ", mt.name(t)));
            sb.append('\n');
            for (Zone z : n.zones()) {
                if (!z.populated()) continue;
                long[] count = blockCounts(z, mt, valid);
                sb.append(String.format("Node %d, zone %8s ", n.nid(), z.name()));
                for (long c : count) sb.append(String.format("%12d ", c));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** pagetypeinfo_showblockcount_print(): the zone's pageblocks per migrate type. */
    public static long[] blockCounts(Zone z, MigrateTypes mt, java.util.function.LongPredicate valid) {
        long[] count = new long[mt.count()];
        if (z.pageblocks != null) z.pageblocks.count(z.startPfn, z.endPfn(), valid, count);
        return count;
    }

    /**
     * zoneinfo_show_print() (6.x): watermarks, spanned/present/managed, protection
     * (lowmem_reserve), nr_free_pages, pagesets, start_pfn. Per-node vm statistics and the
     * other zone counters the emulator does not track are left out.
     */
    public static String zoneinfo(List<Node> nodes, int maxNrZones, int cpus) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) for (Zone z : n.zones()) {
            sb.append(String.format("Node %d, zone %8s", n.nid(), z.name()));
            sb.append(String.format("%n  pages free     %d%n        boost    0%n        min      %d%n        low      %d%n        high     %d%n        promo    %d%n        spanned  %d%n        present  %d%n        managed  %d%n        cma      0",
                    z.free(), z.watermark[Zone.WMARK_MIN], z.watermark[Zone.WMARK_LOW], z.watermark[Zone.WMARK_HIGH],
                    z.watermark[Zone.WMARK_PROMO], z.spanned, z.present, z.managed));
            sb.append("\n        protection: (");
            for (int i = 0; i < maxNrZones; i++) sb.append(i == 0 ? "" : ", ").append(z.lowmemReserve(i));
            sb.append(')');
            if (!z.populated()) { sb.append('\n'); continue; }
            sb.append(String.format("%n      %-12s %d", "nr_free_pages", z.free()));
            sb.append("\n  pagesets");
            for (int c = 0; c < cpus; c++) {
                sb.append(String.format("%n    cpu: %d%n              count: %d%n              high:  %d%n              batch: %d",
                        c, z.pcp == null ? 0 : z.pcp[c].count, z.pcpHigh, z.pcpBatch));
                sb.append(String.format("%n  vm stats threshold: %d", statThreshold(z, cpus)));
            }
            sb.append(String.format("%n  node_unreclaimable:  0%n  start_pfn:           %d%n", z.startPfn));
        }
        return sb.toString();
    }
}
