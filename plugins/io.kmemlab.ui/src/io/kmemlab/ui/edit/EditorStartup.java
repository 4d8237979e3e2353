package io.kmemlab.ui.edit;

import org.eclipse.ui.IStartup;
import org.eclipse.ui.PlatformUI;

/** Hooks the editor services that have no extension point of their own into the workbench. */
public class EditorStartup implements IStartup {

	@Override
	public void earlyStartup() {
		PlatformUI.getWorkbench().getDisplay().asyncExec(FormatOnSave::install);
		io.kmemlab.ui.validation.WorkspaceValidation.start();
	}
}
