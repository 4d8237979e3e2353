package io.kmemlab.debug.ui.launch;

import io.kmemlab.debug.core.launch.ScenarioLines;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;

/**
 * Run As / Debug As → kmemlab scenario at the cursor: just the scenario whose text holds the
 * editor's cursor (offered in the .kmem editor only).
 */
public class ScenarioAtCursorShortcut implements ILaunchShortcut2 {
	@Override
	public void launch(IEditorPart editor, String mode) {
		IFile file = EditorFiles.file(editor);
		String scenario = scenarioAtCursor(editor);
		if (file == null) {
			return;
		}
		if (scenario == null) {
			MessageDialog.openInformation(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "kmemlab",
					"The cursor is not inside a scenario. Put it on a line of the scenario to run, "
							+ "or use \"kmemlab scenarios\" to run every scenario of the file.");
			return;
		}
		ScenarioLaunchShortcut.launch(file, scenario, mode);
	}

	@Override
	public void launch(ISelection selection, String mode) {
		// offered only in the editor (plugin.xml); a selection has no cursor
		ScenarioLaunchShortcut.launch(EditorFiles.file(selection), "", mode);
	}

	/** The name of the scenario the editor's cursor is in, or null. */
	public static String scenarioAtCursor(IEditorPart editor) {
		String text = EditorFiles.text(editor);
		int line = EditorFiles.caretLine(editor);
		return text == null || line < 0 ? null : ScenarioLines.of(text).scenarioAt(line);
	}

	@Override
	public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
		return null;
	}

	@Override
	public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
		String scenario = scenarioAtCursor(editor);
		return scenario == null ? null : ScenarioLaunchShortcut.configurations(EditorFiles.file(editor), scenario);
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
