package io.kmemlab.emulator.inspect;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Machine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zone snapshots checked against mm/mm_init.c and mm/page_alloc.c formulas for the pc24g RAM map. */
class ZoneSnapshotTest {
    /** RAM of pc24g as pfn ranges [PFN_UP(start), PFN_DOWN(end + 1)). */
    static final long[][] RAM = {{0x1, 0x9f}, {0x100, 0xc0000}, {0x100000, 0x640000}};

    /** zone_spanned_pages_in_node / zone_absent_pages_in_node: present = RAM pfns inside [lo, hi). */
    static long present(long lo, long hi) {
        long n = 0;
        for (long[] r : RAM) n += Math.max(0, Math.min(hi, r[1]) - Math.max(lo, r[0]));
        return n;
    }

    static ZoneSnapshot zone(List<ZoneSnapshot> zs, String name) {
        return zs.stream().filter(z -> z.name().equals(name)).findFirst().orElseThrow();
    }

    @Test void spansFollowZoneSizesInit() {
        List<ZoneSnapshot> zs = Machine.boot(Specs.pc24g()).inspect().zones();
        assertEquals(List.of("DMA", "DMA32", "Normal"), zs.stream().map(ZoneSnapshot::name).toList());
        // x86 zone limits: MAX_DMA_PFN = 16 MiB >> 12, MAX_DMA32_PFN = 4 GiB >> 12, Normal to max_pfn;
        // the first zone starts at the node's first pfn (1: page 0 is not RAM in e820)
        long[][] limits = {{1, 0x1000}, {0x1000, 0x100000}, {0x100000, 0x640000}};
        for (int i = 0; i < 3; i++) {
            ZoneSnapshot z = zs.get(i);
            assertEquals(i, z.index());
            assertEquals(limits[i][0], z.startPfn(), z.name());
            assertEquals(limits[i][1] - limits[i][0], z.spanned(), z.name());
            assertEquals(present(limits[i][0], limits[i][1]), z.present(), z.name());
        }
        // DMA: pfns 1..0x9e are present but in the always-reserved first MiB (x86, 5.13+)
        assertEquals(present(1, 0x1000) - present(1, 0x100), zone(zs, "DMA").managed());
    }

    /** NR_FREE_PAGES is the sum of free_area[order].nr_free << order (mm/page_alloc.c account_freepages). */
    @Test void freePagesAreTheSumOfTheFreeLists() {
        Machine m = Machine.boot(Specs.pc24g());
        m.process("app");
        for (ZoneSnapshot z : m.inspect().zones()) {
            long sum = 0;
            for (int o = 0; o < z.freeBlocks().size(); o++) sum += z.freeBlocks().get(o) << o;
            assertEquals(z.free(), sum, z.name());
            assertEquals(11, z.freeBlocks().size());                       // NR_PAGE_ORDERS = MAX_PAGE_ORDER 10 + 1
            assertEquals(2, z.pcp().size());
        }
    }

    /**
     * __setup_per_zone_wmarks(): low = min + tmp, high = min + 2 * tmp with tmp = max(min / 4,
     * managed * watermark_scale_factor (10) / 10000); setup_per_zone_lowmem_reserve(): a zone's
     * protection[j] = managed pages of the zones above it up to j / lowmem_reserve_ratio (256 for
     * DMA and DMA32); zone_batchsize(): min(managed >> 10, 256) / 4, then
     * rounddown_pow_of_two(b + b / 2) - 1.
     */
    @Test void watermarksReserveAndBatchFollowTheFormulas() {
        List<ZoneSnapshot> zs = Machine.boot(Specs.pc24g()).inspect().zones();
        for (ZoneSnapshot z : zs) {
            long tmp = Math.max(z.min() / 4, z.managed() * 10 / 10000);
            assertEquals(z.min() + tmp, z.low(), z.name());
            assertEquals(z.min() + 2 * tmp, z.high(), z.name());
        }
        ZoneSnapshot dma = zone(zs, "DMA"), dma32 = zone(zs, "DMA32"), normal = zone(zs, "Normal");
        assertEquals(dma32.managed() / 256, dma.lowmemReserve().get(1));
        assertEquals((dma32.managed() + normal.managed()) / 256, dma.lowmemReserve().get(2));
        assertEquals(normal.managed() / 256, dma32.lowmemReserve().get(2));
        long b = Math.min(dma32.managed() >> 10, 256) / 4;
        assertEquals(Long.highestOneBit(b + b / 2) - 1, dma32.pcp().get(0).batch());
    }
}
