package io.kmemlab.lang.types;

import static io.kmemlab.lang.types.Kind.BOOL;
import static io.kmemlab.lang.types.Kind.FOLIO;
import static io.kmemlab.lang.types.Kind.MEM_SECTION;
import static io.kmemlab.lang.types.Kind.GFP;
import static io.kmemlab.lang.types.Kind.INTEGER;
import static io.kmemlab.lang.types.Kind.KM_TYPE;
import static io.kmemlab.lang.types.Kind.LIST;
import static io.kmemlab.lang.types.Kind.MM;
import static io.kmemlab.lang.types.Kind.P4D_PTR;
import static io.kmemlab.lang.types.Kind.PAGE;
import static io.kmemlab.lang.types.Kind.PFN;
import static io.kmemlab.lang.types.Kind.PGD_PTR;
import static io.kmemlab.lang.types.Kind.PHYS_ADDR;
import static io.kmemlab.lang.types.Kind.PMD;
import static io.kmemlab.lang.types.Kind.PMD_PTR;
import static io.kmemlab.lang.types.Kind.PTE;
import static io.kmemlab.lang.types.Kind.PTE_PTR;
import static io.kmemlab.lang.types.Kind.PUD;
import static io.kmemlab.lang.types.Kind.PUD_PTR;
import static io.kmemlab.lang.types.Kind.SLAB;
import static io.kmemlab.lang.types.Kind.STRING;
import static io.kmemlab.lang.types.Kind.SYMBOL;
import static io.kmemlab.lang.types.Kind.TASK;
import static io.kmemlab.lang.types.Kind.VIRT_ADDR;
import static io.kmemlab.lang.types.Kind.VOID;
import static io.kmemlab.lang.types.Kind.ZONE;
import static io.kmemlab.lang.types.Kind.ZONE_TYPE;

import io.kmemlab.emulator.arch.KmTypes;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.UserFlags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The language's built-in table, shared by the validator, the editor (completion, hover),
 * the docs and the interpreter: every function of docs/language.md section 5 with its parameter
 * kinds, result kind and kernel meaning, and every named constant with the kernel's value
 * where it does not depend on the machine.
 *
 * Flag values are the kernel's and are defined once, in the emulator (io.kmemlab.emulator.mm.Gfp,
 * io.kmemlab.emulator.process.UserFlags, the KM_ types of io.kmemlab.emulator.highmem.Highmem):
 * this table names them and says what they mean.
 */
public final class Builtins {

    private static final Map<String, Builtin> FUNCTIONS = new LinkedHashMap<>();
    private static final Map<String, Constant> CONSTANTS = new LinkedHashMap<>();

    /** The functions that read SPARSEMEM's mem_section: a FLATMEM machine has none. */
    public static final List<String> SECTION_FUNCTIONS = List.of("pfn_to_section", "__pfn_to_section", "__nr_to_section",
            "section_mem_map");

    /**
     * Page flags and page types that PageXxx() tests (PG_ bits, page types such as Slab and
     * Buddy that are not PG_ bits in recent kernels, and derived tests such as Tail and HighMem).
     */
    public static final List<String> PAGE_TESTS = List.of("Locked", "Writeback", "Referenced", "Uptodate",
            "Dirty", "LRU", "Head", "Waiters", "Active", "Workingset", "Error", "Reserved", "Private",
            "Private2", "Reclaim", "SwapBacked", "Unevictable", "Mlocked", "HWPoison", "Young", "Idle",
            "Slab", "Buddy", "Table", "Offline", "Guard", "Tail", "Compound", "HighMem",
            "Anon", "SwapCache", "TransHuge", "Huge", "Pinned");

    /** folio_test_xxx(): the PG_ bits every profile has, read on the folio's head, and large / anon. */
    public static final List<String> FOLIO_TESTS = List.of("locked", "referenced", "uptodate", "dirty", "lru", "active",
            "reserved", "private", "writeback", "swapbacked", "unevictable", "mlocked", "large", "anon");

    /** The flags that SetPageXxx()/ClearPageXxx() exist for (real PG_ bits). */
    public static final List<String> SETTABLE_PAGE_FLAGS = List.of("Locked", "Referenced", "Uptodate", "Dirty",
            "LRU", "Active", "Workingset", "Error", "Reserved", "Private", "Private2", "Reclaim", "SwapBacked",
            "Unevictable", "Mlocked", "HWPoison", "Young", "Idle", "Writeback");

    private static final Set<Effect> NONE = EnumSet.noneOf(Effect.class);
    private static final Set<Effect> OOPS = EnumSet.of(Effect.OOPS);
    private static final Set<Effect> WARN = EnumSet.of(Effect.WARN);
    private static final Set<Effect> OOPS_WARN = EnumSet.of(Effect.OOPS, Effect.WARN);
    private static final Set<Effect> ACCESS = EnumSet.of(Effect.OOPS, Effect.SIGSEGV);

