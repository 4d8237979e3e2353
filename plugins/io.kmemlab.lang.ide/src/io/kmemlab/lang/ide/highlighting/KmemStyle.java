package io.kmemlab.lang.ide.highlighting;

import io.kmemlab.lang.types.Builtin;

/**
 * The semantic highlighting styles of .kmem files: what a name means, beyond what the lexer
 * sees. Kernel functions are coloured by family, so a page walk reads apart from an allocation.
 */
public enum KmemStyle {
	VARIABLE("Variables"),
	MACHINE("Machines"),
	ZONE("Zones"),
	PROCESS("Processes and kthreads"),
	SYMBOL("Kernel-image symbols"),
	ALLOCATION("Allocation functions (page allocator, slab, vmalloc)"),
	TRANSLATION("Address translation (virt_to_page, __pa, pfn_to_page ...)"),
	PAGE_WALK("Page-table walk (pgd_offset ... pte_offset_kernel)"),
	KMAP("kmap and highmem"),
	REFCOUNT("Reference counts (get_page, put_page ...)"),
	OTHER_FUNCTION("Other kernel functions"),
	CONSTANT("Kernel constants and flags"),
	CONFIG_OPTION("Config options");

	private final String description;

	KmemStyle(String description) {
		this.description = description;
	}

	/** What a preference page shows for the style. */
	public String description() {
		return description;
	}

	/** The id passed to highlighting acceptors (and the suffix of preference keys). */
	public String id() {
		return "kmem." + name().toLowerCase(java.util.Locale.ROOT);
	}

	public static KmemStyle byId(String id) {
		for (KmemStyle s : values()) {
			if (s.id().equals(id)) {
				return s;
			}
		}
		return null;
	}

	/** The family of a kernel function, from the built-in table's group. */
	public static KmemStyle of(Builtin function) {
		return switch (function.group()) {
		case "page allocator", "slab, vmalloc", "compound, buddy" -> ALLOCATION;
		case "conversions" -> TRANSLATION;
		case "page tables" -> PAGE_WALK;
		case "highmem" -> KMAP;
		case "references" -> REFCOUNT;
		default -> OTHER_FUNCTION;
		};
	}
}
