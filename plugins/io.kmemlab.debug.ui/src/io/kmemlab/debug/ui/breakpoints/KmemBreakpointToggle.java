package io.kmemlab.debug.ui.breakpoints;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.interpreter.debug.BreakpointLines;
import java.util.OptionalInt;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.ui.actions.IToggleBreakpointsTarget;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Toggles a line breakpoint in the .kmem editor (ruler double-click, Run → Toggle
 * Breakpoint): on the statement of the line, or of the next statement when the line holds
 * none (blank line, comment, closing brace). A breakpoint already there is removed.
 */
public final class KmemBreakpointToggle implements IToggleBreakpointsTarget {
	@Override
	public void toggleLineBreakpoints(IWorkbenchPart part, ISelection selection) throws CoreException {
		if (!(part instanceof ITextEditor editor) || !(selection instanceof ITextSelection text)) {
			return;
		}
		IResource resource = editor.getEditorInput().getAdapter(IResource.class);
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		if (resource == null || document == null) {
			return;
		}
		int clicked = text.getStartLine() + 1;
		IBreakpoint existing = breakpointAt(resource, clicked);
		if (existing != null) {
			existing.delete();
			return;
		}
		OptionalInt landing = BreakpointLines.landing(document.get(), clicked);
		if (landing.isEmpty()) {
			return;
		}
		int line = landing.getAsInt();
		existing = breakpointAt(resource, line);
		if (existing != null) {
			existing.delete();
			return;
		}
		KmemLineBreakpoint.create(resource, line);
	}

	/** The kmemlab line breakpoint on {@code line} (1-based) of {@code resource}, or null. */
	static IBreakpoint breakpointAt(IResource resource, int line) throws CoreException {
		for (IBreakpoint b : DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(KmemDebug.MODEL_ID)) {
			if (b instanceof KmemLineBreakpoint lb && resource.equals(b.getMarker().getResource()) && lb.getLineNumber() == line) {
				return b;
			}
		}
		return null;
	}

	@Override
	public boolean canToggleLineBreakpoints(IWorkbenchPart part, ISelection selection) {
		return part instanceof ITextEditor && selection instanceof ITextSelection;
	}

	@Override
	public void toggleMethodBreakpoints(IWorkbenchPart part, ISelection selection) {
	}

	@Override
	public boolean canToggleMethodBreakpoints(IWorkbenchPart part, ISelection selection) {
		return false;
	}

	@Override
	public void toggleWatchpoints(IWorkbenchPart part, ISelection selection) {
	}

	@Override
	public boolean canToggleWatchpoints(IWorkbenchPart part, ISelection selection) {
		return false;
	}
}