    static {
        String g = "page allocator";
        fn(g, "alloc_pages", PAGE, WARN, "allocates 2^order physically contiguous frames from the highest zone gfp allows (falling back to lower zones); returns the first struct page, NULL on failure (order > MAX_PAGE_ORDER warns)",
                p("gfp", GFP), p("order", INTEGER));
        fn(g, "alloc_page", PAGE, NONE, "alloc_pages(gfp, 0): one frame", p("gfp", GFP));
        fn(g, "alloc_pages_node", PAGE, WARN, "alloc_pages() preferring the zones of node nid",
                p("nid", INTEGER), p("gfp", GFP), p("order", INTEGER));
        fn(g, "__get_free_pages", VIRT_ADDR, WARN, "alloc_pages() and return the frames' direct-map address (an unsigned long); never highmem",
                p("gfp", GFP), p("order", INTEGER));
        fn(g, "__get_free_page", VIRT_ADDR, NONE, "__get_free_pages(gfp, 0)", p("gfp", GFP));
        fn(g, "get_zeroed_page", VIRT_ADDR, NONE, "__get_free_pages(gfp | __GFP_ZERO, 0): one zeroed frame's direct-map address", p("gfp", GFP));
        fn(g, "__free_pages", VOID, OOPS_WARN, "drops a reference on the 2^order frames starting at page; at zero they go back to the buddy allocator (a bad page state is reported)",
                p("page", PAGE), p("order", INTEGER));
        fn(g, "__free_page", VOID, OOPS_WARN, "__free_pages(page, 0)", p("page", PAGE));
        fn(g, "free_pages", VOID, OOPS_WARN, "__free_pages(virt_to_page(addr), order), for addresses from __get_free_pages()",
                p("addr", VIRT_ADDR), p("order", INTEGER));
        fn(g, "free_page", VOID, OOPS_WARN, "free_pages(addr, 0)", p("addr", VIRT_ADDR));

        g = "slab, vmalloc";
        fn(g, "kmalloc", VIRT_ADDR, WARN, "allocates size bytes from the kmalloc slab caches (physically contiguous, in the direct map); large sizes go to the page allocator",
                p("size", INTEGER), p("gfp", GFP));
        fn(g, "kzalloc", VIRT_ADDR, WARN, "kmalloc() with __GFP_ZERO", p("size", INTEGER), p("gfp", GFP));
        fn(g, "kfree", VOID, OOPS, "frees a kmalloc() object (kfree(NULL) does nothing; a pointer the slab does not own is a BUG)",
                p("addr", VIRT_ADDR));
        fn(g, "page_slab", SLAB, NONE, "the struct slab a slab page is, or NULL when the page is not a slab page (fields slab_cache freelist inuse objects)",
                p("page", PAGE));
        fn(g, "virt_to_slab", SLAB, NONE, "the struct slab behind a kmalloc address, or NULL", p("addr", VIRT_ADDR));
        since("page_slab", "5.17");
        since("virt_to_slab", "5.17");
        fn(g, "vmalloc", VIRT_ADDR, WARN, "allocates size bytes of virtually contiguous memory in the vmalloc area, frame by frame (not physically contiguous)",
                p("size", INTEGER));
        fn(g, "vzalloc", VIRT_ADDR, WARN, "vmalloc() and zero the memory", p("size", INTEGER));
        fn(g, "vfree", VOID, OOPS_WARN, "unmaps a vmalloc area and frees its frames", p("addr", VIRT_ADDR));

        g = "conversions";
        fn(g, "virt_to_page", PAGE, OOPS_WARN, "the struct page of a direct-map (lowmem) address: pfn_to_page(__pa(addr) >> PAGE_SHIFT); wrong for vmalloc addresses (a BUG with DEBUG_VIRTUAL)",
                p("addr", VIRT_ADDR));
        fn(g, "page_to_virt", VIRT_ADDR, NONE, "the direct-map address of a lowmem page: __va(page_to_phys(page))", p("page", PAGE));
        fn(g, "page_address", VIRT_ADDR, NONE, "the kernel virtual address of a page: its direct-map address, or for highmem the kmap address, NULL when not mapped",
                p("page", PAGE));
        fn(g, "virt_to_phys", PHYS_ADDR, OOPS_WARN, "the physical address behind a direct-map address (not valid for vmalloc or, on arm, dma_alloc_coherent addresses)",
                p("addr", VIRT_ADDR));
        fn(g, "phys_to_virt", VIRT_ADDR, NONE, "the direct-map address of a physical address (lowmem only)", p("phys", PHYS_ADDR));
        fn(g, "__pa", PHYS_ADDR, OOPS_WARN, "physical address of a direct-map address: addr - PAGE_OFFSET (x86_64: also the kernel text map)",
                p("addr", VIRT_ADDR));
        fn(g, "__va", VIRT_ADDR, NONE, "direct-map address of a physical address: phys + PAGE_OFFSET", p("phys", PHYS_ADDR));
        hint("__va", PFN, "__va(PFN_PHYS(%s))");
        fn(g, "__pa_symbol", PHYS_ADDR, NONE, "physical address of a kernel-image symbol (through the kernel text map on x86_64)",
                p("addr", VIRT_ADDR));
        fn(g, "page_to_pfn", PFN, NONE, "the frame number a struct page describes", p("page", PAGE));
        fn(g, "pfn_to_page", PAGE, NONE, "the struct page of a frame number (mem_map + pfn, vmemmap + pfn, or through the section's memmap)",
                p("pfn", PFN));
        fn(g, "page_to_phys", PHYS_ADDR, NONE, "the physical address of the frame: PFN_PHYS(page_to_pfn(page))", p("page", PAGE));
        fn(g, "pfn_valid", BOOL, NONE, "whether the frame has a struct page (not whether it is RAM)", p("pfn", PFN));
        fn(g, "virt_addr_valid", BOOL, NONE, "whether addr is a direct-map address backed by a valid pfn (false for vmalloc and user addresses)",
                p("addr", VIRT_ADDR));
        fn(g, "is_vmalloc_addr", BOOL, NONE, "whether addr is in VMALLOC_START .. VMALLOC_END", p("addr", VIRT_ADDR));
        fn(g, "vmalloc_to_page", PAGE, NONE, "walks the kernel page tables for a vmalloc address and returns the struct page mapped there",
                p("addr", VIRT_ADDR));
        fn(g, "vmalloc_to_pfn", PFN, NONE, "page_to_pfn(vmalloc_to_page(addr))", p("addr", VIRT_ADDR));
        fn(g, "offset_in_page", INTEGER, NONE, "addr & ~PAGE_MASK: the byte offset inside its page", p("addr", VIRT_ADDR));
        fn(g, "PFN_DOWN", PFN, NONE, "phys >> PAGE_SHIFT: the frame holding a physical address", p("phys", PHYS_ADDR));
        fn(g, "PFN_UP", PFN, NONE, "(phys + PAGE_SIZE - 1) >> PAGE_SHIFT: the first frame at or above phys", p("phys", PHYS_ADDR));
        fn(g, "PHYS_PFN", PFN, NONE, "phys >> PAGE_SHIFT", p("phys", PHYS_ADDR));
        fn(g, "PFN_PHYS", PHYS_ADDR, NONE, "pfn << PAGE_SHIFT: the physical address of a frame", p("pfn", PFN));
        fn(g, "page_zone", ZONE, NONE, "the zone a page belongs to (from the zone bits in page->flags)", p("page", PAGE));
        fn(g, "page_zonenum", ZONE_TYPE, NONE, "the zone index of a page (ZONE_DMA, ZONE_NORMAL ...)", p("page", PAGE));
        fn(g, "page_to_nid", INTEGER, NONE, "the NUMA node of a page", p("page", PAGE));
        fn(g, "pfn_to_section_nr", INTEGER, NONE, "the SPARSEMEM section of a frame: pfn >> PFN_SECTION_SHIFT", p("pfn", PFN));
        fn(g, "symbol", VIRT_ADDR, NONE, "the kernel virtual address of a named kernel global (a `symbol` clause of the machine)",
                p("name", SYMBOL));

        g = "page tables";
        fn(g, "pgd_offset", PGD_PTR, NONE, "pointer to the pgd entry for addr in mm's top-level table", p("mm", MM), p("addr", VIRT_ADDR));
        fn(g, "pgd_offset_k", PGD_PTR, NONE, "pgd_offset(&init_mm, addr): the kernel page tables", p("addr", VIRT_ADDR));
        fn(g, "p4d_offset", P4D_PTR, NONE, "pointer to the p4d entry for addr below a pgd entry (the pgd entry itself when p4d is folded)",
                p("pgd", PGD_PTR), p("addr", VIRT_ADDR));
        since("p4d_offset", "4.11");
        fn(g, "pud_offset", PUD_PTR, NONE, "pointer to the pud entry for addr below a p4d entry", p("p4d", P4D_PTR), p("addr", VIRT_ADDR));
        fn(g, "pmd_offset", PMD_PTR, NONE, "pointer to the pmd entry for addr below a pud entry", p("pud", PUD_PTR), p("addr", VIRT_ADDR));
        fn(g, "pte_offset_map", PTE_PTR, OOPS_WARN, "maps the pte table below a pmd entry and points at addr's pte (NULL for a huge or bad pmd since 6.5); undo with pte_unmap()",
                p("pmd", PMD_PTR), p("addr", VIRT_ADDR));
        fn(g, "pte_offset_kernel", PTE_PTR, NONE, "pointer to addr's pte in a kernel (lowmem) pte table", p("pmd", PMD_PTR), p("addr", VIRT_ADDR));
        fn(g, "pte_unmap", VOID, NONE, "ends a pte_offset_map() (a kunmap of the pte table with highmem page tables)", p("ptep", PTE_PTR));
        fn(g, "pgd_index", INTEGER, NONE, "the pgd index of addr", p("addr", VIRT_ADDR));
        fn(g, "p4d_index", INTEGER, NONE, "the p4d index of addr (0 when folded)", p("addr", VIRT_ADDR));
        fn(g, "pud_index", INTEGER, NONE, "the pud index of addr", p("addr", VIRT_ADDR));
        fn(g, "pmd_index", INTEGER, NONE, "the pmd index of addr", p("addr", VIRT_ADDR));
        fn(g, "pte_index", INTEGER, NONE, "the pte index of addr", p("addr", VIRT_ADDR));
        fn(g, "pte_page", PAGE, NONE, "the struct page of the frame a pte maps: pfn_to_page(pte_pfn(pte))", p("pte", PTE));
        fn(g, "pte_pfn", PFN, NONE, "the frame number stored in a pte", p("pte", PTE));
        fn(g, "pte_present", BOOL, NONE, "whether the pte maps a frame (present, or PROT_NONE)", p("pte", PTE));
        fn(g, "pmd_leaf", BOOL, NONE, "whether the pmd maps memory itself (a 2/4 MiB page on x86, a section on arm) instead of a pte table",
                p("pmd", PMD));
        fn(g, "pud_leaf", BOOL, NONE, "whether the pud maps a 1 GiB page itself", p("pud", PUD));
        fn(g, "pmd_none", BOOL, NONE, "whether the pmd entry is empty", p("pmd", PMD));
        fn(g, "pmd_bad", BOOL, NONE, "whether the pmd entry is not a valid pointer to a pte table (a leaf counts as bad)", p("pmd", PMD));
        fn(g, "pmd_pfn", PFN, NONE, "the frame number in a pmd entry: the first frame of a huge pmd's 2/4 MiB page, or the pte table's frame",
                p("pmd", PMD));
        fn(g, "pmd_page", PAGE, NONE, "pfn_to_page(pmd_pfn(pmd)): the head frame of a huge pmd, or the pte table's page", p("pmd", PMD));
        fn(g, "pud_pfn", PFN, NONE, "the frame number in a pud entry: the first frame of a 1 GiB page, or the pmd table's frame", p("pud", PUD));
        fn(g, "pud_page", PAGE, NONE, "pfn_to_page(pud_pfn(pud))", p("pud", PUD));
        fn(g, "follow_pte", PTE_PTR, NONE, "the pte that maps a user address of the current process, as follow_pte() stores it through ptepp; NULL where it returns -EINVAL (no page table, or a huge mapping)",
                p("addr", VIRT_ADDR));
        since("follow_pte", "5.10");
        fn(g, "slow_virt_to_phys", PHYS_ADDR, NONE, "the physical address behind any mapped kernel address, found by walking the kernel page tables (lookup_address(), x86); for vmalloc, kmap and fixmap addresses too",
                p("addr", VIRT_ADDR));
        fn(g, "lookup_address", PTE_PTR, NONE, "walks the kernel page tables for addr and returns the entry that maps it, whatever its level (x86)",
                p("addr", VIRT_ADDR));

        g = "highmem";
        fn(g, "kmap", VIRT_ADDR, OOPS, "a kernel address for any page: page_address() for lowmem, a pkmap slot for highmem (may sleep); undo with kunmap(page)",
                p("page", PAGE));
        fn(g, "kunmap", VOID, OOPS, "releases the pkmap slot of a kmap()ed highmem page (BUG if it was not mapped)", p("page", PAGE));
        fn(g, "kmap_atomic", VIRT_ADDR, OOPS_WARN, "a temporary per-CPU fixmap mapping of a page (disables page faults and preemption); kernel 2.6 takes the KM_ slot type",
                p("page", PAGE), Param.optional("type", KM_TYPE));
        fn(g, "kunmap_atomic", VOID, OOPS, "ends the most recent kmap_atomic() (takes the address, not the page); kernel 2.6 takes the KM_ slot type too",
                p("addr", VIRT_ADDR), Param.optional("type", KM_TYPE));
        fn(g, "kmap_to_page", PAGE, WARN, "the page behind a kmap address: for a pkmap address pte_page() of its pkmap pte, for a kmap_local_page()/kmap_atomic() address of the current task the page of its slot (both WARN_ON_ONCE since 6.2, mm/highmem.c), else virt_to_page(addr); virt_to_page(addr) without HIGHMEM",
                p("addr", VIRT_ADDR));
        since("kmap_to_page", "3.6");
        fn(g, "kmap_local_page", VIRT_ADDR, OOPS, "a temporary, thread-local, stack-ordered mapping of a page (replaces kmap_atomic)", p("page", PAGE));
        since("kmap_local_page", "5.11");
        fn(g, "kunmap_local", VOID, OOPS, "ends a kmap_local_page() mapping (takes the address)", p("addr", VIRT_ADDR));
        since("kunmap_local", "5.11");

        g = "references";
        fn(g, "get_page", VOID, OOPS, "takes a reference: page->_refcount + 1 (BUG on a page with no references)", p("page", PAGE));
        fn(g, "put_page", VOID, OOPS_WARN, "drops a reference; the last one frees the page", p("page", PAGE));
        fn(g, "page_count", INTEGER, NONE, "the reference count of the page's head page", p("page", PAGE));
        fn(g, "page_ref_count", INTEGER, NONE, "page->_refcount of this very page", p("page", PAGE));
        since("page_ref_count", "4.6");
        fn(g, "page_mapcount", INTEGER, NONE, "how many page tables map the page (_mapcount + 1)", p("page", PAGE));
        fn(g, "page_cache_release", VOID, OOPS_WARN, "old name of put_page(), removed in 4.6", p("page", PAGE));
        deprecated("page_cache_release", "put_page");

        g = "user memory";
        fn(g, "mmap", VIRT_ADDR, NONE, "maps len bytes of anonymous private memory (MAP_PRIVATE|MAP_ANONYMOUS unless flags say otherwise) into the current process; MAP_FAILED where the kernel's would fail",
                p("len", INTEGER), p("prot", INTEGER), Param.optional("flags", INTEGER));
        fn(g, "munmap", INTEGER, NONE, "removes the mappings of addr .. addr + len from the current process", p("addr", VIRT_ADDR), p("len", INTEGER));
        fn(g, "get_user_pages", LIST, NONE, "faults in n user pages from addr of the current process and takes a reference on each (release with put_page)",
                p("addr", VIRT_ADDR), p("n", INTEGER), Param.optional("gup_flags", INTEGER));
        fn(g, "pin_user_pages", LIST, NONE, "like get_user_pages() with FOLL_PIN: the pages stay pinned for DMA (release with unpin_user_page)",
                p("addr", VIRT_ADDR), p("n", INTEGER), Param.optional("gup_flags", INTEGER));
        since("pin_user_pages", "5.6");
        fn(g, "unpin_user_page", VOID, OOPS_WARN, "releases a pin taken by pin_user_pages()", p("page", PAGE));
        since("unpin_user_page", "5.6");
        fn(g, "swap_out", VOID, NONE, "writes the user page at addr to swap and clears its pte (the next access swaps it in)", p("addr", VIRT_ADDR));

        g = "memory";
        fn(g, "memset", VIRT_ADDR, ACCESS, "fills len bytes at addr with byte, through the current page tables", p("addr", VIRT_ADDR),
                p("byte", INTEGER), p("len", INTEGER));
        for (int bits : new int[] {8, 16, 32, 64}) {
            fn(g, "read" + bits, INTEGER, ACCESS, "reads a " + bits + "-bit value at addr through the current page tables (a bad access oopses, or is SIGSEGV in a process)",
                    p("addr", VIRT_ADDR));
            fn(g, "write" + bits, VOID, ACCESS, "writes a " + bits + "-bit value at addr through the current page tables (faults the page in for a process)",
                    p("addr", VIRT_ADDR), p("value", INTEGER));
        }

        g = "compound, buddy";
        fn(g, "compound_head", PAGE, NONE, "the head page of the compound page a page belongs to (the page itself when not a tail)", p("page", PAGE));
        fn(g, "compound_order", INTEGER, NONE, "the order of a compound page (0 for a page that is not a head)", p("page", PAGE));
        fn(g, "buddy_order", INTEGER, NONE, "the order of a free buddy block (page->private of a PageBuddy page)", p("page", PAGE));

        g = "folios";
        fn(g, "page_folio", FOLIO, NONE, "the folio a page belongs to: its compound head (a struct folio * is the head's struct page *)", p("page", PAGE));
        fn(g, "virt_to_folio", FOLIO, OOPS_WARN, "page_folio(virt_to_page(addr)): the folio of a direct-map address (include/linux/mm.h)", p("addr", VIRT_ADDR));
        fn(g, "folio_pfn", PFN, NONE, "the frame number of the folio's first page", p("folio", FOLIO));
        fn(g, "folio_order", INTEGER, NONE, "the folio's order (0 for a single page)", p("folio", FOLIO));
        fn(g, "folio_nr_pages", INTEGER, NONE, "1 << folio_order(folio)", p("folio", FOLIO));
        fn(g, "folio_address", VIRT_ADDR, NONE, "page_address(&folio->page)", p("folio", FOLIO));
        fn(g, "folio_ref_count", INTEGER, NONE, "the folio's _refcount (its head page's)", p("folio", FOLIO));
        fn(g, "folio_mapcount", INTEGER, NONE, "how often the folio is mapped: _mapcount + 1 for a single page, _large_mapcount + 1 for a large folio",
                p("folio", FOLIO));
        for (String t : FOLIO_TESTS) {
            fn(g, "folio_test_" + t, BOOL, NONE, t.equals("large") ? "whether the folio has more than one page"
                    : t.equals("anon") ? "whether the folio is anonymous memory (PAGE_MAPPING_ANON)" : "PG_" + t + " of the folio's head", p("folio", FOLIO));
        }
        for (String f : List.of("page_folio", "virt_to_folio", "folio_pfn", "folio_order", "folio_nr_pages", "folio_address", "folio_ref_count")) {
            since(f, "5.16");
        }
        since("folio_mapcount", "5.18");
        for (String t : FOLIO_TESTS) {
            since("folio_test_" + t, "5.16");
        }

        g = "struct page words";
        fn(g, "page_raw", INTEGER, NONE, "word i of the struct page (sizeof(unsigned long) bytes at offset i * sizeof(long)): any union member's bytes, whatever the page is used as",
                p("page", PAGE), p("i", INTEGER));
        fn(g, "dump_page", VOID, NONE, "prints what the kernel's dump_page() prints (the kernel log) as the statement's output; `show page` prints the same lines and more",
                p("page", PAGE));

        g = "conversions";
        fn(g, "virt_to_pfn", PFN, OOPS_WARN, "PHYS_PFN(__pa(addr)): the frame of a direct-map address (wrong for vmalloc addresses, as virt_to_page)",
                p("addr", VIRT_ADDR));
        fn(g, "pfn_to_nid", INTEGER, NONE, "the NUMA node of a frame: page_to_nid(pfn_to_page(pfn))", p("pfn", PFN));
        fn(g, "__phys_to_pfn", PFN, NONE, "PHYS_PFN(phys) (include/asm-generic/memory_model.h)", p("phys", PHYS_ADDR));
        fn(g, "__pfn_to_phys", PHYS_ADDR, NONE, "PFN_PHYS(pfn) (include/asm-generic/memory_model.h)", p("pfn", PFN));
        fn(g, "pfn_to_section", MEM_SECTION, NONE, "the struct mem_section of a frame: drgn's pfn_to_section(), the kernel's __pfn_to_section(pfn) = __nr_to_section(pfn_to_section_nr(pfn)) (SPARSEMEM only, include/linux/mmzone.h)",
                p("pfn", PFN));
        fn(g, "__pfn_to_section", MEM_SECTION, NONE, "__nr_to_section(pfn_to_section_nr(pfn)): the struct mem_section of a frame (SPARSEMEM only, include/linux/mmzone.h)", p("pfn", PFN));
        fn(g, "__nr_to_section", MEM_SECTION, NONE, "&mem_section[SECTION_NR_TO_ROOT(nr)][nr & SECTION_ROOT_MASK]: a section by number (SPARSEMEM only)",
                p("nr", INTEGER));
        fn(g, "__section_nr", INTEGER, NONE, "the number of a struct mem_section", p("ms", MEM_SECTION));
        fn(g, "__section_mem_map_addr", PAGE, NONE, "the coded mem_map of a section: section_mem_map & SECTION_MAP_MASK, so that it + pfn is pfn_to_page(pfn) (include/linux/mmzone.h)",
                p("ms", MEM_SECTION));
        fn(g, "present_section", BOOL, NONE, "whether the section has SECTION_MARKED_PRESENT (RAM in it)", p("ms", MEM_SECTION));
        fn(g, "section_mem_map", PAGE, NONE, "__section_mem_map_addr(__nr_to_section(nr)): the coded mem_map of a SPARSEMEM section, mem_map minus the section's first pfn, so that coded + pfn is the struct page",
                p("nr", INTEGER));

        g = "introspection";
        fn(g, "node_mem_map", PAGE, NONE, "the struct page array of a node (FLATMEM and per-node memmaps)", p("nid", INTEGER));
        fn(g, "zone", ZONE, NONE, "a zone by name (DMA DMA32 Normal HighMem Movable or a custom zone), on node nid (default 0); fields start_pfn end_pfn spanned present managed free",
                p("name", ZONE), Param.optional("nid", INTEGER));
        fn(g, "frame_owner", STRING, NONE, "what a frame is used for: \"free\" \"memmap\" \"kernel\" \"memblock\" \"page-table\" \"slab\" \"vmalloc\" \"user\" \"stack\" \"reserved\" \"hole\"",
                p("pfn", PFN));
        fn(g, "frames_owned_by", INTEGER, NONE, "how many frames (optionally of one zone) have that owner", p("owner", STRING),
                Param.optional("zone", ZONE));
        fn(g, "stack_buffer", VIRT_ADDR, NONE, "a buffer of n bytes inside the current kthread's kernel stack", p("n", INTEGER));

        g = "boot / dma";
        fn(g, "memblock_alloc", VIRT_ADDR, OOPS, "a boot-time allocation from memblock (top-down; bootmem in kernel 2.6), returned as a direct-map address",
                p("size", INTEGER), p("align", INTEGER));
        fn(g, "dma_alloc_coherent", VIRT_ADDR, NONE, "coherent DMA memory; on arm the returned address is a remapping, not the linear map, so virt_to_phys() is wrong for it",
                p("size", INTEGER));

        defineConstants();
    }

