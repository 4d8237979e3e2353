package io.kmemlab.ui.search;

import org.eclipse.core.resources.IFile;

/** A line of a file that names the searched symbol: one row of the Search view. */
public record ReferenceLine(IFile file, int line, String text) {
}
