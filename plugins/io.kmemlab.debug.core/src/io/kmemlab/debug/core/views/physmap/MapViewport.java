package io.kmemlab.debug.core.views.physmap;

/**
 * Which frames the map shows and where: frames laid out in rows, left to right and top to
 * bottom from {@code startPfn}, each cell {@code framesPerCell} frames wide and
 * {@code cellPx} pixels square. Zoomed out, a cell is one pixel holding many frames; zoomed in
 * to single frames, a cell is one frame drawn as a square of several pixels. Never more than
 * one cell per pixel. Immutable: the zoom and scroll methods return a new viewport.
 *
 * @param frames        frames of the machine: pfns [0, frames)
 * @param startPfn      the first pfn of the first row shown (a multiple of framesPerCell)
 * @param framesPerCell frames one cell stands for, at least 1
 * @param cellPx        pixels per side of one cell, at least 1; more than 1 only at one frame per cell
 * @param columns       cells per row
 * @param rows          rows shown
 */
public record MapViewport(long frames, long startPfn, long framesPerCell, int cellPx, int columns, int rows) {
	/** The largest square a single frame is drawn as. */
	public static final int MAX_CELL_PX = 32;

	public MapViewport {
		framesPerCell = Math.max(1, framesPerCell);
		cellPx = Math.max(1, Math.min(MAX_CELL_PX, cellPx));
		if (framesPerCell > 1) {
			cellPx = 1;
		}
		columns = Math.max(1, columns);
		rows = Math.max(1, rows);
		startPfn = Math.max(0, Math.min(startPfn, Math.max(0, frames - 1)));
		startPfn -= startPfn % framesPerCell;
	}

	/** The whole machine in {@code width} x {@code height} pixels, with the largest cells that fit. */
	public static MapViewport fit(long frames, int width, int height) {
		width = Math.max(1, width);
		height = Math.max(1, height);
		for (int px = MAX_CELL_PX; px > 1; px--) {
			if ((long) (width / px) * (height / px) >= frames) {
				return new MapViewport(frames, 0, 1, px, width / px, height / px);
			}
		}
		long cells = (long) width * height;
		long fpc = Math.max(1, (frames + cells - 1) / cells);
		return new MapViewport(frames, 0, fpc, 1, width, height);
	}

	public int width() {
		return columns * cellPx;
	}

	public int height() {
		return rows * cellPx;
	}

	public long cells() {
		return (long) columns * rows;
	}

	/** The first pfn after the last cell shown (may lie beyond the machine). */
	public long endPfn() {
		return startPfn + cells() * framesPerCell;
	}

	/** Frames one row stands for. */
	public long framesPerRow() {
		return columns * framesPerCell;
	}

	/** Whether the whole machine is shown. */
	public boolean showsAll() {
		return startPfn == 0 && endPfn() >= frames;
	}

	/** The cell index of {@code pfn}, or -1 when it is not shown. */
	public long cellOf(long pfn) {
		if (pfn < startPfn || pfn >= endPfn() || pfn >= frames) {
			return -1;
		}
		return (pfn - startPfn) / framesPerCell;
	}

	/** The first pfn of the cell at pixel ({@code x}, {@code y}), or -1 outside the frames shown. */
	public long pfnAt(int x, int y) {
		if (x < 0 || y < 0 || x >= width() || y >= height()) {
			return -1;
		}
		long cell = (long) (y / cellPx) * columns + x / cellPx;
		long pfn = startPfn + cell * framesPerCell;
		return pfn < frames ? pfn : -1;
	}

	/** Frames [first, end) of the cell at a pixel; null outside. */
	public long[] framesAt(int x, int y) {
		long p = pfnAt(x, y);
		return p < 0 ? null : new long[] { p, Math.min(frames, p + framesPerCell) };
	}

	/** This viewport in a canvas of a new size, same zoom and start. */
	public MapViewport resize(int width, int height) {
		return new MapViewport(frames, startPfn, framesPerCell, cellPx, Math.max(1, width / cellPx), Math.max(1, height / cellPx));
	}

	/** Zoomed in one step (half the frames per cell, then twice the pixels per frame), {@code pfn} staying under pixel (x, y). */
	public MapViewport zoomIn(long pfn, int x, int y) {
		if (framesPerCell > 1) {
			return rezoom(framesPerCell / 2, 1, pfn, x, y);
		}
		return rezoom(1, Math.min(MAX_CELL_PX, cellPx * 2), pfn, x, y);
	}

	/** Zoomed out one step, at most to the whole machine; {@code pfn} stays under (x, y) where it can. */
	public MapViewport zoomOut(long pfn, int x, int y) {
		MapViewport all = fit(frames, width(), height());
		long fpc = cellPx > 1 ? 1 : framesPerCell * 2;
		int px = cellPx > 1 ? cellPx / 2 : 1;
		if (fpc > all.framesPerCell || fpc == all.framesPerCell && px <= all.cellPx) {
			return all;
		}
		return rezoom(fpc, px, pfn, x, y);
	}

	/** One frame per cell at the largest cells, {@code pfn} at the top left. */
	public MapViewport frameLevel(long pfn) {
		return new MapViewport(frames, pfn - pfn % columnsAt(16), 1, 16, width() / 16, height() / 16);
	}

	private int columnsAt(int px) {
		return Math.max(1, width() / px);
	}

	private MapViewport rezoom(long fpc, int px, long pfn, int x, int y) {
		int cols = Math.max(1, width() / px), rws = Math.max(1, height() / px);
		long index = (long) (Math.max(0, y) / px) * cols + Math.max(0, x) / px;
		long anchor = pfn < 0 ? startPfn : pfn - pfn % fpc;
		long start = Math.max(0, anchor - index * fpc);
		return new MapViewport(frames, Math.max(0, start), fpc, px, cols, rws);
	}

	/** Scrolled by {@code rowsDelta} rows (negative: up), kept within the machine. */
	public MapViewport scroll(long rowsDelta) {
		long start = startPfn + rowsDelta * framesPerRow();
		long lastRowStart = Math.max(0, frames - framesPerRow());
		start = Math.max(0, Math.min(start, lastRowStart));
		return new MapViewport(frames, start, framesPerCell, cellPx, columns, rows);
	}

	/** Rows the whole machine takes at this zoom (for a scroll bar). */
	public long totalRows() {
		return (frames + framesPerRow() - 1) / framesPerRow();
	}

	/** The row of the first row shown, counted from pfn 0 (for a scroll bar). */
	public long firstRow() {
		return startPfn / framesPerRow();
	}
}