    private static void defineConstants() {
        layout("PAGE_SIZE", INTEGER, "bytes in a page (4096)");
        layout("PAGE_SHIFT", INTEGER, "log2(PAGE_SIZE) (12)");
        layout("PAGE_MASK", INTEGER, "~(PAGE_SIZE - 1): clears the offset inside a page");
        layout("PAGE_OFFSET", VIRT_ADDR, "start of the direct map of physical memory (0xC0000000 on i386, page_offset_base on x86_64)");
        layout("VMALLOC_START", VIRT_ADDR, "start of the vmalloc area");
        layout("VMALLOC_END", VIRT_ADDR, "end of the vmalloc area");
        layout("VMEMMAP_START", VIRT_ADDR, "start of the virtual memmap (SPARSEMEM_VMEMMAP): pfn_to_page(pfn) = VMEMMAP_START + pfn * sizeof(struct page)");
        layout("PKMAP_BASE", VIRT_ADDR, "start of the kmap() window (32-bit highmem)");
        layout("LAST_PKMAP", INTEGER, "number of kmap() slots");
        layout("FIXADDR_START", VIRT_ADDR, "start of the fixmap (kmap_atomic slots live here)");
        layout("FIXADDR_TOP", VIRT_ADDR, "end of the fixmap: fix_to_virt(0) is the page just below it");
        layout("MODULES_VADDR", VIRT_ADDR, "start of the area modules are loaded into");
        layout("MODULES_END", VIRT_ADDR, "end of the module area");
        layout("TASK_SIZE", VIRT_ADDR, "end of the user half of the address space (user addresses are below it)");
        layout("__START_KERNEL_map", VIRT_ADDR, "x86: virtual address of physical 0 in the kernel text map (x86_64 0xffffffff80000000; PAGE_OFFSET on i386 and arm)");
        layout("MAX_PAGE_ORDER", INTEGER, "the largest order the buddy allocator hands out (MAX_ORDER - 1 before 6.8)");
        layout("NR_PAGE_ORDERS", INTEGER, "MAX_PAGE_ORDER + 1: the number of free lists per zone");
        layout("MAP_FAILED", VIRT_ADDR, "what mmap() returns on failure ((void *)-1)");
        layout("PTRS_PER_PTE", INTEGER, "entries in a pte table");
        layout("PTRS_PER_PMD", INTEGER, "entries in a pmd table");
        layout("PTRS_PER_PGD", INTEGER, "entries in the pgd");
        layout("mem_map", PAGE, "FLATMEM's global struct page array (node 0's memmap)");
        layout("init_mm", MM, "the kernel's mm_struct (its page tables are the kernel page tables)");
        layout("current", TASK, "the running process or kthread (current->mm is a process's mm)");

        // Flag values have one definition, the emulator's (include/linux/gfp_types.h of 6.12,
        // include/uapi/asm-generic/mman*.h, the FOLL_ enum of include/linux/mm_types.h); the
        // table adds what each means.
        gfp("__GFP_DMA", "allocate from ZONE_DMA");
        gfp("__GFP_HIGHMEM", "the allocation may come from ZONE_HIGHMEM");
        gfp("__GFP_DMA32", "allocate from ZONE_DMA32 or below");
        gfp("__GFP_MOVABLE", "the page can be migrated (may use ZONE_MOVABLE)");
        gfp("__GFP_RECLAIMABLE", "slab pages that a shrinker can reclaim");
        gfp("__GFP_HIGH", "high priority: may use part of the reserves");
        gfp("__GFP_IO", "may start physical I/O");
        gfp("__GFP_FS", "may call into the filesystem");
        gfp("__GFP_ZERO", "return zeroed memory");
        gfp("__GFP_DIRECT_RECLAIM", "may enter direct reclaim (may sleep)");
        gfp("__GFP_KSWAPD_RECLAIM", "may wake kswapd");
        gfp("__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM");
        gfp("__GFP_WRITE", "the caller intends to dirty the page");
        gfp("__GFP_NOWARN", "do not print an allocation-failure warning");
        gfp("__GFP_RETRY_MAYFAIL", "retry hard, but may fail");
        gfp("__GFP_NOFAIL", "retry forever");
        gfp("__GFP_NORETRY", "fail rather than retry");
        gfp("__GFP_MEMALLOC", "may use all reserves");
        gfp("__GFP_COMP", "make a compound page (head + tails) of a higher-order allocation");
        gfp("__GFP_NOMEMALLOC", "never use the emergency reserves");
        gfp("__GFP_HARDWALL", "enforce the cpuset memory policy");
        gfp("__GFP_THISNODE", "only the requested node, no fallback");
        gfp("__GFP_ACCOUNT", "charge to the memory cgroup");
        gfp("__GFP_ZEROTAGS", "zero memory tags with the memory (arm64 MTE)");
        gfp("GFP_KERNEL", "ordinary kernel allocation, may sleep (ZONE_NORMAL and below)");
        gfp("GFP_KERNEL_ACCOUNT", "GFP_KERNEL charged to the memory cgroup");
        gfp("GFP_ATOMIC", "cannot sleep, may use reserves");
        gfp("GFP_NOWAIT", "cannot sleep, no reserves");
        gfp("GFP_NOIO", "may reclaim but start no I/O");
        gfp("GFP_NOFS", "may reclaim but not call into filesystems");
        gfp("GFP_USER", "for user-space pages that the kernel also accesses");
        gfp("GFP_DMA", "ZONE_DMA only");
        gfp("GFP_DMA32", "ZONE_DMA32 and below");
        gfp("GFP_HIGHUSER", "user pages that may be in highmem");
        gfp("GFP_HIGHUSER_MOVABLE", "movable user pages that may be in highmem");
        gfp("GFP_TRANSHUGE_LIGHT", "THP allocation that does not reclaim");
        gfp("GFP_TRANSHUGE", "THP allocation");

        flag("PROT_NONE", "prot", "page cannot be accessed");
        flag("PROT_READ", "prot", "page can be read");
        flag("PROT_WRITE", "prot", "page can be written");
        flag("PROT_EXEC", "prot", "page can be executed");
        flag("MAP_SHARED", "map", "share changes");
        flag("MAP_PRIVATE", "map", "changes are private (copy-on-write)");
        flag("MAP_FIXED", "map", "interpret addr exactly");
        flag("MAP_ANONYMOUS", "map", "not backed by a file");
        flag("MAP_NORESERVE", "map", "do not reserve swap");
        flag("MAP_POPULATE", "map", "fault the pages in at mmap time");
        flag("MAP_LOCKED", "map", "lock the pages (mlock)");
        flag("MAP_STACK", "map", "an address suitable for a stack");
        flag("MAP_HUGETLB", "map", "back with pages of the hugetlb pool (MAP_FAILED when it is empty)");
        flag("FOLL_WRITE", "foll", "the pages will be written: break copy-on-write first");
        flag("FOLL_GET", "foll", "take a reference on each page");
        flag("FOLL_DUMP", "foll", "report holes as errors (core dumps)");
        flag("FOLL_FORCE", "foll", "ignore the vma's protection (ptrace)");
        flag("FOLL_NOWAIT", "foll", "do not wait for I/O");
        flag("FOLL_NOFAULT", "foll", "do not fault pages in");
        flag("FOLL_HWPOISON", "foll", "report hardware-poisoned pages");
        flag("FOLL_ANON", "foll", "anonymous pages only");
        flag("FOLL_LONGTERM", "foll", "the pin is long-term: migrate out of ZONE_MOVABLE/CMA first");
        flag("FOLL_SPLIT_PMD", "foll", "split a huge pmd first");

        // enum zone_type: index values depend on which zones the machine has.
        zoneType("ZONE_DMA", "index of ZONE_DMA (the first zone)");
        zoneType("ZONE_DMA32", "index of ZONE_DMA32 (x86_64)");
        zoneType("ZONE_NORMAL", "index of ZONE_NORMAL");
        zoneType("ZONE_HIGHMEM", "index of ZONE_HIGHMEM (32-bit with HIGHMEM)");
        zoneType("ZONE_MOVABLE", "index of ZONE_MOVABLE");

        // 2.6's enum km_type (include/asm-generic/kmap_types.h of 2.6.32): the fixed kmap_atomic
        // slot types, as the emulator's highmem defines them.
        List<String> km = Highmem.KM_TYPES;
        for (int i = 0; i < km.size(); i++) {
            put(new Constant(km.get(i), KM_TYPE, OptionalLong.of(i), "km", "kmap_atomic slot type " + i + " (kernel 2.6 only)"));
        }
        // ARM's own 2.6.32 enum (arch/arm/include/asm/kmap_types.h) ends in a type the generic one lacks
        List<String> armKm = KmTypes.ARM;
        for (int i = 0; i < armKm.size(); i++) {
            if (km.contains(armKm.get(i))) continue;
            put(new Constant(armKm.get(i), KM_TYPE, OptionalLong.of(i), "km", "kmap_atomic slot type " + i + " (kernel 2.6 on arm only)"));
        }
    }

