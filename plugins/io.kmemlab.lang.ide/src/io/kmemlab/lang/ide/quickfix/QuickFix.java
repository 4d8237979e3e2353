package io.kmemlab.lang.ide.quickfix;

import java.util.Comparator;
import java.util.List;

/** One way to fix a problem: what the user chooses (the label) and the edits of the file. */
public record QuickFix(String label, List<TextEdit> edits) {

	public QuickFix {
		edits = List.copyOf(edits);
	}

	/** The text with the edits made (applied from the end, so offsets stay valid). */
	public String applyTo(String text) {
		StringBuilder result = new StringBuilder(text);
		edits.stream().sorted(Comparator.comparingInt(TextEdit::offset).reversed())
				.forEach(e -> result.replace(e.offset(), e.offset() + e.length(), e.text()));
		return result.toString();
	}
}
