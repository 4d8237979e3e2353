package io.kmemlab.debug.ui.launch;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.texteditor.ITextEditor;

/** The .kmem file of a selection or an editor, and an editor's text and caret. */
public final class EditorFiles {
	private EditorFiles() {
	}

	public static IFile file(ISelection selection) {
		if (selection instanceof IStructuredSelection s && s.size() == 1) {
			Object o = s.getFirstElement();
			if (o instanceof IFile f) {
				return f;
			}
			if (o instanceof IEditorInput input) {
				return input.getAdapter(IFile.class);
			}
			if (o instanceof org.eclipse.core.runtime.IAdaptable a) {
				return a.getAdapter(IFile.class);
			}
		}
		return null;
	}

	public static IFile file(IEditorPart editor) {
		return editor == null ? null : editor.getEditorInput().getAdapter(IFile.class);
	}

	/** The 1-based line of the editor's caret, or -1. */
	public static int caretLine(IEditorPart editor) {
		if (editor instanceof ITextEditor t && t.getSelectionProvider().getSelection() instanceof ITextSelection s) {
			return s.getStartLine() + 1;
		}
		return -1;
	}

	public static String text(IEditorPart editor) {
		if (editor instanceof ITextEditor t) {
			IDocument d = t.getDocumentProvider().getDocument(t.getEditorInput());
			return d == null ? null : d.get();
		}
		return null;
	}
}
