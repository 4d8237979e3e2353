package io.kmemlab.debug.ui.tests;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/**
 * Workbench chores of the UI tests (the debugger's and the editor's): files, waiting with a live
 * event loop, trees, screenshots.
 */
public final class Ui {
	public static final Duration TIMEOUT = Duration.ofSeconds(60);

	private Ui() {
	}

	public static IWorkbenchWindow window() {
		IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		return w != null ? w : PlatformUI.getWorkbench().getWorkbenchWindows()[0];
	}

	public static IWorkbenchPage page() {
		return window().getActivePage();
	}

	public static IFile file(String project, String name, String text) throws CoreException {
		IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(project);
		if (!p.exists()) {
			p.create(null);
		}
		if (!p.isOpen()) {
			p.open(null);
		}
		IFile f = p.getFile(name);
		ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		if (f.exists()) {
			f.setContents(in, true, false, null);
		} else {
			f.create(in, true, null);
		}
		f.setCharset(StandardCharsets.UTF_8.name(), null);
		return f;
	}

	private static int failures;

	/**
	 * Runs the event loop until {@code condition} holds; after the timeout, takes a screenshot
	 * (target/screenshots/failure-N.png) and fails with {@code what}.
	 */
	public static void waitUntil(BooleanSupplier condition, String what) {
		waitUntil(condition, () -> what);
	}

	public static void waitUntil(BooleanSupplier condition, java.util.function.Supplier<String> what) {
		if (!waitFor(condition, TIMEOUT)) {
			String shot = "failure-" + (++failures) + ".png";
			try {
				screenshot(window().getShell(), shot);
			} catch (Exception e) {
				shot = "no screenshot: " + e;
			}
			org.junit.jupiter.api.Assertions.fail("timed out waiting until " + what.get() + " (" + shot + ")");
		}
	}

	public static boolean waitFor(BooleanSupplier condition, Duration timeout) {
		Display display = Display.getCurrent();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			if (!display.readAndDispatch()) {
				try {
					Thread.sleep(10);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	public static void settle(Duration d) {
		waitFor(() -> false, d);
	}

	/** Every item of {@code tree}, depth first, that is created (expanded parents only). */
	public static List<TreeItem> items(Tree tree) {
		List<TreeItem> out = new ArrayList<>();
		for (TreeItem i : tree.getItems()) {
			collect(i, out);
		}
		return out;
	}

	private static void collect(TreeItem item, List<TreeItem> out) {
		out.add(item);
		if (item.getExpanded()) {
			for (TreeItem c : item.getItems()) {
				collect(c, out);
			}
		}
	}

	/** The texts of an item's columns joined by " | " (a tree without columns has one). */
	public static String row(TreeItem item) {
		int columns = Math.max(1, item.getParent().getColumnCount());
		StringBuilder sb = new StringBuilder();
		for (int c = 0; c < columns; c++) {
			if (c > 0) {
				sb.append(" | ");
			}
			sb.append(item.getText(c));
		}
		return sb.toString();
	}

	public static String rows(Tree tree) {
		StringBuilder sb = new StringBuilder();
		for (TreeItem i : items(tree)) {
			sb.append('\n').append(row(i));
		}
		return sb.toString();
	}

	/** Expands {@code item} as a click on its arrow does (the lazy viewers fill it on the Expand event). */
	public static void expand(TreeItem item) {
		org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
		e.item = item;
		item.getParent().notifyListeners(SWT.Expand, e);
		item.setExpanded(true);
	}

	/** Copies the shell's pixels from the screen into target/screenshots/NAME. */
	public static Path screenshot(Shell shell, String name) throws Exception {
		Display display = shell.getDisplay();
		shell.forceActive();
		shell.redraw();
		shell.update();
		settle(Duration.ofMillis(700));
		// From the shell's top (the menu bar lies above the client area) to the client area's
		// bottom: without a window manager the shell's bounds reach past what GTK painted.
		Rectangle bounds = shell.getBounds();
		Rectangle client = display.map(shell, null, shell.getClientArea());
		Rectangle area = new Rectangle(bounds.x, bounds.y, client.width, client.y + client.height - bounds.y);
		Image image = new Image(display, area.width, area.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, area.x, area.y);
			ImageData data = image.getImageData();
			Path dir = Path.of(System.getProperty("kmemlab.screenshots", "target/screenshots"));
			Files.createDirectories(dir);
			Path target = dir.resolve(name);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { data };
			loader.save(target.toString(), SWT.IMAGE_PNG);
			return target;
		} finally {
			gc.dispose();
			image.dispose();
		}
	}
}
