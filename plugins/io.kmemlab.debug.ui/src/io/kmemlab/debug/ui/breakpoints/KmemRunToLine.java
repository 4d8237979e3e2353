package io.kmemlab.debug.ui.breakpoints;

import io.kmemlab.debug.core.model.KmemDebugElement;
import java.net.URI;
import org.eclipse.core.resources.IResource;
import org.eclipse.debug.core.model.ISuspendResume;
import org.eclipse.debug.ui.actions.IRunToLineTarget;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.texteditor.ITextEditor;

/** Run to Line (Ctrl+R) in the .kmem editor: runs until the statement of the cursor's line is next. */
public final class KmemRunToLine implements IRunToLineTarget {
	@Override
	public void runToLine(IWorkbenchPart part, ISelection selection, ISuspendResume target) {
		if (target instanceof KmemDebugElement e && part instanceof ITextEditor editor && selection instanceof ITextSelection text) {
			IResource r = editor.getEditorInput().getAdapter(IResource.class);
			URI file = r == null ? null : r.getLocationURI();
			if (file != null) {
				e.target().runToLine(file, text.getStartLine() + 1);
			}
		}
	}

	@Override
	public boolean canRunToLine(IWorkbenchPart part, ISelection selection, ISuspendResume target) {
		return target instanceof KmemDebugElement && target.canResume() && part instanceof ITextEditor editor
				&& editor.getEditorInput().getAdapter(IResource.class) != null;
	}
}
