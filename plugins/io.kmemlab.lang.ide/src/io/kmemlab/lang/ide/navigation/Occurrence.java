package io.kmemlab.lang.ide.navigation;

import org.eclipse.emf.common.util.URI;

/** A place where a symbol is written: its file and the characters of the name. */
public record Occurrence(URI uri, int offset, int length, boolean declaration) {
}