    /** Names of the default zones; custom zones come from the machine's `zones { }` block. */
    public static final List<String> DEFAULT_ZONE_NAMES = List.of("DMA", "DMA32", "Normal", "HighMem", "Movable");

    private Builtins() {
    }

    /** The built-in of that name, including the PageXxx / SetPageXxx / ClearPageXxx families, or null. */
    public static Builtin function(String name) {
        Builtin b = FUNCTIONS.get(name);
        if (b != null || name == null) {
            return b;
        }
        return pageFlagFunction(name);
    }

    private static Builtin pageFlagFunction(String name) {
        for (String prefix : List.of("SetPage", "ClearPage", "Page")) {
            if (name.startsWith(prefix)) {
                String flag = name.substring(prefix.length());
                boolean test = prefix.equals("Page");
                if (test ? PAGE_TESTS.contains(flag) : SETTABLE_PAGE_FLAGS.contains(flag)) {
                    String meaning = test ? "whether the page has " + flagMeaning(flag)
                            : (prefix.equals("SetPage") ? "sets" : "clears") + " PG_" + flag.toLowerCase() + " in page->flags";
                    return new Builtin(name, "page flags and types", List.of(Param.of("page", PAGE)), test ? BOOL : VOID,
                            meaning, NONE, null, null, Map.of());
                }
                return null;
            }
        }
        return null;
    }

