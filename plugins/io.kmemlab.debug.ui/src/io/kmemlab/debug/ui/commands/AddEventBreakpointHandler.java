package io.kmemlab.debug.ui.commands;

import io.kmemlab.debug.core.breakpoints.KmemEventBreakpoint;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.handlers.HandlerUtil;

/** Breakpoints view → Add kmemlab Event Breakpoint...: asks for the event and its pfn or address. */
public class AddEventBreakpointHandler extends AbstractHandler {
	@Override
	public Object execute(ExecutionEvent event) {
		var shell = HandlerUtil.getActiveShell(event);
		EventBreakpointDialog dialog = new EventBreakpointDialog(shell);
		if (dialog.open() == Window.OK) {
			try {
				KmemEventBreakpoint.create(dialog.kind(), dialog.argument());
			} catch (CoreException e) {
				ErrorDialog.openError(shell, "kmemlab", "Could not add the event breakpoint", e.getStatus());
			}
		}
		return null;
	}
}
