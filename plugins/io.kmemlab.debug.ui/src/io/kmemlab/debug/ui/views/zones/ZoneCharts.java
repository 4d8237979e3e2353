package io.kmemlab.debug.ui.views.zones;

import io.kmemlab.debug.core.views.zones.LogScale;
import io.kmemlab.debug.core.views.zones.ZoneRow;
import io.kmemlab.debug.core.views.zones.ZonesModel;
import io.kmemlab.debug.ui.views.MemoryView;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * One panel per zone with pages: free pages against the min, low and high watermarks on a
 * gauge, and the free blocks of each order as bars (buddyinfo). Both axes are logarithmic
 * (see {@link LogScale}): watermarks are a fraction of a percent of a zone, and an order-10
 * block sits next to thousands of order-0 ones. What the last step changed is drawn in the
 * highlight colour, with a tick where the bar was before.
 */
public final class ZoneCharts {
	static final int MIN_PANEL_WIDTH = 230;
	private static final Color FREE_OK = new Color(88, 180, 110);
	private static final Color FREE_LOW = new Color(230, 160, 40);
	private static final Color FREE_MIN = new Color(210, 60, 50);
	private static final Color TRACK = new Color(228, 228, 228);
	private static final Color BAR = new Color(70, 120, 190);
	private static final Color MIN = new Color(200, 30, 30);
	private static final Color LOW = new Color(220, 130, 0);
	private static final Color HIGH = new Color(30, 90, 200);
	private static final Color WAS = new Color(120, 60, 0);

	private final Canvas canvas;
	private ZonesModel model;
	private Font bold;

	ZoneCharts(Composite parent) {
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
		canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
		canvas.addPaintListener(e -> paint(e.gc));
		canvas.addListener(SWT.Resize, e -> canvas.redraw());
		canvas.addListener(SWT.Dispose, e -> {
			if (bold != null) {
				bold.dispose();
			}
		});
	}

	void show(ZonesModel m) {
		model = m;
		if (!canvas.isDisposed()) {
			canvas.redraw();
		}
	}

	public Canvas canvas() {
		return canvas;
	}

	/** The zones drawn, in order (tests). */
	public List<ZoneRow> panels() {
		return model == null ? List.of() : model.populated();
	}

	private void paint(GC gc) {
		if (model == null) {
			return;
		}
		if (bold == null) {
			FontData fd = gc.getFont().getFontData()[0];
			bold = new Font(canvas.getDisplay(), fd.getName(), fd.getHeight(), SWT.BOLD);
		}
		List<ZoneRow> zones = panels();
		if (zones.isEmpty()) {
			gc.drawText("No zone has pages yet (the boot has not set up the zones).", 8, 8, true);
			return;
		}
		Rectangle area = canvas.getClientArea();
		int w = Math.max(MIN_PANEL_WIDTH, area.width / zones.size());
		for (int i = 0; i < zones.size(); i++) {
			panel(gc, zones.get(i), i * w, w, area.height);
		}
	}

