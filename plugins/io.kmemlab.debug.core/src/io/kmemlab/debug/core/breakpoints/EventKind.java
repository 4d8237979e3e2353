package io.kmemlab.debug.core.breakpoints;

/**
 * What an event breakpoint waits for. The argument is a pfn or a virtual address, as the
 * kind says.
 */
public enum EventKind {
	/** The kernel prints an oops, a BUG or a WARN (one that no {@code expect} asked for). */
	REPORT("an oops, BUG or WARN", null),
	/** The _refcount of the frame's struct page changes. */
	REFCOUNT("the refcount of a pfn changes", "pfn"),
	/** A page-table entry on the walk of an address is written. */
	ENTRY_WRITE("an entry mapping an address is written", "virtual address"),
	/** The frame is handed out by, or given back to, the page allocator. */
	ALLOC_FREE("a pfn is allocated or freed", "pfn");

	/** How the Breakpoints view names the kind. */
	public final String description;
	/** What the argument is, or null when the kind takes none. */
	public final String argument;

	EventKind(String description, String argument) {
		this.description = description;
		this.argument = argument;
	}

	public boolean takesArgument() {
		return argument != null;
	}
}
