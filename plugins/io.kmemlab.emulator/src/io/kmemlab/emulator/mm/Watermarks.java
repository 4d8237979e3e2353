package io.kmemlab.emulator.mm;

import java.util.List;

/**
 * The boot-time watermark setup of the zones (mm/page_alloc.c): min_free_kbytes, each zone's
 * min/low/high/promo watermarks, lowmem_reserve, and the per-CPU list batch and high marks.
 */
final class Watermarks {
    private Watermarks() { }

    /**
     * init_per_zone_wmark_min(): min_free_kbytes = int_sqrt(lowmem_kbytes * 16) clamped to
     * [128, 262144]; __setup_per_zone_wmarks(): per zone min = pages_min * managed / lowmem,
     * low = min + max(min/4, managed * watermark_scale_factor(10) / 10000), high = low + same,
     * promo = high + same. setup_per_zone_lowmem_reserve() with sysctl_lowmem_reserve_ratio
     * 256 (DMA, DMA32), 32 (Normal), 0 (HighMem/Movable). zone_batchsize / zone_highsize.
     */
    static long setup(List<Zone> allZones, List<Node> nodes, int cpus, boolean[] highmemZone, boolean thp, int maxNrZones) {
        return setup(allZones, nodes, cpus, highmemZone, thp, maxNrZones, false);
    }

    /**
     * @param v2632 the 2.6.32 rules (mm/page_alloc.c of v2.6.32): present_pages instead of managed
     *              pages, min_free_kbytes capped at 65536, no watermark_scale_factor (low = min +
     *              tmp/4, high = min + tmp/2, no promo), zone_batchsize capped at 512 KiB and
     *              pcp->high = 6 * batch (setup_pageset)
     */
    static long setup(List<Zone> allZones, List<Node> nodes, int cpus, boolean[] highmemZone, boolean thp, int maxNrZones, boolean v2632) {
        if (v2632) return setup2632(allZones, nodes, highmemZone, maxNrZones);
        // calculate_min_free_kbytes(): lowmem_kbytes = nr_free_buffer_pages() * 4; before any
        // watermark is set that is the managed pages of the zones up to ZONE_NORMAL (the kernel
        // runs this once, after deferred init; an earlier boot phase's values are dropped here)
        for (Zone z : allZones) java.util.Arrays.fill(z.watermark, 0);
        long minFreeKb = isqrt(nrFreeBufferPages(allZones, highmemZone) * 4 * 16);
        minFreeKb = Math.max(128, Math.min(262144, minFreeKb));
        setWatermarks(allZones, cpus, highmemZone, minFreeKb);
        if (thp) {
            // mm/khugepaged.c set_recommended_min_free_kbytes() (subsys_initcall, after
            // init_per_zone_wmark_min's postcore_initcall): pageblock_nr_pages (512) * nr_zones *
            // (2 + MIGRATE_PCPTYPES^2), at most nr_free_buffer_pages() / 20 - which now subtracts
            // the high watermarks just set; only raises the value, then setup_per_zone_wmarks()
            int nrZones = 0;
            for (Zone z : allZones) if (z.populated() && !z.allocatorNone() && bufferZone(z, highmemZone)) nrZones++;
            long rec = 512L * nrZones * 2 + 512L * nrZones * 3 * 3;
            rec = Math.min(rec, nrFreeBufferPages(allZones, highmemZone) / 20) << 2;
            if (rec > minFreeKb) {
                minFreeKb = rec;
                setWatermarks(allZones, cpus, highmemZone, minFreeKb);
            }
        }
        // setup_per_zone_lowmem_reserve() (5.9+): managed pages; 0 where zone i manages none
        setLowmemReserve(nodes, maxNrZones, false);
        return minFreeKb;
    }

    /** The zones nr_free_zone_pages(gfp_zone(GFP_USER)) walks: ZONE_NORMAL and below (no HighMem, Movable, Device). */
    private static boolean bufferZone(Zone z, boolean[] highmemZone) {
        return !highmemZone[z.index()] && !z.name().equals("Movable") && !z.name().equals("Device");
    }

    /**
     * nr_free_buffer_pages() (mm/page_alloc.c nr_free_zone_pages): the sum over those zones of
     * managed - high_wmark_pages where managed is larger.
     */
    static long nrFreeBufferPages(List<Zone> allZones, boolean[] highmemZone) {
        long sum = 0;
        for (Zone z : allZones) {
            if (!bufferZone(z, highmemZone)) continue;
            long high = z.watermark[Zone.WMARK_HIGH];
            if (z.managed > high) sum += z.managed - high;
        }
        return sum;
    }

