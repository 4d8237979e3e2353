package io.kmemlab.ui.examples;

import java.io.File;
import java.util.Arrays;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;

/**
 * Puts the repository's examples/ folder into the workspace as the project "kmemlab-examples"
 * and opens the first walkthrough, when the IDE is started with -Dkmemlab.examples=DIR (as
 * ./kmemlab ide does). The project only links the folder: the files stay where they are.
 */
public final class ExamplesProject implements IStartup {

    static final String PROPERTY = "kmemlab.examples";
    static final String PROJECT = "kmemlab-examples";

    @Override
    public void earlyStartup() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || !new File(dir).isDirectory()) {
            return;
        }
        new WorkspaceJob("Opening the kmemlab examples") {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                IFile first = importExamples(new File(dir), monitor);
                if (first != null) {
                    PlatformUI.getWorkbench().getDisplay().asyncExec(() -> open(first));
                }
                return Status.OK_STATUS;
            }
        }.schedule();
    }

    /** Creates (once) and opens the project over {@code dir}; returns the first example to show. */
    public static IFile importExamples(File dir, IProgressMonitor monitor) throws CoreException {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject project = workspace.getRoot().getProject(PROJECT);
        if (!project.exists()) {
            IProjectDescription description = workspace.newProjectDescription(PROJECT);
            description.setLocation(new Path(dir.getAbsolutePath()));
            project.create(description, monitor);
        }
        if (!project.isOpen()) {
            project.open(monitor);
        }
        project.refreshLocal(IResource.DEPTH_INFINITE, monitor);
        // Walkthroughs are numbered (01_…): the lowest number is where a newcomer starts.
        String[] names = dir.list((d, name) -> name.endsWith(".kmem") && Character.isDigit(name.charAt(0)));
        Optional<String> firstName = names == null ? Optional.empty() : Arrays.stream(names).sorted().findFirst();
        return firstName.map(project::getFile).orElse(null);
    }

    private static void open(IFile file) {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
            window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
        }
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        if (page == null) {
            return;
        }
        try {
            IDE.openEditor(page, file, true);
        } catch (PartInitException e) {
            // The workspace still has the project; the user can open the file by hand.
            ResourcesPlugin.getPlugin().getLog().log(e.getStatus());
        }
    }
}