    private static String flagMeaning(String flag) {
        return switch (flag) {
            case "Slab", "Buddy", "Table", "Offline", "Guard" -> "the page type " + flag + " (a PG_ bit in old kernels, page_type since 6.x)";
            case "Tail" -> "is a tail page of a compound page (derived from compound_head)";
            case "Compound" -> "is part of a compound page (head or tail)";
            case "HighMem" -> "is in ZONE_HIGHMEM (derived from the zone, not a flag)";
            case "Anon" -> "is anonymous memory (PAGE_MAPPING_ANON in page->mapping)";
            case "TransHuge" -> "is the head of a compound page, with CONFIG_TRANSPARENT_HUGEPAGE (a transparent or hugetlb huge page)";
            case "Huge" -> "is (part of) a hugetlbfs page (the hugetlb page type)";
            case "Pinned" -> "has PG_pinned, which is PG_owner_priv_1 (Xen page tables; not a pin_user_pages() pin)";
            default -> "PG_" + flag.toLowerCase() + " set in page->flags";
        };
    }

    /** The functions of the fixed table (not the synthesised PageXxx family), in docs order. */
    public static Collection<Builtin> functions() {
        return Collections.unmodifiableCollection(FUNCTIONS.values());
    }

    public static Constant constant(String name) {
        return CONSTANTS.get(name);
    }

