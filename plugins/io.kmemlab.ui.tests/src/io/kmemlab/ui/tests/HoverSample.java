package io.kmemlab.ui.tests;

/** A machine with two RAM ranges and a scenario that uses names of every kind (highlighting and hovers). */
final class HoverSample {

	static final String TEXT = """
			machine pc {
			    arch x86_64
			    paging 4-level
			    kaslr off
			    ram 0x0 .. 0x3fffffff
			    ram 0x100000000 .. 0x13fffffff
			    config { HIGHMEM off }
			}
			// the variable p is named in this comment
			scenario "s" on pc {
			    let p = alloc_pages(GFP_KERNEL, 0)
			    let v = page_address(p)
			    let e = pte_offset_kernel(pmd_offset(pud_offset(p4d_offset(pgd_offset_k(v), v), v), v), v)
			    get_page(p)
			    print PAGE_OFFSET
			    print zone(Normal)
			}
			""";

	/** The p in page_address(p): a use of the variable. */
	static final int VARIABLE_USE = TEXT.indexOf("page_address(p)") + "page_address(".length();

	private HoverSample() {
	}
}
