package io.kmemlab.lang.ide.text;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;

/**
 * A resource that follows an editor's text edit by edit: each change is applied with Xtext's
 * partial parsing (only the smallest enclosing rule is parsed again), so services that run
 * after a keystroke find the model current without parsing a long file again. Falls back to a
 * whole parse when an edit cannot be applied (the text it was given does not match).
 *
 * <p>Not thread-safe: one caller at a time (the editor serialises access).
 */
public final class LiveResource {

	private final TextParser parser;
	private final URI uri;
	private XtextResource resource;

	public LiveResource(TextParser parser, String text, URI uri) {
		this.parser = parser;
		this.uri = uri;
		this.resource = parser.parse(text, uri);
	}

	public XtextResource resource() {
		return resource;
	}

	public String text() {
		return resource.getParseResult().getRootNode().getText();
	}

	/** Replaces {@code length} characters at {@code offset} by {@code replacement}. */
	public void edit(int offset, int length, String replacement) {
		String text = text();
		if (offset < 0 || offset + length > text.length()) {
			throw new IllegalArgumentException("edit outside the text");
		}
		try {
			resource.update(offset, length, replacement);
			// The update relinked the model (every cross-reference is a proxy again): drop the
			// imported files' resources too, so that they are read again from disk as a fresh
			// parse would, and an edited machine file is seen by the files importing it.
			resource.getResourceSet().getResources().removeIf(r -> r != resource);
		} catch (RuntimeException e) {
			// The partial parser gave up on this edit: parse the new text whole.
			String edited = text.substring(0, offset) + replacement + text.substring(offset + length);
			resource = parser.parse(edited, uri);
		}
	}

	/** Parses the text whole (after edits this resource did not see). */
	public void reset(String text) {
		resource = parser.parse(text, uri);
	}
}
