package io.kmemlab.ui.edit;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.IExecutionListener;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;

import io.kmemlab.lang.ide.format.FormatEdits;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * Formats the active .kmem editor just before File > Save when the preference asks for it. The
 * generic editor has no save hook of its own; the save command is where every save passes.
 */
public final class FormatOnSave implements IExecutionListener {

	private static final String SAVE = "org.eclipse.ui.file.save";

	public static void install() {
		ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
		if (commands != null) {
			commands.addExecutionListener(new FormatOnSave());
		}
	}

	@Override
	public void preExecute(String commandId, ExecutionEvent event) {
		if (!SAVE.equals(commandId) || !EditorPreferences.formatOnSave()) {
			return;
		}
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		IEditorPart editor = window == null || window.getActivePage() == null ? null : window.getActivePage().getActiveEditor();
		FormatHandler.format(editor, KmemInjector.get().getInstance(ParsedDocuments.class),
				KmemInjector.get().getInstance(FormatEdits.class));
	}

	@Override
	public void notHandled(String commandId, NotHandledException exception) {
	}

	@Override
	public void postExecuteFailure(String commandId, ExecutionException exception) {
	}

	@Override
	public void postExecuteSuccess(String commandId, Object returnValue) {
	}
}