    public static Collection<Constant> constants() {
        return Collections.unmodifiableCollection(CONSTANTS.values());
    }

    /** Every name a built-in or constant answers to: the candidates of "did you mean". */
    public static List<String> allNames() {
        List<String> names = new ArrayList<>(FUNCTIONS.keySet());
        names.addAll(CONSTANTS.keySet());
        for (String f : PAGE_TESTS) {
            names.add("Page" + f);
        }
        for (String f : SETTABLE_PAGE_FLAGS) {
            names.add("SetPage" + f);
            names.add("ClearPage" + f);
        }
        return names;
    }

    // ---------------------------------------------------------------- table building

    private static Param p(String name, Kind kind) {
        return Param.of(name, kind);
    }

    private static void fn(String group, String name, Kind returns, Set<Effect> effects, String meaning, Param... params) {
        FUNCTIONS.put(name, new Builtin(name, group, List.of(params), returns, meaning, effects, null, null, Map.of()));
    }

    private static void since(String name, String version) {
        Builtin b = FUNCTIONS.get(name);
        FUNCTIONS.put(name, new Builtin(b.name(), b.group(), b.params(), b.returns(), b.meaning(), b.effects(), version,
                b.replacement(), b.hints()));
    }

    private static void deprecated(String name, String replacement) {
        Builtin b = FUNCTIONS.get(name);
        FUNCTIONS.put(name, new Builtin(b.name(), b.group(), b.params(), b.returns(), b.meaning(), b.effects(), b.since(),
                replacement, b.hints()));
    }

