package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.mm.Zone;
import org.junit.jupiter.api.Test;

/** __setup_per_zone_wmarks() and zone_batchsize() per version (mm/page_alloc.c). */
class WatermarkRulesTest {
    static long isqrt(long v) { long r = (long) Math.sqrt((double) v); while (r * r > v) r--; while ((r + 1) * (r + 1) <= v) r++; return r; }

    /**
     * v6.12: tmp = pages_min * managed / lowmem_pages for every zone; a HighMem zone caps only WMARK_MIN
     * (clamp(managed / 1024, SWAP_CLUSTER_MAX 32, 128)), its low/high distances use the uncapped tmp:
     * max(tmp >> 2, managed * watermark_scale_factor 10 / 10000). i386 has no THP raise of min_free_kbytes.
     */
    @Test void highmemDistancesUseTheUncappedShare612() {
        Machine m = Machine.boot(Machines32.pc32());
        Zone high = m.zone("HighMem");
        long lowmem = m.zone("DMA").managed() + m.zone("Normal").managed();
        long minFreeKb = Math.max(128, Math.min(262144, isqrt(lowmem * 4 * 16)));   // init_per_zone_wmark_min
        assertEquals(minFreeKb, m.kernelState().alloc.minFreeKbytes());
        long share = (minFreeKb >> 2) * high.managed() / lowmem;
        long min = Math.max(32, Math.min(128, high.managed() / 1024));
        long tmp = Math.max(share >> 2, high.managed() * 10 / 10000);
        assertTrue(share >> 2 > min >> 2, "the capped min would give another distance");
        assertEquals(min, high.watermark(Zone.WMARK_MIN));
        assertEquals(min + tmp, high.watermark(Zone.WMARK_LOW));
        assertEquals(min + 2 * tmp, high.watermark(Zone.WMARK_HIGH));
    }

    /**
     * v2.6.32: present_pages (no managed_pages), min_free_kbytes = int_sqrt(lowmem_kbytes * 16) in
     * [128, 65536] with lowmem_kbytes from nr_free_buffer_pages(); no THP; min = pages_min * present /
     * lowmem_pages, low = min + tmp/4, high = min + tmp/2; zone_batchsize: present / 1024 capped at
     * 512 KiB of pages, /4, rounddown_pow_of_two(b + b/2) - 1; setup_pageset: high = 6 * batch.
     */
    @Test void kernel2632Watermarks() {
        Machine m = Machine.boot(Machines.pc24g().kernel("2.6"));
        long lowmem = 0;
        for (Zone z : m.zones()) lowmem += z.present();
        long minFreeKb = Math.max(128, Math.min(65536, isqrt(lowmem * 4 * 16)));
        assertEquals(minFreeKb, m.kernelState().alloc.minFreeKbytes());
        for (Zone z : m.zones()) {
            long tmp = (minFreeKb >> 2) * z.present() / lowmem;
            assertEquals(tmp, z.watermark(Zone.WMARK_MIN), z.name());
            assertEquals(tmp + (tmp >> 2), z.watermark(Zone.WMARK_LOW), z.name());
            assertEquals(tmp + (tmp >> 1), z.watermark(Zone.WMARK_HIGH), z.name());
            long b = Math.max(1, Math.min(z.present() / 1024, 512 * 1024 / 4096) / 4);
            b = Long.highestOneBit(b + b / 2) - 1;
            assertEquals(Math.max(b, 1), z.pcpBatch(), z.name());
            assertEquals(6 * b, z.pcpHigh(), z.name());
        }
    }
}
