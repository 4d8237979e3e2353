package io.kmemlab.debug.ui.views.physmap;

import io.kmemlab.debug.core.views.physmap.Boundaries;
import io.kmemlab.debug.core.views.physmap.MapImage;
import io.kmemlab.debug.core.views.physmap.MapViewport;
import io.kmemlab.debug.core.views.physmap.OwnerPalette;
import io.kmemlab.debug.core.views.physmap.PhysmapModel;
import io.kmemlab.debug.core.views.physmap.Segment;
import io.kmemlab.debug.core.views.physmap.ZoneExtent;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/**
 * Paints a rendered map with its zone and node boundaries, the zones' names and the frames
 * the last step changed, on the view's canvas and on an exported image alike.
 */
final class MapPainter {
	/** At most this many highlight boxes (a step that changed frames all over the machine). */
	private static final int MAX_MARKS = 2000;

	private MapPainter() {
	}

	static Color color(int rgb) {
		return new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
	}

	/** The raster as an SWT image (24-bit direct colour). */
	static Image image(Display display, MapImage img) {
		ImageData data = new ImageData(img.width(), img.height(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
		int[] rgb = img.rgb();
		for (int y = 0; y < img.height(); y++) {
			data.setPixels(0, y, img.width(), rgb, y * img.width());
		}
		return new Image(display, data);
	}

	static void paint(GC gc, Image raster, PhysmapModel model, MapImage img, boolean marks) {
		MapViewport v = img.viewport();
		gc.drawImage(raster, 0, 0);
		gc.setForeground(color(OwnerPalette.ZONE_LINE));
		gc.setLineWidth(1);
		for (long pfn : Boundaries.zonePfns(model.zones(), model.frames())) {
			draw(gc, Boundaries.at(pfn, v));
		}
		gc.setForeground(color(OwnerPalette.NODE_LINE));
		gc.setLineWidth(2);
		for (long pfn : Boundaries.nodePfns(model.zones())) {
			draw(gc, Boundaries.at(pfn, v));
		}
		gc.setLineWidth(1);
		if (marks) {
			changed(gc, model, v);
		}
		labels(gc, model, v);
	}

	private static void draw(GC gc, List<Segment> segments) {
		for (Segment s : segments) {
			gc.drawLine(s.x1(), s.y1(), s.x2(), s.y2());
		}
	}

	private static void changed(GC gc, PhysmapModel model, MapViewport v) {
		gc.setForeground(color(OwnerPalette.CHANGED));
		gc.setLineWidth(2);
		int px = v.cellPx(), cols = v.columns(), drawn = 0;
		// a single pixel would vanish: small changes get a box a few pixels larger than their cells
		int pad = px >= 6 ? 1 : 3;
		for (long[] r : model.changedCells(v)) {
			for (long row = r[0] / cols; row <= r[1] / cols && drawn < MAX_MARKS; row++, drawn++) {
				long first = Math.max(r[0], row * cols), last = Math.min(r[1], row * cols + cols - 1);
				int x1 = (int) (first % cols) * px, x2 = (int) (last % cols) * px + px, y = (int) row * px;
				gc.drawRectangle(x1 - pad, y - pad, x2 - x1 + 2 * pad - 1, px + 2 * pad - 1);
			}
		}
		gc.setLineWidth(1);
	}

	private static void labels(GC gc, PhysmapModel model, MapViewport v) {
		List<Rectangle> taken = new ArrayList<>();
		Color white = new Color(new RGB(255, 255, 255));
		gc.setForeground(color(0x000000));
		for (ZoneExtent z : model.zones()) {
			long cell = Boundaries.labelCell(z, v);
			if (cell < 0) {
				continue;
			}
			String text = z.label();
			Point e = gc.textExtent(text);
			int x = (int) (cell % v.columns()) * v.cellPx() + 3, y = (int) (cell / v.columns()) * v.cellPx() + 3;
			x = Math.max(0, Math.min(x, v.width() - e.x - 4));
			Rectangle box = new Rectangle(x - 2, y - 1, e.x + 4, e.y + 2);
			for (int tries = 0; tries < 4 && taken.stream().anyMatch(box::intersects); tries++) {
				box.y += e.y + 2;
			}
			taken.add(box);
			// translucent, so that the frames under a label (the kernel image below DMA32's) stay visible
			gc.setBackground(white);
			gc.setAlpha(170);
			gc.fillRectangle(box);
			gc.setAlpha(255);
			gc.drawRectangle(box.x, box.y, box.width - 1, box.height - 1);
			gc.drawText(text, box.x + 2, box.y + 1, true);
		}
	}
}
