package io.kmemlab.ui.tests;

/** .kmem texts the tests open; embedded so the tests depend on nothing outside the bundle. */
final class KmemSamples {

	/** A machine and a scenario on it, in the style of the acceptance seeds. */
	static final String MACHINE_AND_SCENARIO = """
			// The RAM map of a 24 GiB x86_64 virtual machine (from its /proc/iomem).
			machine pc24g {
			    arch x86_64
			    paging 4-level
			    memory-model sparsemem-vmemmap
			    cpus 2
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0xbfffffff
			    ram 0x100000000 .. 0x63fffffff
			    kernel-image at 16M size 48M
			    config { VMAP_STACK on  THP on }
			}

			/* How to get the struct page behind any kernel address: the right helper
			   depends on which part of the address space the address is in. */
			scenario "struct page from any address" on pc24g {
			    let k = kmalloc(100, GFP_KERNEL)
			    expect virt_addr_valid(k)
			    expect page_to_pfn(virt_to_page(k)) == __pa(k) >> PAGE_SHIFT

			    let v = vmalloc(3 * PAGE_SIZE)
			    expect is_vmalloc_addr(v)
			    expect !virt_addr_valid(v)
			    print "vmalloc area ok"

			    process app {
			        let u = mmap(16K, PROT_READ | PROT_WRITE)
			        write8(u, 1)
			        let pages = get_user_pages(u, 4, FOLL_WRITE)
			        expect page_count(pages[0]) >= 2
			        put_page(pages[0])
			    }
			}
			""";

	/** Line 3 is not a machine clause: 'cpus' takes a count, not '='. */
	static final String BROKEN_ON_LINE_3 = """
			machine broken {
			    arch x86_64
			    cpus = 2
			}
			""";

	static final String FIXED = """
			machine broken {
			    arch x86_64
			    cpus 2
			}
			""";

	/** {@link #ASSIST_CURSOR} marks where content assist is asked for. */
	static final String ASSIST_CURSOR = "|";

	static final String ASSIST_MACHINE_REFERENCE = """
			machine pc24g {
			    arch x86_64
			}
			scenario "s" on |
			""";

	static final String ASSIST_STATEMENT = """
			machine pc24g {
			    arch x86_64
			}
			scenario "s" on pc24g {
			    |
			}
			""";

	static final String ASSIST_KERNEL_NAMES = """
			machine pc24g {
			    arch x86_64
			}
			scenario "s" on pc24g {
			    let k = kma|
			}
			""";

	static final String ASSIST_KERNEL_CONSTANT = """
			machine pc24g {
			    arch x86_64
			}
			scenario "s" on pc24g {
			    let k = kmalloc(64, GFP_K|)
			}
			""";

	private KmemSamples() {
	}
}
