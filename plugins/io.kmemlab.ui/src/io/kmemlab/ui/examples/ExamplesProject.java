package io.kmemlab.ui.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

/**
 * A project holding a copy of the walkthroughs. The files are copied into the project's own
 * folder (the workspace's, unless the user chose another): what the user changes or adds there
 * never reaches the clone's examples/ folder.
 */
public final class ExamplesProject {

	public static final String DEFAULT_NAME = "kmemlab-examples";

	private ExamplesProject() {
	}

	/**
	 * Creates {@code project} at {@code location} (null: in the workspace), UTF-8 explicitly (no
	 * "no explicit encoding" warning), and copies every shipped example into it.
	 *
	 * @return the first walkthrough, to open
	 */
	public static IFile create(IProject project, URI location, IProgressMonitor monitor) throws CoreException {
		List<String> names = BundledExamples.names();
		SubMonitor progress = SubMonitor.convert(monitor, "Copying the kmemlab examples", names.size() + 2);
		IProjectDescription description = project.getWorkspace().newProjectDescription(project.getName());
		description.setLocationURI(location);
		project.create(description, progress.split(1));
		project.open(progress.split(1));
		project.setDefaultCharset(StandardCharsets.UTF_8.name(), null);
		for (String name : names) {
			try (InputStream content = BundledExamples.open(name)) {
				project.getFile(name).create(content, false, progress.split(1));
			} catch (IOException e) {
				throw new CoreException(Status.error("Could not copy the example " + name + ": " + e.getMessage(), e));
			}
		}
		return firstWalkthrough(project);
	}

	/** Walkthroughs are numbered (01_…): the lowest number is where a newcomer starts; null if none. */
	public static IFile firstWalkthrough(IProject project) {
		return BundledExamples.names().stream()
				.filter(name -> Character.isDigit(name.charAt(0)))
				.map(project::getFile)
				.filter(IFile::exists)
				.findFirst().orElse(null);
	}

	/** {@link #DEFAULT_NAME}, or with a number when a project of that name exists. */
	public static String freeName() {
		IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
		String name = DEFAULT_NAME;
		for (int n = 2; root.getProject(name).exists(); n++) {
			name = DEFAULT_NAME + "-" + n;
		}
		return name;
	}
}
