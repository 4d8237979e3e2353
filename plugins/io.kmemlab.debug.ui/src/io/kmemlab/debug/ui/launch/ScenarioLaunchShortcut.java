package io.kmemlab.debug.ui.launch;

import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;

/**
 * Run As / Debug As → kmemlab scenarios: every scenario of the selected .kmem file (Project
 * Explorer) or of the file in the editor, one after the other.
 */
public class ScenarioLaunchShortcut implements ILaunchShortcut2 {
	@Override
	public void launch(ISelection selection, String mode) {
		launch(EditorFiles.file(selection), "", mode);
	}

	@Override
	public void launch(IEditorPart editor, String mode) {
		launch(EditorFiles.file(editor), "", mode);
	}

	/** Launches {@code scenario} ("" for all) of {@code file} through its configuration. */
	static void launch(IFile file, String scenario, String mode) {
		if (file == null) {
			return;
		}
		try {
			ILaunchConfiguration config = LaunchConfigurations.forScenario(file, scenario);
			DebugUITools.launch(config, mode);
		} catch (CoreException e) {
			ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "kmemlab",
					"Could not launch " + file.getFullPath(), e.getStatus());
		}
	}

	@Override
	public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
		return configurations(EditorFiles.file(selection), "");
	}

	@Override
	public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
		return configurations(EditorFiles.file(editor), "");
	}

	static ILaunchConfiguration[] configurations(IFile file, String scenario) {
		if (file == null) {
			return null;
		}
		try {
			List<ILaunchConfiguration> found = LaunchConfigurations.find(file, scenario);
			return found.isEmpty() ? null : found.toArray(ILaunchConfiguration[]::new);
		} catch (CoreException e) {
			return null;
		}
	}

	@Override
	public IResource getLaunchableResource(ISelection selection) {
		return EditorFiles.file(selection);
	}

	@Override
	public IResource getLaunchableResource(IEditorPart editor) {
		return EditorFiles.file(editor);
	}
}
