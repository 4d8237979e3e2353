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
 * it only inside {@link #read} or {@link #readLast}, one at a time per resource.
 */
@Singleton
public class ParsedDocuments {

	private final TextParser parser;
	private final Map<IDocument, Entry> entries = new WeakHashMap<>();

	@Inject
	public ParsedDocuments(TextParser parser) {
		this.parser = parser;
	}

	/** One parse of a document: its text, the document's stamp then, and the model. */
	private record Parse(long stamp, String text, XtextResource resource) {
	}

	private static final class Entry {
		/** Held while parsing: one parse at a time per document, and readers of the last one are not held up. */
		final Object parsing = new Object();
		volatile Parse last;
	}

	/** Runs the reader on the resource of the document's current text (parsed now if it changed). */
	public <T> T read(IDocument document, Function<XtextResource, T> reader) {
		Entry entry = entry(document);
		Parse parse;
		synchronized (entry.parsing) {
			String text = document.get();
			long stamp = document instanceof IDocumentExtension4 d ? d.getModificationStamp()
					: IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP;
			parse = entry.last;
			boolean stale = parse == null || stamp == IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP
					|| stamp != parse.stamp() || !text.equals(parse.text());
			if (stale) {
				parse = new Parse(stamp, text, parser.parse(text, DocumentFiles.uriOf(DocumentFiles.fileOf(document))));
				entry.last = parse;
			}
		}
		synchronized (parse) {
			return reader.apply(parse.resource());
		}
	}

	/**
	 * Runs the reader on the last resource parsed for the document, which may be of an earlier
	 * text (the reconciler parses again after each change, a moment later); parses only if there
	 * is none yet. For content assist, which must not wait for a whole parse of a long file.
	 */
	public <T> T readLast(IDocument document, Function<XtextResource, T> reader) {
		Parse parse = entry(document).last;
		if (parse == null) {
			return read(document, reader);
		}
		synchronized (parse) {
			return reader.apply(parse.resource());
		}
	}

	private Entry entry(IDocument document) {
		synchronized (entries) {
			return entries.computeIfAbsent(document, d -> new Entry());
		}
	}
}
