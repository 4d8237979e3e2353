package io.kmemlab.debug.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.views.physmap.Boundaries;
import io.kmemlab.debug.core.views.physmap.MapImage;
import io.kmemlab.debug.core.views.physmap.MapRaster;
import io.kmemlab.debug.core.views.physmap.MapViewport;
import io.kmemlab.debug.core.views.physmap.OwnerPalette;
import io.kmemlab.debug.core.views.physmap.PhysmapModel;
import io.kmemlab.debug.core.views.physmap.Segment;
import io.kmemlab.debug.core.views.physmap.SvgExport;
import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.inspect.PhysicalMap.FrameRun;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The Physical Map's viewport, renderer, boundaries and SVG, on hand-made runs and on a booted machine. */
class PhysmapModelTest {
	static FrameRun run(long start, long count, FrameOwner o) {
		return new FrameRun(start, count, o, 0, "Normal");
	}

	@Test
	void eachCellShowsTheOwnerOfMostOfItsFramesAndNothingBeyondTheMachine() {
		// 10 frames, 4 per cell, 3 cells in a row: [free free free slab] [slab slab user user] [kernel kernel -- --]
		List<FrameRun> runs = List.of(run(0, 3, FrameOwner.FREE), run(3, 3, FrameOwner.SLAB), run(6, 2, FrameOwner.USER),
				run(8, 2, FrameOwner.KERNEL));
		MapViewport v = new MapViewport(10, 0, 4, 1, 3, 2);
		MapImage img = MapRaster.render(runs, v);
		assertEquals(FrameOwner.FREE, img.ownerOfCell(0));
		// a tie (2 slab, 2 user): the owner listed first in FrameOwner wins
		assertEquals(FrameOwner.SLAB, img.ownerOfCell(1));
		assertEquals(FrameOwner.KERNEL, img.ownerOfCell(2));
		assertNull(img.ownerOfCell(3), "beyond the last frame");
		assertEquals(OwnerPalette.rgb(FrameOwner.KERNEL), img.pixel(2, 0));
		assertEquals(OwnerPalette.BACKGROUND, img.pixel(0, 1));
	}

	@Test
	void zoomedInAFrameIsASquareOfPixels() {
		List<FrameRun> runs = List.of(run(0, 5, FrameOwner.FREE), run(5, 1, FrameOwner.PAGE_TABLE), run(6, 10, FrameOwner.FREE));
		MapViewport v = new MapViewport(16, 0, 1, 4, 4, 4);
		MapImage img = MapRaster.render(runs, v);
		assertEquals(16, img.width());
		// pfn 5 is row 1, column 1: pixels [4, 8) x [4, 8)
		for (int y = 0; y < 16; y++) {
			for (int x = 0; x < 16; x++) {
				boolean inside = x >= 4 && x < 8 && y >= 4 && y < 8;
				assertEquals(inside ? FrameOwner.PAGE_TABLE : FrameOwner.FREE, img.ownerAt(x, y), x + "," + y);
			}
		}
		assertEquals(5, v.pfnAt(6, 5));
	}

	@Test
	void zoomGoesFromTheWholeMachineToSingleFramesAndBack() {
		long frames = 1L << 28;                                    // 1 TiB
		MapViewport all = MapViewport.fit(frames, 1000, 600);
		assertTrue(all.showsAll());
		assertEquals((frames + 600_000 - 1) / 600_000, all.framesPerCell());
		long pfn = 0x8123456;                                // mid-machine: no zoom step is clamped at pfn 0
		MapViewport v = all;
		int steps = 0;
		while (v.cellPx() < 8) {
			v = v.zoomIn(pfn, 500, 300);
			assertTrue(v.pfnAt(500, 300) <= pfn && pfn < v.pfnAt(500, 300) + v.framesPerCell(), "the pfn stays under the pointer: " + v);
			steps++;
		}
		assertEquals(1, v.framesPerCell());
		assertTrue(steps < 20, "zooming in takes " + steps + " steps");
		while (!v.showsAll()) {
			v = v.zoomOut(pfn, 500, 300);
		}
		assertEquals(all, v);
		// a small machine fits at one frame per cell, with cells as large as fit
		MapViewport small = MapViewport.fit(1000, 400, 400);
		assertEquals(1, small.framesPerCell());
		assertEquals(12, small.cellPx());                          // 33 x 33 cells of 12 px hold 1000 frames, 13 px would not
	}

