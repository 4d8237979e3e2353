package io.kmemlab.ui.examples;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.osgi.service.prefs.BackingStoreException;

import io.kmemlab.ui.KmemUi;

/**
 * The kmemlab IDE's first start in a workspace: copies the examples into the project
 * kmemlab-examples, opens the first walkthrough and maximises the window. Only in the kmemlab
 * IDE product (kmemlab installed into another Eclipse leaves its workspace alone), once per
 * workspace; -Dkmemlab.firstStart=skip turns it off (the UI tests, which set up their own files).
 */
public final class FirstStart implements IStartup {

	static final String DONE_KEY = "firstStart.done";
	static final String SKIP_PROPERTY = "kmemlab.firstStart";

	@Override
	public void earlyStartup() {
		IProduct product = Platform.getProduct();
		if (product == null || !KmemUi.PRODUCT_ID.equals(product.getId()) || "skip".equals(System.getProperty(SKIP_PROPERTY))
				|| isDone()) {
			return;
		}
		new WorkspaceJob("Copying the kmemlab examples into the workspace") {
			@Override
			public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				IFile first = perform(monitor);
				IWorkbench workbench = PlatformUI.getWorkbench();
				workbench.getDisplay().asyncExec(() -> showOff(workbench, first));
				return Status.OK_STATUS;
			}
		}.schedule();
	}

	/** Whether this workspace had its first start already. */
	public static boolean isDone() {
		return preferences().getBoolean(DONE_KEY, false);
	}

	/**
	 * Copies the examples into a new kmemlab-examples project unless one exists, and records that
	 * the first start happened.
	 *
	 * @return the walkthrough to open, null if there was a project already
	 */
	public static IFile perform(IProgressMonitor monitor) throws CoreException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(ExamplesProject.DEFAULT_NAME);
		IFile first = null;
		if (!project.exists()) {
			first = ExamplesProject.create(project, null, monitor);
		}
		IEclipsePreferences preferences = preferences();
		preferences.putBoolean(DONE_KEY, true);
		try {
			preferences.flush();
		} catch (BackingStoreException e) {
			// Not kept: the next start finds the project and leaves it as it is.
			Platform.getLog(FirstStart.class).warn("kmemlab could not record its first start: " + e.getMessage());
		}
		return first;
	}

	private static IEclipsePreferences preferences() {
		return InstanceScope.INSTANCE.getNode(KmemUi.PLUGIN_ID);
	}

	/**
	 * Maximising is a request to the window manager; where there is none (a virtual screen),
	 * nothing happens, and SWT still reports the shell as maximised. So the size decides: a
	 * window well short of the monitor's work area a second later takes that area itself.
	 */
	private static void maximise(Shell shell) {
		shell.setMaximized(true);
		shell.getDisplay().timerExec(1000, () -> {
			if (shell.isDisposed()) {
				return;
			}
			Rectangle area = shell.getMonitor().getClientArea();
			Rectangle bounds = shell.getBounds();
			if (bounds.width < area.width * 9 / 10 || bounds.height < area.height * 9 / 10) {
				shell.setBounds(area);
			}
		});
	}

	private static void showOff(IWorkbench workbench, IFile first) {
		IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
		if (window == null && workbench.getWorkbenchWindowCount() > 0) {
			window = workbench.getWorkbenchWindows()[0];
		}
		if (window == null) {
			return;
		}
		maximise(window.getShell());
		IWorkbenchPage page = window.getActivePage();
		if (page == null || first == null) {
			return;
		}
		try {
			IDE.openEditor(page, first, true);
		} catch (PartInitException e) {
			// The project is there; the user opens the file from the Project Explorer.
			Platform.getLog(FirstStart.class).log(e.getStatus());
		}
	}
}
