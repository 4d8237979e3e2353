package io.kmemlab.ui.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DefaultInformationControl;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextHoverExtension;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.ui.editors.text.EditorsUI;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.kernel.KernelNames;

/** Hovering a name: a variable's kind, a machine's summary, a kernel function's prototype, a constant's value. */
public class KmemTextHover implements ITextHover, ITextHoverExtension {

	private final KernelNames kernelNames;
	private final io.kmemlab.ui.internal.ParsedDocuments documents;
	private final io.kmemlab.lang.ide.hover.KmemHovers hovers;

	@Inject
	public KmemTextHover(KernelNames kernelNames, io.kmemlab.ui.internal.ParsedDocuments documents,
			io.kmemlab.lang.ide.hover.KmemHovers hovers) {
		this.kernelNames = kernelNames;
		this.documents = documents;
		this.hovers = hovers;
	}

	/** Plain text with its line breaks (the default control would read the text as HTML and join the lines). */
	@Override
	public IInformationControlCreator getHoverControlCreator() {
		return parent -> new DefaultInformationControl(parent, EditorsUI.getTooltipAffordanceString(), null);
	}

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		return wordAt(viewer.getDocument(), offset);
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		if (region == null || region.getLength() == 0) {
			return null;
		}
		// Names resolved as the language resolves them (a variable, a machine, a constant on the
		// scenario's machine); a kernel name the parser could not place still gets its prototype.
		String meaning = documents.read(viewer.getDocument(),
				resource -> hovers.describe(resource, region.getOffset(), EmulatorConstantValues.INSTANCE));
		if (meaning != null) {
			return meaning;
		}
		try {
			return kernelNames.describe(viewer.getDocument().get(region.getOffset(), region.getLength()));
		} catch (BadLocationException e) {
			return null; // the document changed under the mouse
		}
	}

	/** The identifier around the offset (C identifier characters), possibly empty. */
	static IRegion wordAt(IDocument document, int offset) {
		String text = document.get();
		int start = Math.min(offset, text.length());
		while (start > 0 && isWordChar(text.charAt(start - 1))) {
			start--;
		}
		int end = Math.max(start, Math.min(offset, text.length()));
		while (end < text.length() && isWordChar(text.charAt(end))) {
			end++;
		}
		return new Region(start, end - start);
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}
}
