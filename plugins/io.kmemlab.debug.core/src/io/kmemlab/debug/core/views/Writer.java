package io.kmemlab.debug.core.views;

import io.kmemlab.debug.core.engine.Place;
import io.kmemlab.interpreter.debug.LastWriters;

/**
 * The step that last wrote something a view shows (provenance): {@code file:line}, the
 * statement's text, and the place to open in the editor.
 */
public record Writer(String where, String label, Place place) {
	/** The view's copy of an interpreter writer; null for null (nothing wrote it since the start). */
	public static Writer of(LastWriters.Writer w) {
		return w == null ? null : new Writer(w.where(), w.label(), Place.of(w.location()));
	}

	/** The text of a "last written by" cell. */
	public String text() {
		return where + "  " + label;
	}
}
