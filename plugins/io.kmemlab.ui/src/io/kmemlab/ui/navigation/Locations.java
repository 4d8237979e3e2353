package io.kmemlab.ui.navigation;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Path;
import org.eclipse.emf.common.util.URI;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

import io.kmemlab.lang.ide.navigation.Occurrence;
import io.kmemlab.ui.internal.DocumentFiles;
import io.kmemlab.ui.internal.KmemEditors;

/** Opens the place an occurrence names: in the same editor, or in the editor of another workspace file. */
public final class Locations {

	private Locations() {
	}

	/** The workspace file of a platform:/resource URI, or null for other URIs. */
	public static IFile fileOf(URI uri) {
		if (uri == null || !uri.isPlatformResource()) {
			return null;
		}
		return ResourcesPlugin.getWorkspace().getRoot().getFile(new Path(uri.toPlatformString(true)));
	}

	/** Selects the occurrence, opening its file when it is not the editor's own. */
	public static void reveal(ITextEditor from, Occurrence target) {
		IFile own = DocumentFiles.fileOf(KmemEditors.document(from));
		URI ownUri = DocumentFiles.uriOf(own);
		if (ownUri.equals(target.uri())) {
			from.selectAndReveal(target.offset(), target.length());
			return;
		}
		IFile file = fileOf(target.uri());
		if (file == null || !file.exists()) {
			return;
		}
		IWorkbenchPage page = from.getSite() != null ? from.getSite().getPage()
				: PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		try {
			IEditorPart opened = IDE.openEditor(page, file, true);
			if (opened instanceof ITextEditor text) {
				text.selectAndReveal(target.offset(), target.length());
			}
		} catch (PartInitException e) {
			org.eclipse.core.runtime.ILog.of(Locations.class).log(e.getStatus());
		}
	}
}