	private void panel(GC gc, ZoneRow r, int x0, int w, int h) {
		ZoneSnapshot z = r.zone();
		int line = gc.getFontMetrics().getHeight();
		int x = x0 + 10, right = x0 + w - 10, y = 6;
		gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
		if (x0 > 0) {
			gc.drawLine(x0, 4, x0, h - 4);
		}
		gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
		gc.setFont(bold);
		gc.drawText(r.title(), x, y, true);
		gc.setFont(null);
		y += line + 2;
		text(gc, "free " + z.free() + " of " + z.managed() + " managed pages", x, y, r.changed(ZoneRow.FREE));
		y += line + 4;

		// the gauge: free against the watermarks
		LogScale scale = new LogScale(Math.max(z.managed(), z.free()));
		int gw = right - x, gh = 14;
		gc.setBackground(TRACK);
		gc.fillRectangle(x, y, gw, gh);
		gc.setBackground(z.free() < z.min() ? FREE_MIN : z.free() < z.low() ? FREE_LOW : FREE_OK);
		gc.fillRectangle(x, y, scale.pixels(z.free(), gw), gh);
		Long freeBefore = r.before(ZoneRow.FREE);
		if (freeBefore != null) {
			wasVertical(gc, x + scale.pixels(freeBefore, gw), y - 2, y + gh + 2);
		}
		long[] marks = { z.min(), z.low(), z.high() };
		String[] names = { "min", "low", "high" };
		Color[] colours = { MIN, LOW, HIGH };
		int labels = y + gh + 3;
		for (int i = 0; i < 3; i++) {
			int mx = x + scale.pixels(marks[i], gw);
			gc.setForeground(colours[i]);
			gc.setLineWidth(2);
			gc.drawLine(mx, y - 3, mx, y + gh + 3);
			gc.setLineWidth(1);
			String label = names[i] + " " + marks[i];
			Point ext = gc.textExtent(label);
			int lx = Math.max(x, Math.min(mx - ext.x / 2, right - ext.x));
			gc.drawText(label, lx, labels + i * line, true);
		}
		gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
		y = labels + 3 * line + 2;
		text(gc, "protection " + r.protectionText(), x, y, r.protectionChanged());
		y += line;
		text(gc, "per-CPU lists: " + z.pcpPages() + " pages", x, y, r.pcpChanged());
		y += line + 6;

		// buddyinfo: free blocks per order
		gc.drawText("free blocks per order (log scale)", x, y, true);
		y += line + 2;
		List<Long> blocks = z.freeBlocks();
		int orders = blocks.size();
		if (orders == 0) {
			return;
		}
		long max = blocks.stream().mapToLong(Long::longValue).max().orElse(1);
		LogScale bars = new LogScale(max);
		int chartTop = y + line, chartBottom = h - line - 6;
		int chartH = Math.max(10, chartBottom - chartTop);
		int slot = Math.max(6, (right - x) / orders);
		for (int o = 0; o < orders; o++) {
			long n = blocks.get(o);
			int bx = x + o * slot, bw = Math.max(3, slot - 4);
			int bh = bars.pixels(n, chartH);
			boolean changed = r.changed(ZoneRow.freeArea(o));
			gc.setBackground(changed ? MemoryView.changedBackground() : BAR);
			gc.fillRectangle(bx, chartBottom - bh, bw, bh);
			if (changed) {
				gc.setForeground(WAS);
				gc.drawRectangle(bx, chartBottom - bh, bw, bh);
				Long was = r.before(ZoneRow.freeArea(o));
				if (was != null) {
					wasHorizontal(gc, bx, bx + bw, chartBottom - bars.pixels(was, chartH));
				}
			}
			gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
			String count = Long.toString(n);
			Point ce = gc.textExtent(count);
			gc.drawText(count, bx + (bw - ce.x) / 2, chartBottom - bh - line, true);
			String order = Integer.toString(o);
			Point oe = gc.textExtent(order);
			gc.drawText(order, bx + (bw - oe.x) / 2, chartBottom + 2, true);
		}
		gc.drawLine(x, chartBottom, x + orders * slot, chartBottom);
	}

	private void text(GC gc, String s, int x, int y, boolean changed) {
		if (changed) {
			Point e = gc.textExtent(s);
			gc.setBackground(MemoryView.changedBackground());
			gc.fillRectangle(x - 2, y, e.x + 4, e.y);
		}
		gc.drawText(s, x, y, true);
	}

	/** A vertical tick at x from y1 to y2 (a former value on the gauge). */
	private void wasVertical(GC gc, int x, int y1, int y2) {
		gc.setForeground(WAS);
		gc.setLineStyle(SWT.LINE_DOT);
		gc.drawLine(x, y1, x, y2);
		gc.setLineStyle(SWT.LINE_SOLID);
	}

	/** A horizontal tick from x1 to x2 at y (a bar's former height). */
	private void wasHorizontal(GC gc, int x1, int x2, int y) {
		gc.setForeground(WAS);
		gc.setLineStyle(SWT.LINE_DASH);
		gc.drawLine(x1 - 2, y, x2 + 2, y);
		gc.setLineStyle(SWT.LINE_SOLID);
	}
}
