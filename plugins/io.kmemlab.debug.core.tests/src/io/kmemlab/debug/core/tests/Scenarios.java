package io.kmemlab.debug.core.tests;

/** The .kmem texts the debugger tests run, and the lines of their statements. */
final class Scenarios {
	private Scenarios() {
	}

	/** A 1 GiB x86_64 PC: boots in well under a second. */
	static final String MACHINE = """
			machine pc {
			    arch x86_64
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0x3fffffff
			}
			""";

	static final String PAGES = MACHINE + """

			scenario "pages" on pc {
			    let p = alloc_pages(GFP_KERNEL, 1)
			    let pfn = page_to_pfn(p)

			    // a blank line and this comment sit between two statements
			    expect page_count(p) == 1
			    repeat 2 {
			        let q = alloc_page(GFP_KERNEL)
			        __free_page(q)
			    }
			    process app {
			        let u = mmap(4K, PROT_READ | PROT_WRITE)
			        write8(u, 1)
			    }
			    get_page(p)
			    __free_pages(p, 1)
			    let done = 1
			}

			scenario "second" on pc {
			    let k = kmalloc(64, GFP_KERNEL)
			}
			""";

	static final String OOPS = MACHINE + """

			scenario "oops" on pc {
			    let p = alloc_page(GFP_KERNEL)
			    let before = 7
			    write8(0xdead000000000000, 1)
			    let after = 1
			}
			""";

	/** 1-based line of the first line of {@code text} that contains {@code fragment}. */
	static int lineOf(String text, String fragment) {
		int at = text.indexOf(fragment);
		if (at < 0) {
			throw new IllegalArgumentException(fragment + " is not in the text");
		}
		return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
	}
}
