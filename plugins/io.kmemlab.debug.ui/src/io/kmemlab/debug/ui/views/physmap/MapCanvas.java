package io.kmemlab.debug.ui.views.physmap;

import io.kmemlab.debug.core.views.physmap.MapImage;
import io.kmemlab.debug.core.views.physmap.MapViewport;
import io.kmemlab.debug.core.views.physmap.PhysmapModel;
import io.kmemlab.emulator.inspect.PhysicalMap;
import io.kmemlab.emulator.store.FrameOwner;
import java.util.function.LongConsumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * The map itself: renders the model's runs for the current viewport (only when the model, the
 * zoom or the size changed), scrolls by rows, zooms with the mouse wheel and Ctrl held, with
 * double-click or + and -, describes the frames under the pointer, and reports a click's pfn.
 */
final class MapCanvas {
	private final Canvas canvas;
	private PhysmapModel model = PhysmapModel.EMPTY;
	private MapViewport viewport;
	private MapImage image;
	private Image raster;
	private Runnable onView = () -> { };
	private java.util.function.Consumer<String> onHover = s -> { };
	private LongConsumer onClick = p -> { };

	MapCanvas(Composite parent) {
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL | SWT.NO_BACKGROUND);
		canvas.addPaintListener(e -> paint(e.gc));
		canvas.addListener(SWT.Resize, e -> {
			if (viewport != null) {
				Rectangle a = canvas.getClientArea();
				viewport = viewport.showsAll() ? MapViewport.fit(model.frames(), a.width, a.height) : viewport.resize(a.width, a.height);
				changed();
			}
		});
		canvas.addListener(SWT.MouseMove, e -> onHover.accept(describe(e.x, e.y)));
		canvas.addListener(SWT.MouseExit, e -> onHover.accept(""));
		canvas.addListener(SWT.MouseDoubleClick, e -> zoomIn(e.x, e.y));
		canvas.addListener(SWT.MouseDown, e -> canvas.setFocus());      // for + and -
		canvas.addListener(SWT.MouseUp, e -> {
			if (e.button == 1 && e.count == 1) {
				long pfn = viewport == null ? -1 : viewport.pfnAt(e.x, e.y);
				if (pfn >= 0) {
					onClick.accept(pfn);
				}
			}
		});
		canvas.addListener(SWT.MouseVerticalWheel, e -> {
			if ((e.stateMask & SWT.MOD1) != 0) {
				if (e.count > 0) {
					zoomIn(e.x, e.y);
				} else {
					zoomOut(e.x, e.y);
				}
				e.doit = false;
			}
		});
		canvas.addListener(SWT.KeyDown, e -> {
			if (e.character == '+' || e.character == '=') {
				zoomIn(canvas.getClientArea().width / 2, canvas.getClientArea().height / 2);
			} else if (e.character == '-') {
				zoomOut(canvas.getClientArea().width / 2, canvas.getClientArea().height / 2);
			}
		});
		ScrollBar bar = canvas.getVerticalBar();
		bar.addListener(SWT.Selection, e -> {
			if (viewport != null) {
				viewport = viewport.scroll(bar.getSelection() - viewport.firstRow());
				changed();
			}
		});
		canvas.addListener(SWT.Dispose, e -> disposeRaster());
	}

	Canvas control() {
		return canvas;
	}

	void onViewChanged(Runnable r) {
		onView = r;
	}

	void onHover(java.util.function.Consumer<String> c) {
		onHover = c;
	}

	void onClick(LongConsumer c) {
		onClick = c;
	}

	/** A new model; the zoom stays, unless the machine changed size. */
	void show(PhysmapModel m) {
		boolean sameMachine = viewport != null && m.frames() == model.frames();
		model = m;
		Rectangle a = canvas.getClientArea();
		if (!sameMachine) {
			viewport = MapViewport.fit(m.frames(), Math.max(1, a.width), Math.max(1, a.height));
		}
		changed();
	}

	PhysmapModel model() {
		return model;
	}

	MapViewport viewport() {
		return viewport;
	}

	/** The raster on screen, rendered for the current viewport (tests, export). */
	MapImage image() {
		if (image == null && viewport != null) {
			image = model.render(viewport);
		}
		return image;
	}

	void zoomIn(int x, int y) {
		if (viewport != null) {
			viewport = viewport.zoomIn(viewport.pfnAt(x, y), x, y);
			changed();
		}
	}

	void zoomOut(int x, int y) {
		if (viewport != null) {
			viewport = viewport.zoomOut(viewport.pfnAt(x, y), x, y);
			changed();
		}
	}

	void fit() {
		if (viewport != null) {
			Rectangle a = canvas.getClientArea();
			viewport = MapViewport.fit(model.frames(), a.width, a.height);
			changed();
		}
	}

	/** Single frames, {@code pfn} in the first row. */
	void frames(long pfn) {
		if (viewport != null) {
			viewport = viewport.frameLevel(pfn);
			changed();
		}
	}

	private void changed() {
		image = null;
		disposeRaster();
		if (viewport != null) {
			ScrollBar bar = canvas.getVerticalBar();
			long total = viewport.totalRows();
			bar.setValues((int) Math.min(Integer.MAX_VALUE - 1, viewport.firstRow()), 0, (int) Math.min(Integer.MAX_VALUE, total),
					Math.max(1, viewport.rows()), 1, Math.max(1, viewport.rows() - 1));
			bar.setEnabled(!viewport.showsAll());
		}
		canvas.redraw();
		onView.run();
	}

	private void disposeRaster() {
		if (raster != null) {
			raster.dispose();
			raster = null;
		}
	}

	private void paint(GC gc) {
		Rectangle a = canvas.getClientArea();
		gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(a);
		MapImage img = image();
		if (img == null || model.map() == null) {
			return;
		}
		if (raster == null) {
			raster = MapPainter.image(canvas.getDisplay(), img);
		}
		MapPainter.paint(gc, raster, model, img, true);
	}

	/** What lies under pixel (x, y): the frames of its cell, the owner drawn, and the first frame's owner and zone. */
	String describe(int x, int y) {
		MapImage img = image();
		long[] f = viewport == null ? null : viewport.framesAt(x, y);
		if (img == null || f == null) {
			return "";
		}
		PhysicalMap.FrameRun run = model.runAt(f[0]);
		if (run == null) {
			return "";
		}
		String zone = run.nid() < 0 ? "no zone" : "zone " + run.zone() + ", node " + run.nid();
		if (f[1] - f[0] == 1) {
			return String.format("pfn 0x%x: %s, %s", f[0], run.owner().label, zone);
		}
		FrameOwner drawn = img.ownerAt(x, y);
		return String.format("pfn 0x%x-0x%x (%d frames): mostly %s; pfn 0x%x is %s, %s", f[0], f[1] - 1, f[1] - f[0],
				drawn == null ? "-" : drawn.label, f[0], run.owner().label, zone);
	}
}
