package io.kmemlab.ui.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.kernel.KernelNames;

/** Hovering a kernel function or constant shows its C prototype (or value) and what it does. */
public class KmemTextHover implements ITextHover {

	private final KernelNames kernelNames;

	@Inject
	public KmemTextHover(KernelNames kernelNames) {
		this.kernelNames = kernelNames;
	}

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		return wordAt(viewer.getDocument(), offset);
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		try {
			return region == null ? null : kernelNames.describe(viewer.getDocument().get(region.getOffset(), region.getLength()));
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
