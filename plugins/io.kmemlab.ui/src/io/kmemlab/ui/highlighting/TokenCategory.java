package io.kmemlab.ui.highlighting;

/** What a piece of kmem text is, as far as colouring is concerned. */
public enum TokenCategory {
	KEYWORD,
	NUMBER,
	STRING,
	COMMENT,
	/** A call of a kernel function: kmalloc(...), virt_to_page(...). */
	BUILTIN,
	/** A kernel macro-style constant: GFP_KERNEL, PAGE_SIZE, ZONE_NORMAL. */
	CONSTANT,
	/** Names, operators, punctuation, white space. */
	PLAIN
}
