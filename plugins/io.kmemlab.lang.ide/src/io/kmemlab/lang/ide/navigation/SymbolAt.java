package io.kmemlab.lang.ide.navigation;

/** The symbol whose name is under an offset, and the characters of that name. */
public record SymbolAt(Symbol symbol, int offset, int length) {
}
