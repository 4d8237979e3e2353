package io.kmemlab.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;
import com.google.inject.Singleton;

import io.kmemlab.lang.ide.text.LiveResource;
import io.kmemlab.lang.ide.text.TextParser;

/**
 * The parsed form of each open .kmem document, kept current edit by edit: the document's
 * changes are replayed on a {@link LiveResource} (Xtext's partial parsing) when a service next
 * reads it, so after a keystroke the outline, validation, assist, hyperlinks, occurrences,
 * folding, highlighting and hovers share one model without parsing the whole file again.
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

	/** One replacement in a document, without the document (an entry must not keep it alive). */
	private record Edit(int offset, int length, String text) {
	}

	/** A document's live resource and the edits it has not seen yet. */
	private final class Entry implements IDocumentListener {
		LiveResource live;
		final List<Edit> pending = new ArrayList<>();

		@Override
		public void documentAboutToBeChanged(DocumentEvent event) {
		}

		@Override
		public void documentChanged(DocumentEvent event) {
			synchronized (pending) {
				pending.add(new Edit(event.getOffset(), event.getLength(), event.getText() == null ? "" : event.getText()));
			}
		}

		/** Brings the resource to the document's text. */
		XtextResource sync(IDocument document) {
			List<Edit> edits;
			synchronized (pending) {
				edits = new ArrayList<>(pending);
				pending.clear();
			}
			String text = document.get();
			if (live == null) {
				live = new LiveResource(parser, text, DocumentFiles.uriOf(DocumentFiles.fileOf(document)));
				return live.resource();
			}
			try {
				for (Edit e : edits) {
					live.edit(e.offset(), e.length(), e.text());
				}
			} catch (RuntimeException e) {
				live.reset(text);
			}
			// A change between document.get() and the listener's queue, or an edit the partial
			// parser got wrong, shows as different texts: parse whole then.
			if (!live.text().equals(text)) {
				live.reset(text);
			}
			return live.resource();
		}
	}

	/** Runs the reader on the resource of the document's current text. */
	public <T> T read(IDocument document, Function<XtextResource, T> reader) {
		Entry entry;
		synchronized (entries) {
			entry = entries.get(document);
			if (entry == null) {
				entry = new Entry();
				entries.put(document, entry);
				document.addDocumentListener(entry);
			}
		}
		synchronized (entry) {
			return reader.apply(entry.sync(document));
		}
	}
}
