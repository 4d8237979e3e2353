package io.kmemlab.debug.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.views.zones.LogScale;
import io.kmemlab.debug.core.views.zones.ZoneRow;
import io.kmemlab.debug.core.views.zones.ZonesModel;
import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Zones &amp; Buddy view's model on the examples' 24 GiB PC (examples/machines.kmem,
 * machine pc). Sizes and watermarks are derived here from the RAM map with the kernel's
 * formulas (Linux v6.6), not read back from the emulator.
 */
class ZonesModelTest {
	/** The RAM of machine pc: /proc/iomem's "System RAM" lines, inclusive. */
	static final long[][] RAM = { { 0x1000, 0x9fbff }, { 0x100000, 0xbfffffffL }, { 0x100000000L, 0x63fffffffL } };

	static MachineSpec pc() {
		MachineSpec s = new MachineSpec().name("pc").arch("x86_64").paging("4-level").cpus(2);
		for (long[] r : RAM) {
			s.ram(r[0], r[1]);
		}
		return s.kernelImage(16L << 20, 48L << 20).config(ConfigOption.VMAP_STACK, true);
	}

	static Machine machine;
	static ZonesModel model;

	@BeforeAll
	static void boot() {
		machine = Machine.boot(pc());
		model = ZonesModel.read(machine, null);
	}

	/** RAM frames in [start, end): memblock keeps whole pages, PFN_UP(base) to PFN_DOWN(end + 1). */
	static long presentIn(long start, long end) {
		long n = 0;
		for (long[] r : RAM) {
			long s = Math.max(start, (r[0] + 4095) >> 12), e = Math.min(end, (r[1] + 1) >> 12);
			n += Math.max(0, e - s);
		}
		return n;
	}

	@Test
	void spannedAndPresentFollowTheZoneLimitsAndTheRamMap() {
		// x86_64 zone limits (arch/x86/mm/init.c zone_sizes_init, v6.6): ZONE_DMA below
		// MAX_DMA_PFN (16 MiB), ZONE_DMA32 below MAX_DMA32_PFN (4 GiB), ZONE_NORMAL up to max_pfn.
		// The first zone starts at the lowest RAM pfn (find_min_pfn_with_active_regions());
		// spanned = end - start, present = RAM pages in it (mm/mm_init.c
		// zone_spanned_pages_in_node / zone_absent_pages_in_node, v6.6).
		long firstPfn = (RAM[0][0] + 4095) >> 12, maxPfn = (RAM[2][1] + 1) >> 12;
		long[][] zones = { { firstPfn, 4096 }, { 4096, 1L << 20 }, { 1L << 20, maxPfn } };
		String[] names = { "DMA", "DMA32", "Normal" };
		for (int i = 0; i < 3; i++) {
			ZoneRow r = model.zone(0, names[i]);
			assertEquals(zones[i][0], r.zone().startPfn(), names[i] + " start_pfn");
			assertEquals(zones[i][1] - zones[i][0], r.zone().spanned(), names[i] + " spanned");
			assertEquals(presentIn(zones[i][0], zones[i][1]), r.zone().present(), names[i] + " present");
			assertTrue(r.zone().managed() <= r.zone().present(), names[i] + " managed <= present");
		}
		assertEquals(List.of(0), model.nodes());
		assertEquals("Node 0, zone DMA32", model.zone(0, "DMA32").title());
	}

	@Test
	void watermarksFollowSetupPerZoneWmarks() {
		List<ZoneRow> lowmem = model.rows().stream().filter(r -> r.zone().managed() > 0).toList();
		long lowmemPages = lowmem.stream().mapToLong(r -> r.zone().managed()).sum();
		// mm/page_alloc.c calculate_min_free_kbytes() (v6.6): int_sqrt(lowmem_kbytes * 16), clamped to [128, 262144]
		long minFreeKb = Math.max(128, Math.min(262144, (long) Math.floor(Math.sqrt((double) lowmemPages * 4 * 16))));
		// CONFIG_TRANSPARENT_HUGEPAGE (on in x86_64 configs): mm/khugepaged.c set_recommended_min_free_kbytes()
		// (v6.6) raises it to pageblock_nr_pages * nr_zones * (2 + MIGRATE_PCPTYPES^2), at most 5% of lowmem
		long recommended = Math.min(512L * lowmem.size() * 2 + 512L * lowmem.size() * 3 * 3, lowmemPages / 20) << 2;
		minFreeKb = Math.max(minFreeKb, recommended);
		long pagesMin = minFreeKb >> 2;                            // min_free_kbytes >> (PAGE_SHIFT - 10)
		for (ZoneRow r : lowmem) {
			long managed = r.zone().managed();
			// __setup_per_zone_wmarks() (v6.6): min = pages_min * managed / lowmem_pages;
			// tmp = max(min >> 2, managed * watermark_scale_factor (10) / 10000); low = min + tmp; high = low + tmp
			long min = pagesMin * managed / lowmemPages;
			long tmp = Math.max(min >> 2, managed * 10 / 10000);
			assertEquals(min, r.zone().min(), r.title() + " min");
			assertEquals(min + tmp, r.zone().low(), r.title() + " low");
			assertEquals(min + 2 * tmp, r.zone().high(), r.title() + " high");
		}
	}