    private static void hint(String name, Kind wrongKind, String call) {
        Builtin b = FUNCTIONS.get(name);
        Map<Kind, String> hints = new LinkedHashMap<>(b.hints());
        hints.put(wrongKind, call);
        FUNCTIONS.put(name, new Builtin(b.name(), b.group(), b.params(), b.returns(), b.meaning(), b.effects(), b.since(),
                b.replacement(), hints));
    }

    private static void put(Constant c) {
        CONSTANTS.put(c.name(), c);
    }

    private static void layout(String name, Kind kind, String meaning) {
        put(new Constant(name, kind, OptionalLong.empty(), "layout", meaning));
    }

    private static void gfp(String name, String meaning) {
        put(new Constant(name, GFP, OptionalLong.of(defined(Gfp.BY_NAME, name)), "gfp", meaning));
    }

    private static void flag(String name, String group, String meaning) {
        put(new Constant(name, INTEGER, OptionalLong.of(defined(UserFlags.BY_NAME, name)), group, meaning));
    }

    /** The emulator's value of a flag; a name it does not define is a bug of this table. */
    private static long defined(Map<String, Long> values, String name) {
        Long v = values.get(name);
        if (v == null) {
            throw new IllegalStateException(name + " has no value in the emulator's flag tables");
        }
        return v;
    }

    private static void zoneType(String name, String meaning) {
        put(new Constant(name, ZONE_TYPE, OptionalLong.empty(), "zone", meaning));
    }
}
