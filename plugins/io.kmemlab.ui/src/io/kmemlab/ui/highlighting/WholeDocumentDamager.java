package io.kmemlab.ui.highlighting;

import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.presentation.IPresentationDamager;

/**
 * Every change damages the whole document: opening or closing a comment or a string recolours
 * everything after it, and .kmem files are small enough to relex on each keystroke.
 */
public class WholeDocumentDamager implements IPresentationDamager {

	private IDocument document;

	@Override
	public void setDocument(IDocument document) {
		this.document = document;
	}

	@Override
	public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent event, boolean documentPartitioningChanged) {
		return new Region(0, document == null ? 0 : document.getLength());
	}
}
