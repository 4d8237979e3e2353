package io.kmemlab.debug.ui.views;

import io.kmemlab.emulator.inspect.Translation;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * The bit split of an address as a diagram: one box per field (pgd | p4d | pud | pmd | pte |
 * offset, the levels of the paging mode that are not folded), each with its name, its bit
 * range and its value, widths in proportion to the bits. Also draws page->flags' fields.
 */
public final class BitSplit {
	/** A field of the diagram: bits [low, low + width) named {@code name} with {@code value}. */
	public record Box(String name, int low, int width, String value, boolean marked) {
	}

	private final Canvas canvas;
	private List<Box> boxes = List.of();
	private String title = "";

	BitSplit(Composite parent) {
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
		GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
		gd.heightHint = 62;
		canvas.setLayoutData(gd);
		canvas.addPaintListener(e -> paint(e.gc));
	}

	Canvas control() {
		return canvas;
	}

	/** The split of a walk's address. */
	void show(Translation t) {
		List<Box> b = new java.util.ArrayList<>();
		if (t != null) {
			for (Translation.IndexBits i : t.split()) {
				b.add(new Box(i.name(), i.lowBit(), i.width(), i.name().equals("offset") ? "0x" + Long.toHexString(i.value()) : Long.toString(i.value()), false));
			}
		}
		show(t == null ? "" : String.format("0x%016x", t.va()), b);
	}

	void show(String title, List<Box> boxes) {
		this.title = title;
		this.boxes = List.copyOf(boxes);
		canvas.redraw();
	}

	List<Box> boxes() {
		return boxes;
	}

	private void paint(GC gc) {
		Rectangle area = canvas.getClientArea();
		if (boxes.isEmpty()) {
			return;
		}
		int bits = 0;
		for (Box b : boxes) {
			bits += b.width();
		}
		int titleWidth = gc.textExtent(title).x + 12;
		int x0 = 4 + titleWidth, w = Math.max(100, area.width - x0 - 6), lineH = gc.getFontMetrics().getHeight();
		gc.drawText(title, 4, 4 + lineH / 2, true);
		// each box at least as wide as its texts, the rest shared in proportion to the bits
		String[] top = new String[boxes.size()], bottom = new String[boxes.size()];
		int[] widths = new int[boxes.size()];
		int need = 0;
		for (int i = 0; i < boxes.size(); i++) {
			Box b = boxes.get(i);
			top[i] = b.name() + " = " + b.value();
			bottom[i] = b.width() == 1 ? Integer.toString(b.low()) : (b.low() + b.width() - 1) + ".." + b.low();
			widths[i] = Math.max(gc.textExtent(top[i]).x, gc.textExtent(bottom[i]).x) + 10;
			need += widths[i];
		}
		int extra = Math.max(0, w - need);
		for (int i = 0; i < boxes.size(); i++) {
			widths[i] += (int) ((long) extra * boxes.get(i).width() / bits);
		}
		int x = x0;
		Color fill = new Color(225, 235, 250), mark = MemoryView.changedBackground();
		for (int i = 0; i < boxes.size(); i++) {
			Box b = boxes.get(i);
			Rectangle r = new Rectangle(x, 2, widths[i] - 2, 2 * lineH + 8);
			gc.setBackground(b.marked() ? mark : fill);
			gc.fillRectangle(r);
			gc.drawRectangle(r);
			center(gc, top[i], r.x, r.width, r.y + 2);
			center(gc, bottom[i], r.x, r.width, r.y + lineH + 4);
			x += widths[i];
		}
	}

	private static void center(GC gc, String s, int x, int width, int y) {
		Point e = gc.textExtent(s);
		String t = s;
		while (e.x > width - 4 && t.length() > 1) {
			t = t.substring(0, t.length() - 1);
			e = gc.textExtent(t);
		}
		gc.drawText(t, x + Math.max(2, (width - e.x) / 2), y, true);
	}
}
