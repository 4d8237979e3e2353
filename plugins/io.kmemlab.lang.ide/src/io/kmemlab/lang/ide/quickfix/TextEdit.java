package io.kmemlab.lang.ide.quickfix;

/** Replace {@code length} characters at {@code offset} by {@code text} (an insertion when length is 0). */
public record TextEdit(int offset, int length, String text) {
}
