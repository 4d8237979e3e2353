package io.kmemlab.debug.ui.views.physmap;

import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.physmap.MapImage;
import io.kmemlab.debug.core.views.physmap.MapViewport;
import io.kmemlab.debug.core.views.physmap.OwnerPalette;
import io.kmemlab.debug.core.views.physmap.PhysmapModel;
import io.kmemlab.debug.core.views.physmap.SvgExport;
import io.kmemlab.debug.ui.views.MemoryView;
import io.kmemlab.debug.ui.views.MemoryViews;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.interpreter.debug.LastWriters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.core.runtime.ListenerList;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

/**
 * Physical Map: every frame of the machine coloured by its owner (what frame_owner() says),
 * from the whole machine down to single frames, with the zone and node boundaries, a legend
 * with each owner's frame count (frames_owned_by()), the frames the last step changed boxed,
 * the pfn, owner and zone under the pointer, and PNG and SVG export. A click publishes the
 * frame as this view's selection (a {@link MemoryTarget} of type PFN) and opens it in the Page
 * Descriptor view. The model holds runs, never one object per frame; the raster is rendered
 * with at most one cell per pixel.
 */
public final class PhysmapView extends MemoryView<PhysmapModel> {
	public static final String ID = MemoryViews.PHYSICAL_MAP;

	private MapCanvas map;
	private Table legend;
	private Label caption;
	private Label hover;
	private final Map<FrameOwner, Image> swatches = new EnumMap<>(FrameOwner.class);
	private final Selection selection = new Selection();

