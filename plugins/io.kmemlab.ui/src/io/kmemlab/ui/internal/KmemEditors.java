package io.kmemlab.ui.internal;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.content.IContentDescription;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.texteditor.ITextEditor;

import io.kmemlab.ui.KmemUi;

/** Recognises the generic editor when it shows a .kmem file, and reaches its document. */
public final class KmemEditors {

	private KmemEditors() {
	}

	/** The editor as a text editor when it edits a .kmem file, else null. */
	public static ITextEditor asKmemEditor(Object part) {
		if (!(part instanceof ITextEditor editor) || editor.getEditorInput() == null) {
			return null;
		}
		IEditorInput input = editor.getEditorInput();
		IFile file = input.getAdapter(IFile.class);
		if (file != null) {
			return isKmem(file) ? editor : null;
		}
		return input.getName() != null && input.getName().endsWith(".kmem") ? editor : null;
	}

	public static boolean isKmem(IEditorPart part) {
		return asKmemEditor(part) != null;
	}

	/** Whether the file has the .kmem content type (by its name when it has no description yet). */
	public static boolean isKmem(IFile file) {
		try {
			IContentDescription description = file.getContentDescription();
			if (description != null && description.getContentType() != null) {
				return KmemUi.CONTENT_TYPE_ID.equals(description.getContentType().getId());
			}
		} catch (CoreException e) {
			// not readable (deleted, out of sync): fall back to the name
		}
		return "kmem".equals(file.getFileExtension());
	}

	/** The open editor whose viewer is this one (viewers do not know their editor), or null. */
	public static ITextEditor editorOf(org.eclipse.jface.text.ITextViewer viewer) {
		for (org.eclipse.ui.IWorkbenchWindow window : org.eclipse.ui.PlatformUI.getWorkbench().getWorkbenchWindows()) {
			for (org.eclipse.ui.IWorkbenchPage page : window.getPages()) {
				for (org.eclipse.ui.IEditorReference reference : page.getEditorReferences()) {
					IEditorPart part = reference.getEditor(false);
					if (part instanceof ITextEditor editor
							&& editor.getAdapter(org.eclipse.jface.text.ITextOperationTarget.class) == viewer) {
						return editor;
					}
				}
			}
		}
		return null;
	}

	public static IDocument document(ITextEditor editor) {
		return editor.getDocumentProvider() == null ? null
				: editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}
}