	@Test
	void lowmemReserveFollowsTheRatios() {
		// mm/page_alloc.c setup_per_zone_lowmem_reserve() (v6.6), sysctl_lowmem_reserve_ratio
		// {256 DMA, 256 DMA32, 32 Normal}: lowmem_reserve[j] of zone i = managed of zones i+1..j / ratio[i]
		long dma32 = model.zone(0, "DMA32").zone().managed(), normal = model.zone(0, "Normal").zone().managed();
		ZoneRow dma = model.zone(0, "DMA");
		assertEquals(0L, dma.zone().lowmemReserve().get(0));
		assertEquals(dma32 / 256, dma.zone().lowmemReserve().get(1));
		assertEquals((dma32 + normal) / 256, dma.zone().lowmemReserve().get(2));
		assertEquals(normal / 256, model.zone(0, "DMA32").zone().lowmemReserve().get(2));
		assertTrue(model.zone(0, "Normal").zone().lowmemReserve().stream().allMatch(v -> v == 0L));
		assertTrue(dma.protectionText().startsWith("(0, " + dma32 / 256 + ", " + (dma32 + normal) / 256 + ", "), dma.protectionText());
	}

	@Test
	void theBuddyChartAddsUpToNrFreePages() {
		// NR_FREE_PAGES counts the pages on the free lists: __free_one_page() adds 1 << order per block
		for (ZoneRow r : model.populated()) {
			assertEquals(r.zone().free(), r.buddyPages(), r.title());
			assertEquals(11, r.zone().freeBlocks().size(), "free_area[NR_PAGE_ORDERS]: orders 0..10 on x86_64 (include/linux/mmzone.h)");
		}
	}

	@Test
	void aStepMarksTheCountersItChangedWithTheirFormerValues() {
		ZonesModel before = ZonesModel.read(machine, null);
		Checkpoint c = machine.checkpoint();
		long page = machine.allocPages(Gfp.GFP_KERNEL, 4, Trace.NONE);
		try {
			ZonesModel after = ZonesModel.read(machine, machine.changesSince(c));
			ZoneRow normal = after.zone(0, "Normal"), was = before.zone(0, "Normal");
			assertTrue(after.anyChanged());
			assertTrue(normal.changed(ZoneRow.FREE));
			assertEquals(was.zone().free(), normal.before(ZoneRow.FREE));
			assertEquals(was.zone().free() - 16, normal.zone().free(), "an order-4 block leaves the free lists");
			for (int o = 0; o < 11; o++) {
				boolean differs = !was.zone().freeBlocks().get(o).equals(normal.zone().freeBlocks().get(o));
				assertEquals(differs, normal.changed(ZoneRow.freeArea(o)), "free_area[" + o + "]");
			}
			assertFalse(after.zone(0, "DMA").changed(ZoneRow.FREE));
			assertFalse(normal.changed(ZoneRow.MANAGED));
		} finally {
			machine.freePages(page, 4, Trace.NONE);
		}
		assertFalse(ZonesModel.read(machine, null).anyChanged(), "no change set: nothing is marked");
	}

	@Test
	void theLogScaleKeepsSmallValuesVisible() {
		LogScale s = new LogScale(5_000_000);
		assertEquals(0, s.pixels(0, 300));
		assertEquals(300, s.pixels(5_000_000, 300));
		// a watermark of 15 000 pages against 5 million: about two thirds of the way, not 0.3%
		assertTrue(s.position(15_000) > 0.6 && s.position(15_000) < 0.7, String.valueOf(s.position(15_000)));
		assertTrue(s.position(1) > 0);
	}
}
