package io.kmemlab.debug.ui.console;

import io.kmemlab.debug.ui.KmemDebugUi;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.part.FileEditorInput;
import org.eclipse.ui.texteditor.ITextEditor;

/** A console link that opens a .kmem file in its editor with a line selected. */
public final class SourceLink implements IHyperlink {
	private final IFile file;
	private final int line;

	public SourceLink(IFile file, int line) {
		this.file = file;
		this.line = line;
	}

	public IFile file() {
		return file;
	}

	public int line() {
		return line;
	}

	@Override
	public void linkActivated() {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		try {
			IEditorPart part = page.openEditor(new FileEditorInput(file), KmemDebugUi.EDITOR_ID);
			if (part instanceof ITextEditor editor) {
				IDocument d = editor.getDocumentProvider().getDocument(editor.getEditorInput());
				if (d != null && line >= 1 && line <= d.getNumberOfLines()) {
					editor.selectAndReveal(d.getLineOffset(line - 1), d.getLineLength(line - 1));
				}
			}
		} catch (PartInitException | BadLocationException e) {
			// the file went away: nothing to show
		}
	}

	@Override
	public void linkEntered() {
	}

	@Override
	public void linkExited() {
	}
}
