package io.kmemlab.ui.highlighting;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;

import com.google.inject.Inject;

/** Syntax colouring of .kmem files for the generic editor: one partition, lexer-based tokens. */
public class KmemPresentationReconciler extends PresentationReconciler {

	@Inject
	public KmemPresentationReconciler(KmemTokenScanner scanner) {
		setDamager(new WholeDocumentDamager(), IDocument.DEFAULT_CONTENT_TYPE);
		setRepairer(new DefaultDamagerRepairer(scanner), IDocument.DEFAULT_CONTENT_TYPE);
	}
}