	@Override
	protected void createContent(Composite parent) {
		GridLayout layout = new GridLayout(2, false);
		layout.marginWidth = layout.marginHeight = 2;
		parent.setLayout(layout);
		map = new MapCanvas(parent);
		map.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		legend = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.HIDE_SELECTION);
		legend.setHeaderVisible(true);
		GridData ld = new GridData(SWT.RIGHT, SWT.FILL, false, true);
		ld.widthHint = 230;
		legend.setLayoutData(ld);
		String[] titles = { "owner", "frames", "%" };
		int[] widths = { 100, 85, 45 };
		for (int i = 0; i < titles.length; i++) {
			TableColumn c = new TableColumn(legend, i == 0 ? SWT.LEFT : SWT.RIGHT);
			c.setText(titles[i]);
			c.setWidth(widths[i]);
		}
		legend.setToolTipText("Frames per owner over the whole machine (frames_owned_by). Zoomed out, a pixel shows the owner of most of its frames.");
		caption = new Label(parent, SWT.NONE);
		caption.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		hover = new Label(parent, SWT.NONE);
		hover.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		hover.setText("Point at a frame for its pfn, owner and zone; click to open it in Page Descriptor; Ctrl+wheel or double-click zooms.");
		map.onViewChanged(() -> {
			MapViewport v = map.viewport();
			if (v != null && !caption.isDisposed()) {
				caption.setText(SvgExport.caption(v));
			}
		});
		map.onHover(text -> {
			if (!hover.isDisposed() && !text.isEmpty()) {
				hover.setText(text);
			}
		});
		map.onClick(this::openFrame);
		for (FrameOwner o : FrameOwner.values()) {
			Image img = new Image(parent.getDisplay(), 12, 12);
			GC gc = new GC(img);
			gc.setBackground(MapPainter.color(OwnerPalette.rgb(o)));
			gc.fillRectangle(0, 0, 12, 12);
			gc.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
			gc.drawRectangle(0, 0, 11, 11);
			gc.dispose();
			swatches.put(o, img);
		}
		getSite().setSelectionProvider(selection);
	}

	@Override
	protected void contributeActions(IToolBarManager toolbar) {
		toolbar.add(action("Zoom In", "Zoom in around the centre (also Ctrl+wheel, double-click, +)", "zoomIn", () -> {
			var a = map.control().getClientArea();
			map.zoomIn(a.width / 2, a.height / 2);
		}));
		toolbar.add(action("Zoom Out", "Zoom out around the centre (also Ctrl+wheel, -)", "zoomOut", () -> {
			var a = map.control().getClientArea();
			map.zoomOut(a.width / 2, a.height / 2);
		}));
		toolbar.add(action("Whole Machine", "Show every frame of the machine", "fit", () -> map.fit()));
		toolbar.add(action("Export PNG...", "Save the map as a PNG image", "exportPng", () -> export("*.png")));
		toolbar.add(action("Export SVG...", "Save the map as an SVG drawing", "exportSvg", () -> export("*.svg")));
	}

	private static Action action(String text, String tip, String id, Runnable run) {
		Action a = new Action(text) {
			@Override
			public void run() {
				run.run();
			}
		};
		a.setToolTipText(tip);
		a.setId("io.kmemlab.debug.ui.views.physmap." + id);
		return a;
	}

	@Override
	protected PhysmapModel build(Inspector inspector, LastWriters writers, MemoryContext context) {
		return PhysmapModel.of(inspector.physicalMap(), inspector.zones(), context.changes().changeSet());
	}

	@Override
	protected void render(PhysmapModel model) {
		map.show(model);
		Map<FrameOwner, Long> counts = model.counts();
		legend.setRedraw(false);
		try {
			legend.removeAll();
			for (FrameOwner o : FrameOwner.values()) {
				long n = counts.getOrDefault(o, 0L);
				TableItem item = new TableItem(legend, SWT.NONE);
				item.setImage(0, swatches.get(o));
				item.setText(new String[] { o.label, Long.toString(n),
						model.frames() == 0 ? "" : String.format("%.2f", 100.0 * n / model.frames()) });
				if (model.changed().stream().anyMatch(PhysmapModel.Changed::owner) && ownerChanged(model, o)) {
					item.setBackground(1, changedBackground());
				}
			}
		} finally {
			legend.setRedraw(true);
		}
	}

	/** Whether the last step moved frames to or from {@code owner}. */
	private boolean ownerChanged(PhysmapModel model, FrameOwner owner) {
		MemoryContext c = context();
		if (c == null) {
			return false;
		}
		return c.changes().changeSet().owners().stream().anyMatch(o -> o.before() == owner || o.after() == owner);
	}

	@Override
	protected void clear() {
		if (!legend.isDisposed()) {
			legend.removeAll();
			map.show(PhysmapModel.EMPTY);
		}
	}

	/** Shows the frame of a PFN or PHYSICAL target at single-frame zoom. */
	@Override
	public void show(MemoryTarget target) {
		if (target == null || map.viewport() == null) {
			return;
		}
		switch (target.kind()) {
			case PFN -> map.frames(target.value());
			case PHYSICAL -> map.frames(target.value() >>> 12);
			default -> {
			}
		}
	}

	private void openFrame(long pfn) {
		MemoryTarget target = new MemoryTarget(MemoryTarget.Type.PFN, pfn);
		selection.setSelection(new StructuredSelection(target));
		IWorkbenchPage page = getSite().getPage();
		try {
			IViewPart view = page.showView(MemoryViews.PAGE, null, IWorkbenchPage.VIEW_VISIBLE);
			if (view instanceof MemoryView<?> memory) {
				memory.show(target);
			}
		} catch (PartInitException e) {
			hover.setText("The Page Descriptor view could not be opened: " + e.getMessage());
		}
	}

	private void export(String filter) {
		FileDialog dialog = new FileDialog(map.control().getShell(), SWT.SAVE);
		dialog.setFilterExtensions(new String[] { filter });
		dialog.setFileName("physical-map" + filter.substring(1));
		dialog.setOverwrite(true);
		String file = dialog.open();
		if (file == null) {
			return;
		}
		try {
			if (filter.endsWith("svg")) {
				exportSvg(Path.of(file));
			} else {
				exportPng(Path.of(file));
			}
		} catch (IOException | RuntimeException e) {
			MessageDialog.openError(map.control().getShell(), "Export", "Could not write " + file + ": " + e.getMessage());
		}
	}

	/** Writes the map as shown (zoom, boundaries, changed frames) with its caption and legend as a PNG. */
	public void exportPng(Path file) throws IOException {
		MapImage img = map.image();
		if (img == null) {
			throw new IOException("there is no map to export");
		}
		PhysmapModel model = map.model();
		int legendRows = (FrameOwner.values().length + 1) / 2, line = 18;
		int w = Math.max(img.width(), 420), h = img.height() + 24 + legendRows * line + 6;
		Image out = new Image(map.control().getDisplay(), w, h);
		Image raster = MapPainter.image(map.control().getDisplay(), img);
		GC gc = new GC(out);
		try {
			gc.setBackground(map.control().getDisplay().getSystemColor(SWT.COLOR_WHITE));
			gc.fillRectangle(0, 0, w, h);
			MapPainter.paint(gc, raster, model, img, true);
			gc.setForeground(map.control().getDisplay().getSystemColor(SWT.COLOR_BLACK));
			gc.drawText(SvgExport.caption(img.viewport()), 4, img.height() + 4, true);
			Map<FrameOwner, Long> counts = model.counts();
			FrameOwner[] owners = FrameOwner.values();
			for (int i = 0; i < owners.length; i++) {
				int x = 4 + (i % 2) * (w / 2), y = img.height() + 24 + (i / 2) * line;
				gc.drawImage(swatches.get(owners[i]), x, y + 2);
				gc.drawText(owners[i].label + ": " + counts.getOrDefault(owners[i], 0L) + " frames", x + 18, y, true);
			}
			ImageData data = out.getImageData();
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { data };
			Files.createDirectories(file.toAbsolutePath().getParent());
			loader.save(file.toString(), SWT.IMAGE_PNG);
		} finally {
			gc.dispose();
			raster.dispose();
			out.dispose();
		}
	}

	/** Writes the map as shown as an SVG drawing. */
	public void exportSvg(Path file) throws IOException {
		MapImage img = map.image();
		if (img == null) {
			throw new IOException("there is no map to export");
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, SvgExport.write(map.model(), img, getPartName()), StandardCharsets.UTF_8);
	}

	// ------------------------------------------------------------------ for tests

	public MapViewport viewport() {
		return map.viewport();
	}

	public MapImage image() {
		return map.image();
	}

	public Table legend() {
		return legend;
	}

	public String hoverText() {
		return hover.getText();
	}

	public org.eclipse.swt.widgets.Canvas canvas() {
		return map.control();
	}

	/** What the pointer at (x, y) would show. */
	public String describe(int x, int y) {
		return map.describe(x, y);
	}

	public void zoomIn(int x, int y) {
		map.zoomIn(x, y);
	}

	public void showFrames(long pfn) {
		map.frames(pfn);
	}

	@Override
	public void dispose() {
		swatches.values().forEach(Image::dispose);
		super.dispose();
	}

	/** This view's selection: the frame clicked last. */
	private static final class Selection implements ISelectionProvider {
		private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();
		private ISelection current = StructuredSelection.EMPTY;

		@Override
		public void addSelectionChangedListener(ISelectionChangedListener l) {
			listeners.add(l);
		}

		@Override
		public void removeSelectionChangedListener(ISelectionChangedListener l) {
			listeners.remove(l);
		}

		@Override
		public ISelection getSelection() {
			return current;
		}

		@Override
		public void setSelection(ISelection s) {
			current = s;
			SelectionChangedEvent e = new SelectionChangedEvent(this, s);
			for (ISelectionChangedListener l : listeners) {
				l.selectionChanged(e);
			}
		}
	}
}
