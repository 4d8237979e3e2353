package io.kmemlab.lang.ide.navigation;

/** The sorts of names in a .kmem file. */
public enum SymbolKind {
	MACHINE,
	/** A let or for variable. */
	VARIABLE,
	ZONE,
	/** A kernel-image symbol declared by a machine (symbol NAME in data size N). */
	SYMBOL,
	/** A process or kthread block's name. */
	PROCESS,
	/** A kernel function (kmalloc): built in, declared nowhere. */
	FUNCTION,
	/** A kernel constant (GFP_KERNEL, PAGE_OFFSET): built in, declared nowhere. */
	CONSTANT,
	/** The file an import names. */
	IMPORT
}
