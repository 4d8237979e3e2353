package io.kmemlab.lang.ide.text;

import java.util.List;

import io.kmemlab.lang.ide.quickfix.TextEdit;

/**
 * Toggle comment: comments out a range of lines with {@code //}, or uncomments them when every
 * non-blank line of the range is a line comment. The {@code //} goes at the smallest indentation
 * of the lines, so a commented block keeps its shape.
 */
public final class LineComments {

	private static final String MARK = "//";

	private LineComments() {
	}

	/**
	 * @param text      the whole text
	 * @param firstLine the first line of the range (0-based)
	 * @param lastLine  the last line of the range (0-based, inclusive)
	 */
	public static List<TextEdit> toggle(String text, int firstLine, int lastLine) {
		List<int[]> lines = lines(text, firstLine, lastLine);
		boolean allCommented = true;
		int indent = Integer.MAX_VALUE;
		for (int[] line : lines) {
			String content = text.substring(line[0], line[1]);
			if (content.isBlank()) {
				continue;
			}
			int lead = content.length() - content.stripLeading().length();
			indent = Math.min(indent, lead);
			allCommented &= content.stripLeading().startsWith(MARK);
		}
		if (indent == Integer.MAX_VALUE) {
			return List.of(); // only blank lines
		}
		java.util.ArrayList<TextEdit> edits = new java.util.ArrayList<>();
		for (int[] line : lines) {
			String content = text.substring(line[0], line[1]);
			if (content.isBlank()) {
				continue;
			}
			if (allCommented) {
				int at = line[0] + content.indexOf(MARK);
				int length = MARK.length() + (at + MARK.length() < line[1] && text.charAt(at + MARK.length()) == ' ' ? 1 : 0);
				edits.add(new TextEdit(at, length, ""));
			} else {
				edits.add(new TextEdit(line[0] + indent, 0, MARK + " "));
			}
		}
		return edits;
	}

	/** Start and end (before the line break) of each line of the range. */
	private static List<int[]> lines(String text, int firstLine, int lastLine) {
		java.util.ArrayList<int[]> result = new java.util.ArrayList<>();
		int line = 0;
		int start = 0;
		while (start <= text.length() && line <= lastLine) {
			int end = text.indexOf('\n', start);
			int contentEnd = end < 0 ? text.length() : end;
			if (contentEnd > start && text.charAt(contentEnd - 1) == '\r') {
				contentEnd--;
			}
			if (line >= firstLine) {
				result.add(new int[] { start, contentEnd });
			}
			if (end < 0) {
				break;
			}
			start = end + 1;
			line++;
		}
		return result;
	}
}
