package io.kmemlab.debug.core.sourcelookup;

import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.core.launch.ScenarioSource;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.sourcelookup.ISourceContainer;
import org.eclipse.debug.core.sourcelookup.ISourcePathComputerDelegate;
import org.eclipse.debug.core.sourcelookup.containers.ProjectSourceContainer;
import org.eclipse.debug.core.sourcelookup.containers.WorkspaceSourceContainer;

/** Where the sources of a launch are: the scenario file's project first (with the projects it references), then the workspace. */
public final class KmemSourcePathComputer implements ISourcePathComputerDelegate {
	@Override
	public ISourceContainer[] computeSourceContainers(ILaunchConfiguration configuration, IProgressMonitor monitor)
			throws CoreException {
		try {
			IFile file = ScenarioSource.file(LaunchSettings.of(configuration));
			return new ISourceContainer[] { new ProjectSourceContainer(file.getProject(), true), new WorkspaceSourceContainer() };
		} catch (CoreException e) {
			return new ISourceContainer[] { new WorkspaceSourceContainer() };
		}
	}
}
