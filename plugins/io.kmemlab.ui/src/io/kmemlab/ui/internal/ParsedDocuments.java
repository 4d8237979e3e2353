package io.kmemlab.ui.internal;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;
import com.google.inject.Singleton;

import io.kmemlab.lang.ide.text.TextParser;

/**
 * The parsed form of each open .kmem document, reparsed only when the text changed. Validation,
 * assist, the outline, hyperlinks, occurrences, folding, highlighting and hovers ask for the same
 * text many times between keystrokes; one parse serves them all.
 *
 * <p>Each new text is parsed whole. Following the edits with Xtext's partial parsing
 * ({@code LiveResource}) was measured slower on a long scenario (its statements are one block,
 * and every edit relinks the whole model): see docs/performance.md.
 *
 * <p>An Xtext resource resolves its cross-references lazily, which writes to it, so callers use
 * it only inside {@link #read}, one at a time per document.
 */
@Singleton
public class ParsedDocuments {

	private final TextParser parser;
	private final Map<IDocument, Entry> entries = new WeakHashMap<>();

	@Inject
	public ParsedDocuments(TextParser parser) {
		this.parser = parser;
	}

	private static final class Entry {
		long stamp = IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP;
		String text;
		XtextResource resource;
	}

	/** Runs the reader on the resource of the document's current text. */
	public <T> T read(IDocument document, Function<XtextResource, T> reader) {
		Entry entry;
		synchronized (entries) {
			entry = entries.computeIfAbsent(document, d -> new Entry());
		}
		synchronized (entry) {
			String text = document.get();
			long stamp = document instanceof IDocumentExtension4 d ? d.getModificationStamp()
					: IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP;
			boolean stale = entry.resource == null || stamp == IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP
					|| stamp != entry.stamp || !text.equals(entry.text);
			if (stale) {
				entry.resource = parser.parse(text, DocumentFiles.uriOf(DocumentFiles.fileOf(document)));
				entry.stamp = stamp;
				entry.text = text;
			}
			return reader.apply(entry.resource);
		}
	}
}
