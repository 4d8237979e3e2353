package io.kmemlab.debug.core.views;

import io.kmemlab.lang.types.Kind;

/**
 * What a memory view is asked to show: a virtual address to walk, or a frame to describe
 * (by its struct page *, its pfn or a physical address in it). Made from a value's kind, so
 * the editor, the Variables view and typed input all open the view that fits the value.
 *
 * @param kind  how {@code value} is to be read
 * @param value the address, struct page * or pfn
 */
public record MemoryTarget(Type kind, long value) {
	public enum Type {
		/** A virtual address: the Translations view walks it. */
		VIRTUAL,
		/** A struct page *: the Page Descriptor view describes it. */
		PAGE,
		/** A page frame number. */
		PFN,
		/** A physical address: its frame (pa >> PAGE_SHIFT). */
		PHYSICAL
	}

	/** True when the Page Descriptor view is the one for this target. */
	public boolean isFrame() {
		return kind != Type.VIRTUAL;
	}

	/**
	 * The target a value of {@code kind} stands for, or null for a value that is not an address
	 * or a frame (a bool, a gfp_t, an entry's value). Page-table entry pointers (pte_t * ...) are
	 * kernel virtual addresses.
	 */
	public static MemoryTarget of(Kind kind, long bits) {
		return switch (kind) {
			case PAGE, FOLIO -> bits == 0 ? null : new MemoryTarget(Type.PAGE, bits);
			case PFN -> new MemoryTarget(Type.PFN, bits);
			case PHYS_ADDR -> new MemoryTarget(Type.PHYSICAL, bits);
			case VIRT_ADDR, PGD_PTR, P4D_PTR, PUD_PTR, PMD_PTR, PTE_PTR, INTEGER -> new MemoryTarget(Type.VIRTUAL, bits);
			default -> null;
		};
	}

	/**
	 * Parses what a user types: a number (hex with 0x, or decimal) is a virtual address, or with
	 * {@code asFrame} a struct page * when it lies where struct pages are and otherwise a pfn.
	 * Null when the text is not a number.
	 */
	public static MemoryTarget parse(String text, boolean asFrame) {
		Long v = number(text);
		if (v == null) {
			return null;
		}
		if (!asFrame) {
			return new MemoryTarget(Type.VIRTUAL, v);
		}
		// a kernel address (top bit set on 64-bit, above 3G on 32-bit) is a struct page *; a small number a pfn
		return Long.compareUnsigned(v, 0xc0000000L) >= 0 ? new MemoryTarget(Type.PAGE, v) : new MemoryTarget(Type.PFN, v);
	}

	/** A number as the kernel prints it: 0x hex, or decimal; underscores allowed. Null when not one. */
	public static Long number(String text) {
		if (text == null) {
			return null;
		}
		String t = text.strip().replace("_", "");
		try {
			if (t.startsWith("0x") || t.startsWith("0X")) {
				return Long.parseUnsignedLong(t.substring(2), 16);
			}
			return t.isEmpty() ? null : Long.parseLong(t);
		} catch (NumberFormatException e) {
			return null;
		}
	}
}
