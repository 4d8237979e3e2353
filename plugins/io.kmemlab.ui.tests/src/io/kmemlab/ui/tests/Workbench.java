package io.kmemlab.ui.tests;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/** Workbench chores of the UI tests: files, waiting with a live event loop, screenshots. */
final class Workbench {

	private Workbench() {
	}

	static IWorkbenchWindow window() {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		if (window == null) {
			window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		}
		return window;
	}

	static IWorkbenchPage page() {
		return window().getActivePage();
	}

	static IFile createFile(String projectName, String fileName, String content) throws CoreException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(projectName);
		if (!project.exists()) {
			project.create(null);
		}
		if (!project.isOpen()) {
			project.open(null);
		}
		IFile file = project.getFile(fileName);
		ByteArrayInputStream bytes = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(bytes, true, false, null);
		} else {
			file.create(bytes, true, null);
		}
		file.setCharset(StandardCharsets.UTF_8.name(), null);
		return file;
	}

	/** Runs the event loop until the condition holds; false if it did not within the timeout. */
	static boolean waitUntil(BooleanSupplier condition, Duration timeout) {
		Display display = Display.getCurrent();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			if (!display.readAndDispatch()) {
				sleep(10);
			}
		}
		return true;
	}

	/** Lets pending paints and asyncExecs run for a while. */
	static void settle(Duration duration) {
		waitUntil(() -> false, duration);
	}

	/** Copies the shell's pixels from the screen into a PNG. */
	static Path screenshot(Shell shell, String fileName) throws Exception {
		Display display = shell.getDisplay();
		shell.forceActive();
		shell.redraw();
		shell.update();
		settle(Duration.ofMillis(500));
		// From the shell's top (the menu bar lies above the client area) to the client area's
		// bottom: without a window manager (Xvfb) the shell's bounds reach past what GTK painted.
		Rectangle shellBounds = shell.getBounds();
		Rectangle client = display.map(shell, null, shell.getClientArea());
		Rectangle bounds = new Rectangle(shellBounds.x, shellBounds.y, client.width, client.y + client.height - shellBounds.y);
		Image image = new Image(display, bounds.width, bounds.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, bounds.x, bounds.y);
			ImageData data = image.getImageData();
			Path directory = Path.of(System.getProperty("kmemlab.screenshots", "target/screenshots"));
			Files.createDirectories(directory);
			Path target = directory.resolve(fileName);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { data };
			loader.save(target.toString(), SWT.IMAGE_PNG);
			return target;
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
