package io.kmemlab.debug.core.views.physmap;

import io.kmemlab.emulator.store.FrameOwner;

/**
 * One rendering of the map: the owner shown in each cell of a viewport (the owner of most of
 * the cell's frames; -1 for cells beyond the machine), and the same as 0xRRGGBB pixels,
 * {@code viewport.width()} x {@code viewport.height()}, row by row.
 */
public record MapImage(MapViewport viewport, byte[] cellOwners, int[] rgb) {
	public int width() {
		return viewport.width();
	}

	public int height() {
		return viewport.height();
	}

	/** The owner drawn in cell {@code cell}, or null beyond the machine. */
	public FrameOwner ownerOfCell(long cell) {
		byte o = cellOwners[(int) cell];
		return o < 0 ? null : FrameOwner.of(o);
	}

	/** The owner drawn at pixel (x, y), or null. */
	public FrameOwner ownerAt(int x, int y) {
		int c = (y / viewport.cellPx()) * viewport.columns() + x / viewport.cellPx();
		return ownerOfCell(c);
	}

	public int pixel(int x, int y) {
		return rgb[y * width() + x];
	}
}