	@Test
	void aBoundaryIsAStaircaseBetweenTheFramesBelowAndAbove() {
		MapViewport v = new MapViewport(100, 0, 1, 2, 10, 10);
		// pfn 23: row 2, column 3 (x = 6 px, rows 2 px high)
		List<Segment> s = Boundaries.at(23, v);
		assertEquals(List.of(new Segment(6, 4, 6, 6), new Segment(0, 6, 6, 6), new Segment(6, 4, 20, 4)), s);
		// at a row's start it is one horizontal line
		assertEquals(List.of(new Segment(0, 6, 20, 6)), Boundaries.at(30, v));
		assertTrue(Boundaries.at(0, v).isEmpty());
	}

	static Machine gib() {
		return Machine.boot(new MachineSpec().name("pc").arch("x86_64").paging("4-level").ram(0x1000, 0x9fbff).ram(0x100000, 0x3fffffff));
	}

	@Test
	void atOneFramePerCellTheCellsCountWhatFramesOwnedByCounts() {
		Machine m = gib();
		m.kmalloc(128, Gfp.GFP_KERNEL, Trace.NONE);
		m.vmalloc(64 * 4096, Trace.NONE);
		PhysmapModel model = PhysmapModel.read(m, null);
		assertEquals(m.inspect().frames(), model.frames());
		MapViewport v = new MapViewport(model.frames(), 0, 1, 1, 512, (int) ((model.frames() + 511) / 512));
		MapImage img = model.render(v);
		Map<FrameOwner, Long> cells = new EnumMap<>(FrameOwner.class);
		for (byte o : img.cellOwners()) {
			if (o >= 0) {
				cells.merge(FrameOwner.of(o), 1L, Long::sum);
			}
		}
		for (FrameOwner o : FrameOwner.values()) {
			long expected = m.framesOwnedBy(o.label, null);
			assertEquals(expected, cells.getOrDefault(o, 0L).longValue(), o.label + " cells");
			assertEquals(expected, model.counts().get(o).longValue(), o.label + " legend count");
		}
		assertTrue(model.counts().get(FrameOwner.MEMMAP) > 0 && model.counts().get(FrameOwner.KERNEL) > 0);
		// hover: the run under a pixel names the owner and the zone
		long pfn = v.pfnAt(100, 300);
		assertEquals(m.frameOwner(pfn), model.runAt(pfn).owner().label);
	}

	@Test
	void theFramesAStepChangedAreMarked() {
		Machine m = gib();
		Checkpoint c = m.checkpoint();
		long page = m.allocPages(Gfp.GFP_KERNEL, 2, Trace.NONE);
		long pfn = m.pageToPfn(page, Trace.NONE);
		PhysmapModel model = PhysmapModel.read(m, m.changesSince(c));
		assertTrue(model.changed().stream().anyMatch(ch -> ch.owner() && ch.startPfn() <= pfn && pfn + 4 <= ch.endPfn()), model.changed().toString());
		MapViewport v = new MapViewport(model.frames(), 0, 1, 1, 512, 512);
		List<long[]> cells = model.changedCells(v);
		assertTrue(cells.stream().anyMatch(r -> r[0] <= pfn && pfn + 3 <= r[1]));
		assertTrue(PhysmapModel.read(m, null).changed().isEmpty());
	}

	@Test
	void theSvgIsWellFormedAndHasOneRectanglePerStretchNotPerFrame() throws Exception {
		Machine m = gib();
		PhysmapModel model = PhysmapModel.read(m, null);
		MapViewport v = MapViewport.fit(model.frames(), 400, 300);
		String svg = SvgExport.write(model, model.render(v), "pc & co");
		Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
		assertEquals("svg", d.getDocumentElement().getTagName());
		int rects = d.getElementsByTagName("rect").getLength();
		assertTrue(rects < v.rows() * 20, rects + " rectangles for " + v.rows() + " rows");
		assertTrue(svg.contains("memmap: " + model.counts().get(FrameOwner.MEMMAP) + " frames"));
		assertTrue(svg.contains("node 0 DMA32"));
	}
}
