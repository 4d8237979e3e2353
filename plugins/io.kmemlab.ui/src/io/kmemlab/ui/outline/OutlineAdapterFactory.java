package io.kmemlab.ui.outline;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

import io.kmemlab.lang.ide.outline.KmemOutline;
import io.kmemlab.ui.internal.KmemEditors;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * Gives the generic editor an outline page when it edits a .kmem file. The Outline view asks
 * the editor for an IContentOutlinePage; the generic editor has none of its own and passes the
 * question to the platform's adapter manager, which asks this factory.
 */
public class OutlineAdapterFactory implements IAdapterFactory {

	@Override
	public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
		ITextEditor editor = KmemEditors.asKmemEditor(adaptable);
		if (editor == null || adapterType != IContentOutlinePage.class) {
			return null;
		}
		KmemOutlinePage page = new KmemOutlinePage(editor, KmemInjector.get().getInstance(ParsedDocuments.class),
				KmemInjector.get().getInstance(KmemOutline.class));
		return adapterType.cast(page);
	}

	@Override
	public Class<?>[] getAdapterList() {
		return new Class<?>[] { IContentOutlinePage.class };
	}
}
