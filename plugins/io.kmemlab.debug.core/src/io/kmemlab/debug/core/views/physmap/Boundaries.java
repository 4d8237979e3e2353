package io.kmemlab.debug.core.views.physmap;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the zone and node boundaries fall in a viewport. Frames run left to right, row after
 * row, so a boundary at pfn p is a staircase: the left edge of p's cell in its row, the top of
 * that row from there to the right, and the bottom of the row from the left up to there. It
 * then separates the frames below p from the others everywhere. A boundary that falls inside
 * a cell (zoomed out) is drawn at that cell's left edge.
 */
public final class Boundaries {
	private Boundaries() {
	}

	/** The pfns where a zone starts or ends, each once, ascending; 0 and the machine's end left out. */
	public static List<Long> zonePfns(List<ZoneExtent> zones, long frames) {
		return zones.stream().flatMap(z -> java.util.stream.Stream.of(z.startPfn(), z.endPfn())).filter(p -> p > 0 && p < frames)
				.distinct().sorted().toList();
	}

	/** The pfns where the node changes from one zone to the next (by pfn). */
	public static List<Long> nodePfns(List<ZoneExtent> zones) {
		List<ZoneExtent> byPfn = zones.stream().sorted((a, b) -> Long.compare(a.startPfn(), b.startPfn())).toList();
		List<Long> out = new ArrayList<>();
		for (int i = 1; i < byPfn.size(); i++) {
			if (byPfn.get(i).nid() != byPfn.get(i - 1).nid() && byPfn.get(i).startPfn() > 0) {
				out.add(byPfn.get(i).startPfn());
			}
		}
		return out;
	}

	/** The segments of the boundary at {@code pfn}; none when it is not inside the frames shown. */
	public static List<Segment> at(long pfn, MapViewport v) {
		long end = Math.min(v.endPfn(), v.frames());
		if (pfn <= v.startPfn() || pfn >= end) {
			return List.of();
		}
		long cell = (pfn - v.startPfn()) / v.framesPerCell();
		int px = v.cellPx(), w = v.width();
		int row = (int) (cell / v.columns()), x = (int) (cell % v.columns()) * px;
		int top = row * px, bottom = top + px;
		List<Segment> out = new ArrayList<>(3);
		if (x > 0) {
			out.add(new Segment(x, top, x, bottom));
			out.add(new Segment(0, bottom, x, bottom));
		}
		if (row > 0 || x == 0) {
			out.add(new Segment(x, top, w, top));
		}
		return out;
	}

	/** The cell where the zone's first frame is shown (to put its label), or -1. */
	public static long labelCell(ZoneExtent z, MapViewport v) {
		long first = Math.max(z.startPfn(), v.startPfn());
		if (first >= z.endPfn()) {
			return -1;
		}
		return v.cellOf(first);
	}
}
