package io.kmemlab.ui.edit;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

import io.kmemlab.lang.ide.text.LineComments;
import io.kmemlab.ui.internal.KmemEditors;

/** Toggle Comment (Ctrl+/): the selected lines, or the caret's line, in or out of // comments. */
public class ToggleCommentHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		ITextEditor editor = KmemEditors.asKmemEditor(HandlerUtil.getActiveEditor(event));
		IDocument document = editor == null ? null : KmemEditors.document(editor);
		if (document == null || !(editor.getSelectionProvider().getSelection() instanceof ITextSelection selection)) {
			return null;
		}
		int first = selection.getStartLine();
		int last = selection.getEndLine();
		// A selection that ends at the start of a line does not include that line.
		try {
			if (last > first && selection.getLength() > 0
					&& document.getLineOffset(last) == selection.getOffset() + selection.getLength()) {
				last--;
			}
		} catch (org.eclipse.jface.text.BadLocationException e) {
			return null;
		}
		DocumentEdits.apply(editor, document, LineComments.toggle(document.get(), first, last));
		// Keep the toggled lines selected, so the next Ctrl+/ toggles the same lines back.
		try {
			int start = document.getLineOffset(first);
			int end = document.getLineOffset(last) + document.getLineLength(last);
			editor.selectAndReveal(start, end - start);
		} catch (org.eclipse.jface.text.BadLocationException e) {
			// the lines are gone; nothing to select
		}
		return null;
	}
}
