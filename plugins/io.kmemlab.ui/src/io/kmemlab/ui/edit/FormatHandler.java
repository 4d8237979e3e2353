package io.kmemlab.ui.edit;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.format.FormatEdits;
import io.kmemlab.lang.ide.quickfix.TextEdit;
import io.kmemlab.ui.internal.KmemEditors;
import io.kmemlab.ui.internal.ParsedDocuments;

/** Format (Ctrl+Shift+F) of a .kmem editor, through the language's formatter. */
public class FormatHandler extends AbstractHandler {

	private final ParsedDocuments documents;
	private final FormatEdits format;

	@Inject
	public FormatHandler(ParsedDocuments documents, FormatEdits format) {
		this.documents = documents;
		this.format = format;
	}

	@Override
	public Object execute(ExecutionEvent event) {
		format(HandlerUtil.getActiveEditor(event), documents, format);
		return null;
	}

	/** Formats the editor's text; says in the status line why not when it has syntax errors. */
	static void format(IEditorPart part, ParsedDocuments documents, FormatEdits format) {
		ITextEditor editor = KmemEditors.asKmemEditor(part);
		IDocument document = editor == null ? null : KmemEditors.document(editor);
		if (document == null) {
			return;
		}
		List<TextEdit> edits = documents.read(document, resource -> format.canFormat(resource) ? format.edits(resource) : null);
		if (edits == null) {
			if (editor.getEditorSite() instanceof IEditorSite site) {
				site.getActionBars().getStatusLineManager().setErrorMessage("Not formatted: fix the syntax errors first");
			}
			return;
		}
		DocumentEdits.apply(editor, document, edits);
	}
}
