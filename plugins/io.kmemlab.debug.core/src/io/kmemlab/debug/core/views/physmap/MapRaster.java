package io.kmemlab.debug.core.views.physmap;

import io.kmemlab.emulator.inspect.PhysicalMap;
import io.kmemlab.emulator.store.FrameOwner;
import java.util.Arrays;
import java.util.List;

/**
 * Renders runs of frames into a {@link MapImage}. Each cell shows the owner of most of its
 * frames (ties: the owner listed first in {@link FrameOwner}). Costs one pass over the runs that
 * reach the viewport plus one write per pixel: cells a run covers whole are filled without
 * counting, only the cells where runs meet are counted owner by owner.
 */
public final class MapRaster {
	private MapRaster() {
	}

	public static MapImage render(PhysicalMap map, MapViewport v) {
		return render(map.runs(), v);
	}

	/** {@code runs} sorted by pfn and not overlapping (as {@link PhysicalMap#runs()} are). */
	public static MapImage render(List<PhysicalMap.FrameRun> runs, MapViewport v) {
		int cells = (int) v.cells();
		byte[] owners = new byte[cells];
		Arrays.fill(owners, (byte) -1);
		long fpc = v.framesPerCell();
		long vs = v.startPfn(), ve = Math.min(v.endPfn(), v.frames());
		long[] counts = new long[FrameOwner.values().length];
		int partial = -1;
		for (int i = firstRun(runs, vs); i < runs.size(); i++) {
			PhysicalMap.FrameRun r = runs.get(i);
			if (r.startPfn() >= ve) {
				break;
			}
			long p = Math.max(vs, r.startPfn()), e = Math.min(ve, r.endPfn());
			byte owner = (byte) r.owner().ordinal();
			while (p < e) {
				int cell = (int) ((p - vs) / fpc);
				long cellStart = vs + cell * fpc, cellEnd = cellStart + fpc;
				if (p == cellStart && e >= cellEnd) {
					// whole cells of this run: no counting
					int last = (int) ((e - vs) / fpc);
					if (partial >= 0 && partial != cell) {
						owners[partial] = dominant(counts);
					}
					partial = -1;
					Arrays.fill(owners, cell, last, owner);
					p = vs + last * fpc;
					continue;
				}
				if (cell != partial) {
					if (partial >= 0) {
						owners[partial] = dominant(counts);
					}
					Arrays.fill(counts, 0);
					partial = cell;
				}
				long q = Math.min(e, cellEnd);
				counts[owner] += q - p;
				p = q;
			}
		}
		if (partial >= 0) {
			owners[partial] = dominant(counts);
		}
		return new MapImage(v, owners, pixels(owners, v));
	}

	/** The index of the first run that ends after {@code pfn} (binary search). */
	private static int firstRun(List<PhysicalMap.FrameRun> runs, long pfn) {
		int lo = 0, hi = runs.size();
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (runs.get(mid).endPfn() <= pfn) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}

	private static byte dominant(long[] counts) {
		int best = 0;
		for (int o = 1; o < counts.length; o++) {
			if (counts[o] > counts[best]) {
				best = o;
			}
		}
		return (byte) best;
	}

	private static final int[] OWNER_RGB = new int[FrameOwner.values().length];

	static {
		for (FrameOwner o : FrameOwner.values()) {
			OWNER_RGB[o.ordinal()] = OwnerPalette.rgb(o);
		}
	}

	private static int[] pixels(byte[] owners, MapViewport v) {
		int w = v.width(), px = v.cellPx(), cols = v.columns();
		int[] rgb = new int[w * v.height()];
		if (px == 1) {
			// cells are pixels: fill each run of equal cells at once
			int i = 0;
			while (i < owners.length) {
				byte o = owners[i];
				int j = i + 1;
				while (j < owners.length && owners[j] == o) {
					j++;
				}
				Arrays.fill(rgb, i, j, o < 0 ? OwnerPalette.BACKGROUND : OWNER_RGB[o]);
				i = j;
			}
			return rgb;
		}
		for (int row = 0; row < v.rows(); row++) {
			int y0 = row * px * w;
			for (int c = 0; c < cols; c++) {
				byte o = owners[row * cols + c];
				Arrays.fill(rgb, y0 + c * px, y0 + c * px + px, o < 0 ? OwnerPalette.BACKGROUND : OWNER_RGB[o]);
			}
			for (int k = 1; k < px; k++) {
				System.arraycopy(rgb, y0, rgb, y0 + k * w, w);
			}
		}
		return rgb;
	}
}