    /**
     * __setup_per_zone_wmarks() for {@code minFreeKb}, then zone_pcp_update(): each zone's
     * min / low / high / promo, zone_batchsize() and zone_highsize().
     */
    private static void setWatermarks(List<Zone> allZones, int cpus, boolean[] highmemZone, long minFreeKb) {
        long lowmemPages = 0;
        for (Zone z : allZones) if (!highmemZone[z.index()]) lowmemPages += z.managed;
        long pagesMin = minFreeKb >> 2;                    // min_free_kbytes >> (PAGE_SHIFT - 10)
        for (Zone z : allZones) {
            long min;
            // tmp = pages_min * managed / lowmem_pages for every zone; highmem caps only WMARK_MIN to
            // clamp(managed / 1024, SWAP_CLUSTER_MAX, 128): "The WMARK_HIGH-WMARK_LOW and
            // (WMARK_LOW-WMARK_MIN) deltas control async page reclaim, and so should not be capped"
            long share = lowmemPages == 0 ? 0 : pagesMin * z.managed / lowmemPages;
            if (highmemZone[z.index()]) {
                min = Math.max(32, Math.min(128, z.managed / 1024));
            } else {
                min = share;
            }
            long tmp = Math.max(share >> 2, z.managed * 10 / 10000);
            z.watermark[Zone.WMARK_MIN] = min;
            z.watermark[Zone.WMARK_LOW] = min + tmp;
            z.watermark[Zone.WMARK_HIGH] = min + 2 * tmp;
            z.watermark[Zone.WMARK_PROMO] = min + 3 * tmp;
            // zone_batchsize()
            long batch = Math.min(z.managed >> 10, (1L << 20) / 4096) / 4;
            if (batch < 1) batch = 1;
            batch = Long.highestOneBit(batch + batch / 2) - 1;
            z.pcpBatch = (int) Math.max(batch, 1);
            z.pcpHigh = (int) Math.max(z.watermark[Zone.WMARK_LOW] / cpus, (long) z.pcpBatch << 2);
        }
    }

    private static long setup2632(List<Zone> allZones, List<Node> nodes, boolean[] highmemZone, int maxNrZones) {
        long lowmemPages = 0;
        for (Zone z : allZones) if (!highmemZone[z.index()]) lowmemPages += z.present;
        // init_per_zone_wmark_min(): lowmem_kbytes = nr_free_buffer_pages() (present pages of the zones
        // up to ZONE_NORMAL) * 4; min_free_kbytes = int_sqrt(lowmem_kbytes * 16) in [128, 65536]
        long minFreeKb = Math.max(128, Math.min(65536, isqrt(lowmemPages * 4 * 16)));
        long pagesMin = minFreeKb >> 2;
        for (Zone z : allZones) {
            long tmp = lowmemPages == 0 ? 0 : pagesMin * z.present / lowmemPages;
            long min = highmemZone[z.index()] ? Math.max(32, Math.min(128, z.present / 1024)) : tmp;
            z.watermark[Zone.WMARK_MIN] = min;
            z.watermark[Zone.WMARK_LOW] = min + (tmp >> 2);
            z.watermark[Zone.WMARK_HIGH] = min + (tmp >> 1);
            z.watermark[Zone.WMARK_PROMO] = z.watermark[Zone.WMARK_HIGH];   // no WMARK_PROMO in 2.6.32
            // zone_batchsize(): present / 1024, at most 512 KiB of pages, / 4, rounddown_pow_of_two(b + b/2) - 1
            long batch = Math.min(z.present / 1024, (512L * 1024) / 4096) / 4;
            if (batch < 1) batch = 1;
            batch = Long.highestOneBit(batch + batch / 2) - 1;
            z.pcpBatch = (int) Math.max(batch, 1);
            z.pcpHigh = 6 * (int) batch;                                   // setup_pageset(): high = 6 * batch
        }
        // setup_per_zone_lowmem_reserve() of 2.6.32: present pages, whatever zone i holds
        setLowmemReserve(nodes, maxNrZones, true);
        return minFreeKb;
    }

    /**
     * setup_per_zone_lowmem_reserve(): for each lower zone i and upper zone j,
     * lowmem_reserve[j] = (pages of zones i+1..j) / sysctl_lowmem_reserve_ratio[i], 0 where the
     * ratio is 0. The pages are managed ones from 5.9 on, where a zone i that manages nothing
     * also gets 0; 2.6.32 counts present pages and has no such test. Zones beyond the declared
     * ones (Movable, Device) are empty and repeat the running sum, as /proc/zoneinfo shows.
     */
    private static void setLowmemReserve(List<Node> nodes, int maxNrZones, boolean v2632) {
        for (Node n : nodes) {
            int nz = n.zones.size();
            int total = Math.max(nz, maxNrZones);
            for (Zone z : n.zones) z.lowmemReserve = new long[total];
            for (int i = 0; i < nz; i++) {
                Zone lower = n.zones.get(i);
                int ratio = reserveRatio(lower.name());
                boolean clear = ratio == 0 || (!v2632 && lower.managed == 0);
                long pagesAbove = 0;
                for (int j = i + 1; j < total; j++) {
                    Zone upper = j < nz ? n.zones.get(j) : null;
                    pagesAbove += upper == null ? 0 : v2632 ? upper.present : upper.managed;
                    lower.lowmemReserve[j] = clear ? 0 : pagesAbove / ratio;
                }
            }
        }
    }

    private static int reserveRatio(String zone) {
        return switch (zone) {
            case "DMA", "DMA32" -> 256;
            case "Normal" -> 32;
            default -> 0;
        };
    }

    static long isqrt(long v) {
        long r = (long) Math.sqrt((double) v);
        while (r * r > v) r--;
        while ((r + 1) * (r + 1) <= v) r++;
        return r;
    }
}
