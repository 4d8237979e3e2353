package io.kmemlab.ui.edit;

import java.util.List;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.ui.texteditor.ITextEditor;

import io.kmemlab.lang.ide.quickfix.TextEdit;
import io.kmemlab.ui.quickfix.FileTexts;

/** Applies edits to an editor's document as one undoable change. */
final class DocumentEdits {

	private DocumentEdits() {
	}

	static void apply(ITextEditor editor, IDocument document, List<TextEdit> edits) {
		if (edits.isEmpty()) {
			return;
		}
		IRewriteTarget target = editor.getAdapter(IRewriteTarget.class);
		if (target != null) {
			target.beginCompoundChange();
		}
		try {
			FileTexts.apply(document, edits);
		} finally {
			if (target != null) {
				target.endCompoundChange();
			}
		}
	}
}
