package io.kmemlab.ui.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentCommand;
import org.eclipse.jface.text.IAutoEditStrategy;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.TextUtilities;

/**
 * Indentation while typing: a new line keeps the indentation of the line before and gets one
 * more level after a '{'; a '}' typed on a blank line moves back to the indentation of the line
 * that opened the block. One level is four spaces, as the formatter writes.
 */
public class KmemAutoEditStrategy implements IAutoEditStrategy {

	static final String LEVEL = "    ";

	@Override
	public void customizeDocumentCommand(IDocument document, DocumentCommand command) {
		try {
			if (command.length == 0 && command.text != null
					&& TextUtilities.endsWith(document.getLegalLineDelimiters(), command.text) != -1) {
				newLine(document, command);
			} else if ("}".equals(command.text)) {
				closingBrace(document, command);
			}
		} catch (BadLocationException e) {
			// leave the command as typed
		}
	}

	private static void newLine(IDocument document, DocumentCommand command) throws BadLocationException {
		IRegion line = document.getLineInformationOfOffset(command.offset);
		String before = document.get(line.getOffset(), command.offset - line.getOffset());
		String indent = leadingWhitespace(before);
		if (before.strip().endsWith("{")) {
			String after = document.get(command.offset, line.getOffset() + line.getLength() - command.offset);
			if (after.strip().startsWith("}")) {
				// { | } → the caret on an indented line of its own, the brace below at the block's indentation
				command.text = command.text + indent + LEVEL + command.text + indent;
				command.caretOffset = command.offset + command.text.indexOf(LEVEL) + LEVEL.length();
				command.shiftsCaret = false;
				return;
			}
			indent += LEVEL;
		}
		command.text = command.text + indent;
	}

	private static void closingBrace(IDocument document, DocumentCommand command) throws BadLocationException {
		IRegion line = document.getLineInformationOfOffset(command.offset);
		String before = document.get(line.getOffset(), command.offset - line.getOffset());
		if (!before.isBlank()) {
			return; // a brace after code on the line stays where it is typed
		}
		int open = matchingOpenBrace(document, line.getOffset());
		if (open < 0) {
			return;
		}
		IRegion openLine = document.getLineInformationOfOffset(open);
		String indent = leadingWhitespace(document.get(openLine.getOffset(), openLine.getLength()));
		command.offset = line.getOffset();
		command.length = before.length();
		command.text = indent + "}";
	}

	/** The '{' that a '}' at the offset would close, skipping strings and comments; -1 if none. */
	static int matchingOpenBrace(IDocument document, int offset) throws BadLocationException {
		String text = document.get(0, offset);
		java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') {
				i = skipString(text, i);
			} else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
				int end = text.indexOf('\n', i);
				i = end < 0 ? text.length() : end;
			} else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
				int end = text.indexOf("*/", i + 2);
				i = end < 0 ? text.length() : end + 1;
			} else if (c == '{') {
				open.push(i);
			} else if (c == '}' && !open.isEmpty()) {
				open.pop();
			}
		}
		return open.isEmpty() ? -1 : open.peek();
	}

	private static int skipString(String text, int start) {
		for (int i = start + 1; i < text.length(); i++) {
			if (text.charAt(i) == '\\') {
				i++;
			} else if (text.charAt(i) == '"' || text.charAt(i) == '\n') {
				return i;
			}
		}
		return text.length();
	}

	private static String leadingWhitespace(String line) {
		int i = 0;
		while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
			i++;
		}
		return line.substring(0, i);
	}
}
