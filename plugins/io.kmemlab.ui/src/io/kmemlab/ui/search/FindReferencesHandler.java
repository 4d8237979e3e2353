package io.kmemlab.ui.search;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.search.ui.NewSearchUI;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.navigation.KmemReferences;
import io.kmemlab.ui.internal.DocumentFiles;
import io.kmemlab.ui.internal.KmemEditors;

/**
 * Find References (Ctrl+Shift+G, the generic editor's command) in a .kmem editor: the places of
 * the name at the caret, in the Search view.
 */
public class FindReferencesHandler extends AbstractHandler {

	private final KmemReferences references;

	@Inject
	public FindReferencesHandler(KmemReferences references) {
		this.references = references;
	}

	@Override
	public Object execute(ExecutionEvent event) {
		ITextEditor editor = KmemEditors.asKmemEditor(HandlerUtil.getActiveEditor(event));
		if (editor == null) {
			return null;
		}
		IDocument document = KmemEditors.document(editor);
		IFile file = DocumentFiles.fileOf(document);
		if (file == null || !(editor.getSelectionProvider().getSelection() instanceof ITextSelection selection)) {
			return null;
		}
		NewSearchUI.runQueryInBackground(new KmemReferencesQuery(references, file, document.get(), selection.getOffset()));
		return null;
	}
}
