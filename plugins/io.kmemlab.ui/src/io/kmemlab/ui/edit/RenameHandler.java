package io.kmemlab.ui.edit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.link.LinkedModeModel;
import org.eclipse.jface.text.link.LinkedModeUI;
import org.eclipse.jface.text.link.LinkedPosition;
import org.eclipse.jface.text.link.LinkedPositionGroup;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.texteditor.link.EditorLinkedModeUI;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.navigation.KmemReferences;
import io.kmemlab.lang.ide.navigation.Occurrence;
import io.kmemlab.lang.ide.quickfix.TextEdit;
import io.kmemlab.lang.ide.rename.RenameRules;
import io.kmemlab.ui.internal.DocumentFiles;
import io.kmemlab.ui.internal.KmemEditors;
import io.kmemlab.ui.internal.WorkspaceKmemFiles;
import io.kmemlab.ui.navigation.Locations;
import io.kmemlab.ui.quickfix.FileTexts;

/**
 * Rename (Alt+Shift+R) of a variable, machine, process, declared zone or symbol. When every
 * occurrence is in this file the editor enters linked mode: typing the new name edits them all
 * at once. A machine used by other files is renamed in all of them, after asking for the name.
 */
public class RenameHandler extends AbstractHandler {

	private final KmemReferences references;
	private final RenameRules rules;

	@Inject
	public RenameHandler(KmemReferences references, RenameRules rules) {
		this.references = references;
		this.rules = rules;
	}

	@Override
	public Object execute(ExecutionEvent event) {
		ITextEditor editor = KmemEditors.asKmemEditor(HandlerUtil.getActiveEditor(event));
		IDocument document = editor == null ? null : KmemEditors.document(editor);
		IFile file = DocumentFiles.fileOf(document);
		if (file == null || !(editor.getSelectionProvider().getSelection() instanceof ITextSelection selection)) {
			return null;
		}
		KmemReferences.Result found = references.find(WorkspaceKmemFiles.from(file, document.get()), selection.getOffset());
		if (found.symbol() == null || !rules.canRename(found.symbol().symbol())) {
			status(editor, "Rename works on variables, machines, processes, declared zones and symbols");
			return null;
		}
		URI own = DocumentFiles.uriOf(file);
		boolean elsewhere = found.occurrences().stream().anyMatch(o -> !o.uri().equals(own));
		if (!elsewhere) {
			enterLinkedMode(editor, document, found.occurrences(), selection.getOffset());
		} else {
			String name = found.symbol().symbol().name();
			InputDialog dialog = new InputDialog(HandlerUtil.getActiveShell(event), "Rename " + name,
					"New name of " + name + " (also renamed in " + filesCount(found.occurrences(), own) + " other files):",
					name, rules::problemWith);
			if (dialog.open() == Window.OK && !dialog.getValue().equals(name)) {
				renameEverywhere(editor, found.occurrences(), dialog.getValue());
			}
		}
		return null;
	}

	/** Linked mode over the occurrences in the editor, the one at the caret first. */
	public static void enterLinkedMode(ITextEditor editor, IDocument document, List<Occurrence> occurrences, int caret) {
		ITextViewer viewer = editor.getAdapter(ITextViewer.class) != null ? editor.getAdapter(ITextViewer.class)
				: (ITextViewer) editor.getAdapter(org.eclipse.jface.text.ITextOperationTarget.class);
		List<Occurrence> sorted = new ArrayList<>(occurrences);
		sorted.sort(Comparator.comparingInt((Occurrence o) -> o.offset() <= caret && caret <= o.offset() + o.length() ? 0 : 1)
				.thenComparingInt(Occurrence::offset));
		try {
			LinkedPositionGroup group = new LinkedPositionGroup();
			for (int i = 0; i < sorted.size(); i++) {
				group.addPosition(new LinkedPosition(document, sorted.get(i).offset(), sorted.get(i).length(), i));
			}
			LinkedModeModel model = new LinkedModeModel();
			model.addGroup(group);
			model.forceInstall();
			LinkedModeUI ui = new EditorLinkedModeUI(model, viewer);
			ui.setExitPosition(viewer, caret, 0, Integer.MAX_VALUE);
			ui.enter();
			Occurrence first = sorted.get(0);
			viewer.setSelectedRange(first.offset(), first.length());
		} catch (BadLocationException e) {
			ILog.of(RenameHandler.class).error("linked rename failed", e);
		}
	}

	/** Renames in every file: the editor's document as one undoable change, other files through their buffers. */
	public static void renameEverywhere(ITextEditor editor, List<Occurrence> occurrences, String newName) {
		IDocument document = KmemEditors.document(editor);
		URI own = DocumentFiles.uriOf(DocumentFiles.fileOf(document));
		Map<URI, List<TextEdit>> byFile = new LinkedHashMap<>();
		for (Occurrence o : occurrences) {
			byFile.computeIfAbsent(o.uri(), u -> new ArrayList<>()).add(new TextEdit(o.offset(), o.length(), newName));
		}
		byFile.forEach((uri, edits) -> {
			if (uri.equals(own)) {
				DocumentEdits.apply(editor, document, edits);
			} else {
				IFile other = Locations.fileOf(uri);
				try {
					if (other != null) {
						FileTexts.edit(other, edits);
					}
				} catch (CoreException e) {
					ILog.of(RenameHandler.class).log(e.getStatus());
				}
			}
		});
	}

	private static long filesCount(List<Occurrence> occurrences, URI own) {
		return occurrences.stream().map(Occurrence::uri).filter(u -> !u.equals(own)).distinct().count();
	}

	private static void status(ITextEditor editor, String message) {
		if (editor.getEditorSite() instanceof IEditorSite site) {
			site.getActionBars().getStatusLineManager().setErrorMessage(message);
		}
	}
}
