package io.kmemlab.interpreter.port;

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
import static io.kmemlab.lang.types.Kind.VIRT_ADDR;
import static io.kmemlab.lang.types.Kind.ZONE;
import static io.kmemlab.lang.types.Kind.ZONE_TYPE;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.interpreter.render.PageText;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every built-in function of the language, bound by hand to a typed call on the emulator's
 * {@link Machine}: the compiler checks each call, and a test checks this table against the
 * language's ({@link Builtins}) name by name, arity and kinds. Calls that run "as the current
 * task" (memory accesses, kmap, user memory) get the statement's task; every call gets the
 * statement's trace.
 */
public final class KernelFunctions {
    private static final Map<String, Binding> TABLE = new LinkedHashMap<>();

    private KernelFunctions() { }

    /** The binding of {@code name}, or null when the emulator offers no such function. */
    public static Binding get(String name) { return TABLE.get(name); }

    /** All bindings, in table order. */
    public static Map<String, Binding> all() { return Collections.unmodifiableMap(TABLE); }

    static {
        pageAllocator();
        slabAndVmalloc();
        conversions();
        pageTables();
        highmem();
        references();
        userMemory();
        memory();
        introspection();
        pageFlags();
        folios();
        pageWords();
    }

    private static void pageAllocator() {
        fn("alloc_pages", GFP, INTEGER).returns(PAGE, (m, c, a) -> m.allocPages(a.num(0), a.i(1), c.trace()));
        fn("alloc_page", GFP).returns(PAGE, (m, c, a) -> m.allocPage(a.num(0), c.trace()));
        fn("alloc_pages_node", INTEGER, GFP, INTEGER).returns(PAGE, (m, c, a) -> m.allocPagesNode(onlineNode("alloc_pages_node", m, a.num(0)),
                a.num(1), a.i(2), c.trace()));
        fn("__get_free_pages", GFP, INTEGER).returns(VIRT_ADDR, (m, c, a) -> m.getFreePages(a.num(0), a.i(1), c.trace()));
        // the order-0 macros of include/linux/gfp.h
        fn("__get_free_page", GFP).returns(VIRT_ADDR, (m, c, a) -> m.getFreePages(a.num(0), 0, c.trace()));
        fn("get_zeroed_page", GFP).returns(VIRT_ADDR, (m, c, a) -> m.getZeroedPage(a.num(0), c.trace()));
        fn("__free_pages", PAGE, INTEGER).nothing((m, c, a) -> m.freePages(a.num(0), a.i(1), c.trace()));
        fn("__free_page", PAGE).nothing((m, c, a) -> m.freePages(a.num(0), 0, c.trace()));
        fn("free_pages", VIRT_ADDR, INTEGER).nothing((m, c, a) -> m.freePagesAddr(a.num(0), a.i(1), c.trace()));
        fn("free_page", VIRT_ADDR).nothing((m, c, a) -> m.freePagesAddr(a.num(0), 0, c.trace()));
    }

    private static void slabAndVmalloc() {
        fn("kmalloc", INTEGER, GFP).returns(VIRT_ADDR, (m, c, a) -> m.kmalloc(a.num(0), a.num(1), c.caller(), c.trace()));
        fn("kzalloc", INTEGER, GFP).returns(VIRT_ADDR, (m, c, a) -> m.kzalloc(a.num(0), a.num(1), c.caller(), c.trace()));
        fn("kfree", VIRT_ADDR).nothing((m, c, a) -> m.kfree(a.num(0), c.trace()));
        fn("page_slab", PAGE).returns(SLAB, (m, c, a) -> m.pageSlab(a.num(0), c.trace()));
        fn("virt_to_slab", VIRT_ADDR).returns(SLAB, (m, c, a) -> m.virtToSlab(a.num(0), c.trace()));
        fn("vmalloc", INTEGER).returns(VIRT_ADDR, (m, c, a) -> m.vmalloc(a.num(0), c.trace()));
        fn("vzalloc", INTEGER).returns(VIRT_ADDR, (m, c, a) -> m.vzalloc(a.num(0), c.trace()));
        fn("vfree", VIRT_ADDR).nothing((m, c, a) -> m.vfree(a.num(0), c.trace()));
    }

    private static void conversions() {
        fn("virt_to_page", VIRT_ADDR).returns(PAGE, (m, c, a) -> m.virtToPage(a.num(0), c.trace()));
        fn("page_to_virt", PAGE).returns(VIRT_ADDR, (m, c, a) -> m.pageToVirt(a.num(0), c.trace()));
        fn("page_address", PAGE).returns(VIRT_ADDR, (m, c, a) -> m.pageAddress(a.num(0), c.trace()));
        fn("virt_to_phys", VIRT_ADDR).returns(PHYS_ADDR, (m, c, a) -> m.virtToPhys(a.num(0), c.trace()));
        fn("phys_to_virt", PHYS_ADDR).returns(VIRT_ADDR, (m, c, a) -> m.physToVirt(a.num(0), c.trace()));
        fn("__pa", VIRT_ADDR).returns(PHYS_ADDR, (m, c, a) -> m.pa(a.num(0), c.trace()));
        fn("__va", PHYS_ADDR).returns(VIRT_ADDR, (m, c, a) -> m.va(a.num(0), c.trace()));
        fn("__pa_symbol", VIRT_ADDR).returns(PHYS_ADDR, (m, c, a) -> m.paSymbol(a.num(0), c.trace()));
        fn("page_to_pfn", PAGE).returns(PFN, (m, c, a) -> m.pageToPfn(a.num(0), c.trace()));
        fn("pfn_to_page", PFN).returns(PAGE, (m, c, a) -> m.pfnToPage(a.num(0), c.trace()));
        fn("page_to_phys", PAGE).returns(PHYS_ADDR, (m, c, a) -> m.pageToPhys(a.num(0), c.trace()));
        fn("pfn_valid", PFN).bool((m, c, a) -> m.pfnValid(a.num(0), c.trace()));
        fn("virt_addr_valid", VIRT_ADDR).bool((m, c, a) -> m.virtAddrValid(a.num(0), c.trace()));
        fn("is_vmalloc_addr", VIRT_ADDR).bool((m, c, a) -> m.isVmallocAddr(a.num(0), c.trace()));
        fn("vmalloc_to_page", VIRT_ADDR).returns(PAGE, (m, c, a) -> m.vmallocToPage(a.num(0), c.trace()));
        fn("vmalloc_to_pfn", VIRT_ADDR).returns(PFN, (m, c, a) -> m.vmallocToPfn(a.num(0), c.trace()));
        // include/linux/mm.h offset_in_page, include/linux/pfn.h PFN_DOWN / PFN_UP / PHYS_PFN / PFN_PHYS
        fn("offset_in_page", VIRT_ADDR).returns(INTEGER, (m, c, a) -> Machine.offsetInPage(a.num(0)));
        fn("PFN_DOWN", PHYS_ADDR).returns(PFN, (m, c, a) -> Machine.pfnDown(a.num(0)));
        fn("PFN_UP", PHYS_ADDR).returns(PFN, (m, c, a) -> Machine.pfnUp(a.num(0)));
        fn("PHYS_PFN", PHYS_ADDR).returns(PFN, (m, c, a) -> Machine.pfnDown(a.num(0)));
        fn("PFN_PHYS", PFN).returns(PHYS_ADDR, (m, c, a) -> Machine.pfnPhys(a.num(0)));
        fn("page_zone", PAGE).value(ZONE, (m, c, a) -> Value.zone(m.pageZone(a.num(0), c.trace())));
        fn("page_zonenum", PAGE).returns(ZONE_TYPE, (m, c, a) -> m.pageZonenum(a.num(0), c.trace()));
        fn("page_to_nid", PAGE).returns(INTEGER, (m, c, a) -> m.pageToNid(a.num(0), c.trace()));
        fn("pfn_to_section_nr", PFN).returns(INTEGER, (m, c, a) -> m.pfnToSectionNr(a.num(0), c.trace()));
        fn("symbol", SYMBOL).returns(VIRT_ADDR, (m, c, a) -> {
            Long at = m.symbol(a.name(0));
            if (at == null) {
                throw new CallException("symbol(" + a.name(0) + "): this machine has no such symbol (declare it: symbol "
                        + a.name(0) + " in data size 4K)");
            }
            return at;
        });
    }

    private static void pageTables() {
        fn("pgd_offset", MM, VIRT_ADDR).returns(PGD_PTR, (m, c, a) -> m.pgdOffset(a.num(0), a.num(1), c.trace()));
        fn("pgd_offset_k", VIRT_ADDR).returns(PGD_PTR, (m, c, a) -> m.pgdOffsetK(a.num(0), c.trace()));
        fn("p4d_offset", PGD_PTR, VIRT_ADDR).returns(P4D_PTR, (m, c, a) -> m.p4dOffset(a.num(0), a.num(1), c.trace()));
        fn("pud_offset", P4D_PTR, VIRT_ADDR).returns(PUD_PTR, (m, c, a) -> m.pudOffset(a.num(0), a.num(1), c.trace()));
        fn("pmd_offset", PUD_PTR, VIRT_ADDR).returns(PMD_PTR, (m, c, a) -> m.pmdOffset(a.num(0), a.num(1), c.trace()));
        fn("pte_offset_map", PMD_PTR, VIRT_ADDR).returns(PTE_PTR, (m, c, a) -> m.pteOffsetMap(a.num(0), a.num(1), c.trace()));
        fn("pte_offset_kernel", PMD_PTR, VIRT_ADDR).returns(PTE_PTR, (m, c, a) -> m.pteOffsetKernel(a.num(0), a.num(1), c.trace()));
        fn("pte_unmap", PTE_PTR).nothing((m, c, a) -> m.pteUnmap(a.num(0), c.trace()));
        fn("pgd_index", VIRT_ADDR).returns(INTEGER, (m, c, a) -> m.index(PagingMode.PGD, a.num(0)));
        fn("p4d_index", VIRT_ADDR).returns(INTEGER, (m, c, a) -> m.index(PagingMode.P4D, a.num(0)));
        fn("pud_index", VIRT_ADDR).returns(INTEGER, (m, c, a) -> m.index(PagingMode.PUD, a.num(0)));
        fn("pmd_index", VIRT_ADDR).returns(INTEGER, (m, c, a) -> m.index(PagingMode.PMD, a.num(0)));
        fn("pte_index", VIRT_ADDR).returns(INTEGER, (m, c, a) -> m.index(PagingMode.PTE, a.num(0)));
        fn("pte_page", PTE).returns(PAGE, (m, c, a) -> m.ptePage(a.num(0), c.trace()));
        fn("pte_pfn", PTE).returns(PFN, (m, c, a) -> m.ptePfn(a.num(0)));
        fn("pte_present", PTE).bool((m, c, a) -> m.ptePresent(a.num(0)));
        fn("pmd_leaf", PMD).bool((m, c, a) -> m.pmdLeaf(a.num(0)));
        fn("pud_leaf", PUD).bool((m, c, a) -> m.pudLeaf(a.num(0)));
        fn("pmd_none", PMD).bool((m, c, a) -> m.pmdNone(a.num(0)));
        fn("pmd_bad", PMD).bool((m, c, a) -> m.pmdBad(a.num(0)));
        // arch/x86/mm/pat/set_memory.c: the entry that maps addr at whatever level, as a pte_t *
        fn("lookup_address", VIRT_ADDR).returns(PTE_PTR, (m, c, a) -> {
            long[] leaf = m.lookupAddress(a.num(0), c.trace());
            return leaf == null || leaf.length == 0 ? 0 : leaf[0];
        });
        // pmd_pfn()/pud_pfn() (arch/x86/include/asm/pgtable.h): a leaf's frame through the huge-page
        // mask, a table's through PTE_PFN_MASK; *_page() = pfn_to_page() of it
        fn("pmd_pfn", PMD).returns(PFN, (m, c, a) -> entryPfn(m, PagingMode.PMD, a.num(0)));
        fn("pmd_page", PMD).returns(PAGE, (m, c, a) -> m.pfnToPage(entryPfn(m, PagingMode.PMD, a.num(0)), c.trace()));
        fn("pud_pfn", PUD).returns(PFN, (m, c, a) -> entryPfn(m, PagingMode.PUD, a.num(0)));
        fn("pud_page", PUD).returns(PAGE, (m, c, a) -> m.pfnToPage(entryPfn(m, PagingMode.PUD, a.num(0)), c.trace()));
        // follow_pte() (mm/memory.c v6.12): -EINVAL (NULL here) unless a present pte maps addr
        fn("follow_pte", VIRT_ADDR).returns(PTE_PTR, (m, c, a) -> {
            WalkResult w = m.walk(c.task(), a.num(0), c.trace());
            WalkResult.Step last = w == null ? null : w.last();
            if (last == null || last.level() != PagingMode.PTE || !m.ptePresent(last.raw())) return 0;
            return Long.compareUnsigned(last.entryPa(), m.layout().lowmemLimit()) < 0 ? m.va(last.entryPa(), c.trace()) : 0;
        });
        // slow_virt_to_phys() (arch/x86/mm/pat/set_memory.c): lookup_address() and the leaf's frame
        // plus the offset under the leaf's size; BUG_ON(!pte) when nothing maps the address
        fn("slow_virt_to_phys", VIRT_ADDR).returns(PHYS_ADDR, (m, c, a) -> {
            Translation t = m.inspect().walk(a.num(0));
            if (t == null || !t.mapped()) {
                throw new CallException(String.format("slow_virt_to_phys(0x%x): no page table maps this address (the kernel's BUG_ON(!pte) fires)", a.num(0)));
            }
            return t.pa();
        });
    }

    private static long entryPfn(Machine m, int level, long raw) {
        EntryFormat f = m.arch().paging().format();
        return (f.leaf(level, raw) ? f.leafPhys(level, raw) : f.tablePhys(level, raw)) >>> 12;
    }

    /**
     * The folio API (include/linux/mm.h, page-flags.h, 5.16+): a struct folio * is the head
     * page's struct page *, so these read the compound head.
     */
    private static void folios() {
        fn("page_folio", PAGE).returns(FOLIO, (m, c, a) -> m.compoundHead(a.num(0), c.trace()));
        // virt_to_folio() (include/linux/mm.h): page_folio(virt_to_page(x))
        fn("virt_to_folio", VIRT_ADDR).returns(FOLIO, (m, c, a) -> m.compoundHead(m.virtToPage(a.num(0), c.trace()), c.trace()));
        fn("folio_pfn", FOLIO).returns(PFN, (m, c, a) -> m.pageToPfn(head(m, c, a), c.trace()));
        fn("folio_order", FOLIO).returns(INTEGER, (m, c, a) -> m.compoundOrder(head(m, c, a), c.trace()));
        fn("folio_nr_pages", FOLIO).returns(INTEGER, (m, c, a) -> 1L << m.compoundOrder(head(m, c, a), c.trace()));
        fn("folio_address", FOLIO).returns(VIRT_ADDR, (m, c, a) -> m.pageAddress(head(m, c, a), c.trace()));
        fn("folio_ref_count", FOLIO).returns(INTEGER, (m, c, a) -> m.pageRefCount(head(m, c, a), c.trace()));
        // folio_mapcount(): _mapcount + 1 of a small folio, folio_large_mapcount() = _large_mapcount + 1 of a large one
        fn("folio_mapcount", FOLIO).returns(INTEGER, (m, c, a) -> {
            long head = head(m, c, a);
            PageDescriptor d = m.inspect().pageAt(head);
            return d != null && d.folio() != null ? d.folio().mapcount() : m.pageMapcount(head, c.trace());
        });
        for (String t : Builtins.FOLIO_TESTS) {
            fn("folio_test_" + t, FOLIO).bool((m, c, a) -> {
                long head = head(m, c, a);
                if (t.equals("large")) return m.compoundOrder(head, c.trace()) > 0;
                Boolean set = m.pageFlag(FOLIO_FLAG.get(t), head, c.trace());
                if (set == null) throw noSuchFlag("folio_test_" + t, m);
                return set;
            });
        }
    }

    /** folio_test_xxx() name -> the PageXxx() flag it reads. */
    private static final Map<String, String> FOLIO_FLAG = Map.ofEntries(Map.entry("locked", "Locked"), Map.entry("referenced", "Referenced"),
            Map.entry("uptodate", "Uptodate"), Map.entry("dirty", "Dirty"), Map.entry("lru", "LRU"), Map.entry("active", "Active"),
            Map.entry("reserved", "Reserved"), Map.entry("private", "Private"), Map.entry("writeback", "Writeback"),
            Map.entry("swapbacked", "SwapBacked"), Map.entry("unevictable", "Unevictable"), Map.entry("mlocked", "Mlocked"),
            Map.entry("anon", "Anon"));

    private static long head(Machine m, CallContext c, Args a) { return m.compoundHead(a.num(0), c.trace()); }

    /** Raw struct page words, dump_page(), and the pfn helpers of include/asm-generic/memory_model.h. */
    private static void pageWords() {
        fn("page_raw", PAGE, INTEGER).returns(INTEGER, (m, c, a) -> {
            PageDescriptor d = m.inspect().pageAt(a.num(0));
            if (d == null) throw new CallException(String.format("page_raw(0x%x, ...): not a struct page of this machine", a.num(0)));
            long[] raw = d.raw();
            long i = a.num(1);
            if (i < 0 || i >= raw.length) {
                throw new CallException(String.format("page_raw(page, %d): struct page has %d words here (sizeof(struct page) = %d, words of %d bytes): 0 .. %d",
                        i, raw.length, d.size(), d.wordBytes(), raw.length - 1));
            }
            return raw[(int) i];
        });
        fn("dump_page", PAGE).nothing((m, c, a) -> {
            PageDescriptor d = m.inspect().pageAt(a.num(0));
            if (d == null) throw new CallException(String.format("dump_page(0x%x): not a struct page of this machine", a.num(0)));
            String text = PageText.kernelDump(m.inspect(), d);
            for (String line : text.split("\n")) c.trace().note(line);
            if (c.trace() instanceof KernelLog log) log.printk(text);
        });
        fn("virt_to_pfn", VIRT_ADDR).returns(PFN, (m, c, a) -> m.pageToPfn(m.virtToPage(a.num(0), c.trace()), c.trace()));
        fn("pfn_to_nid", PFN).returns(INTEGER, (m, c, a) -> m.pageToNid(m.pfnToPage(a.num(0), c.trace()), c.trace()));
        fn("__phys_to_pfn", PHYS_ADDR).returns(PFN, (m, c, a) -> a.num(0) >>> 12);
        fn("__pfn_to_phys", PFN).returns(PHYS_ADDR, (m, c, a) -> a.num(0) << 12);
        // __nr_to_section() / __pfn_to_section() (include/linux/mmzone.h): the language knows a section by its number
        fn("pfn_to_section", PFN).value(MEM_SECTION, (m, c, a) -> section(m, "pfn_to_section", m.pfnToSectionNr(a.num(0), c.trace())));
        fn("__pfn_to_section", PFN).value(MEM_SECTION, (m, c, a) -> section(m, "__pfn_to_section", m.pfnToSectionNr(a.num(0), c.trace())));
        fn("__nr_to_section", INTEGER).value(MEM_SECTION, (m, c, a) -> section(m, "__nr_to_section", a.num(0)));
        fn("__section_nr", MEM_SECTION).returns(INTEGER, (m, c, a) -> a.section(0));
        fn("__section_mem_map_addr", MEM_SECTION).returns(PAGE, (m, c, a) -> codedMemMap(m, a.section(0), c));
        // present_section(): SECTION_MARKED_PRESENT, set by memory_present()/sparse_init for sections with RAM
        fn("present_section", MEM_SECTION).bool((m, c, a) -> m.pfnValid(a.section(0) << (m.arch().sectionSizeBits() - 12), c.trace()));
        // __section_mem_map_addr(): the coded map sparse_encode_mem_map() stored, mem_map - section_nr_to_pfn(nr)
        fn("section_mem_map", INTEGER).returns(PAGE, (m, c, a) -> {
            if (m.kernelState().model.kind() == MemoryModelKind.FLATMEM) {
                throw new CallException("section_mem_map(): a FLATMEM machine has no memory sections (use node_mem_map(0) or mem_map)");
            }
            return codedMemMap(m, a.num(0), c);
        });
    }

    /** sparse_encode_mem_map(): mem_map - section_nr_to_pfn(nr), 0 for a section without a memmap. */
    private static long codedMemMap(Machine m, long nr, CallContext c) {
        long start = nr << (m.arch().sectionSizeBits() - 12);
        if (!m.pfnValid(start, c.trace())) return 0;
        return m.pfnToPage(start, c.trace()) - start * m.arch().structPageSize();
    }

    /** A section by number; NR_MEM_SECTIONS = 1 << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS) bounds it (include/linux/mmzone.h). */
    private static Value section(Machine m, String fn, long nr) {
        if (m.kernelState().model.kind() == MemoryModelKind.FLATMEM) {
            throw new CallException(fn + "(): a FLATMEM machine has no memory sections (pfn_to_page() is mem_map + pfn)");
        }
        long sections = 1L << (m.arch().maxPhysmemBits() - m.arch().sectionSizeBits());
        if (nr < 0 || nr >= sections) {
            throw new CallException(String.format("%s(): section %d is beyond NR_MEM_SECTIONS (%d): __nr_to_section() returns NULL", fn, nr, sections));
        }
        return Value.of(MEM_SECTION, nr);
    }

    private static void highmem() {
        fn("kmap", PAGE).returns(VIRT_ADDR, (m, c, a) -> m.kmap(c.task(), a.num(0), c.trace()));
        fn("kunmap", PAGE).nothing((m, c, a) -> m.kunmap(c.task(), a.num(0), c.trace()));
        fn("kmap_atomic", PAGE).optional(KM_TYPE)
                .returns(VIRT_ADDR, (m, c, a) -> m.kmapAtomic(c.task(), a.num(0), a.kmType(1), c.trace()));
        fn("kunmap_atomic", VIRT_ADDR).optional(KM_TYPE).nothing((m, c, a) -> m.kunmapAtomic(c.task(), a.num(0), a.kmType(1), c.trace()));
        fn("kmap_local_page", PAGE).returns(VIRT_ADDR, (m, c, a) -> m.kmapLocalPage(c.task(), a.num(0), c.trace()));
        fn("kmap_to_page", VIRT_ADDR).returns(PAGE, KernelFunctions::kmapToPage);
        fn("kunmap_local", VIRT_ADDR).nothing((m, c, a) -> m.kunmapLocal(c.task(), a.num(0), c.trace()));
    }

    /**
     * kmap_to_page(): without HIGHMEM virt_to_page(addr) (include/linux/highmem-internal.h); with
     * it __kmap_to_page() (mm/highmem.c, v6.12): a pkmap address gives pte_page() of its
     * pkmap_page_table entry, a kmap_local/kmap_atomic address of the current task the page in its
     * kmap_ctrl.pteval slot, both under WARN_ON_ONCE (since 6.2); anything else virt_to_page().
     */
    private static long kmapToPage(Machine m, CallContext c, Args a) {
        long addr = a.num(0);
        Highmem h = m.highmem();
        if (h == null) return m.virtToPage(addr, c.trace());
        if (h.inPkmap(addr)) {
            warnOnce(m, c, "kmap() address", addr);
            // pte_page(pkmap_page_table[PKMAP_NR(addr)]): a none pte is pfn 0, whose struct page it returns
            Translation t = m.inspect().walk(addr & ~0xfffL);
            return m.pfnToPage(t != null && t.mapped() ? t.pa() >>> 12 : 0, c.trace());
        }
        long base = addr & ~0xfffL;
        Highmem.KmapCtrlView ctrl = h.kmTypes() ? null : h.kmapCtrl(c.task() == null ? m.kernel() : c.task());
        if (ctrl != null && inKmapLocalRange(h, base)) {
            warnOnce(m, c, "kmap_local_page() address", addr);
            long[] pfns = ctrl.slotPfns();
            for (int i = 0; i < ctrl.idx() && i < pfns.length; i++) {
                // arch_kmap_local_map_idx(i, pfn) = i + KM_MAX_IDX * smp_processor_id(); base_addr = __fix_to_virt(FIX_KMAP_BEGIN + idx)
                if (h.slotVa(i, ctrl.cpu()) == base) return m.pfnToPage(pfns[i] < 0 ? 0 : pfns[i], c.trace());
            }
        }
        return m.virtToPage(addr, c.trace());
    }

    /** __fix_to_virt(FIX_KMAP_END) <= base <= __fix_to_virt(FIX_KMAP_BEGIN): every CPU's kmap_local slots. */
    private static boolean inKmapLocalRange(Highmem h, long base) {
        return Long.compareUnsigned(base, h.fixmap().kmapLow()) >= 0 && Long.compareUnsigned(base, h.fixmap().kmapHigh()) <= 0;
    }

    /** The WARN_ON_ONCE of __kmap_to_page() (mm/highmem.c, 6.2+): once per boot, as the kernel's once flag. */
    private static void warnOnce(Machine m, CallContext c, String what, long addr) {
        String headline = "WARNING: at mm/highmem.c __kmap_to_page(): kmap_to_page() of a " + what;
        for (Diagnostic d : m.diagnostics().all()) if (d.headline().startsWith(headline)) return;
        m.diagnostics().report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("%s (0x%x): WARN_ON_ONCE, the caller should keep the page it mapped", headline, addr)), c.trace());
    }

    private static void references() {
        fn("get_page", PAGE).nothing((m, c, a) -> m.getPage(a.num(0), c.trace()));
        fn("put_page", PAGE).nothing((m, c, a) -> m.putPage(a.num(0), c.trace()));
        fn("page_count", PAGE).returns(INTEGER, (m, c, a) -> m.pageCount(a.num(0), c.trace()));
        fn("page_ref_count", PAGE).returns(INTEGER, (m, c, a) -> m.pageRefCount(a.num(0), c.trace()));
        fn("page_mapcount", PAGE).returns(INTEGER, (m, c, a) -> m.pageMapcount(a.num(0), c.trace()));
        fn("page_cache_release", PAGE).nothing((m, c, a) -> m.pageCacheRelease(a.num(0), c.trace()));
    }

    private static void userMemory() {
        fn("mmap", INTEGER, INTEGER).optional(INTEGER)
                .returns(VIRT_ADDR, (m, c, a) -> m.mmap(c.task(), a.num(0), a.num(1), a.num(2, 0), c.trace()));
        fn("munmap", VIRT_ADDR, INTEGER).returns(INTEGER, (m, c, a) -> m.munmap(c.task(), a.num(0), a.num(1), c.trace()));
        fn("get_user_pages", VIRT_ADDR, INTEGER).optional(INTEGER).value(LIST, (m, c, a) ->
                pages(m.getUserPages(c.task(), a.num(0), a.i(1), a.num(2, 0), c.trace())));
        fn("pin_user_pages", VIRT_ADDR, INTEGER).optional(INTEGER).value(LIST, (m, c, a) ->
                pages(m.pinUserPages(c.task(), a.num(0), a.i(1), a.num(2, 0), c.trace())));
        fn("unpin_user_page", PAGE).nothing((m, c, a) -> m.unpinUserPage(a.num(0), c.trace()));
        fn("swap_out", VIRT_ADDR).nothing((m, c, a) -> m.swapOut(c.task(), a.num(0), c.trace()));
    }

    private static void memory() {
        // memset() returns its destination (lib/string.c)
        fn("memset", VIRT_ADDR, INTEGER, INTEGER).returns(VIRT_ADDR, (m, c, a) -> {
            m.memset(c.task(), a.num(0), a.i(1), a.num(2), c.trace());
            return a.num(0);
        });
        for (int bits : new int[] {8, 16, 32, 64}) {
            int size = bits / 8;
            fn("read" + bits, VIRT_ADDR).returns(INTEGER, (m, c, a) -> m.read(c.task(), a.num(0), size, c.trace()));
            fn("write" + bits, VIRT_ADDR, INTEGER).nothing((m, c, a) -> m.write(c.task(), a.num(0), size, a.num(1), c.trace()));
        }
        fn("compound_head", PAGE).returns(PAGE, (m, c, a) -> m.compoundHead(a.num(0), c.trace()));
        fn("compound_order", PAGE).returns(INTEGER, (m, c, a) -> m.compoundOrder(a.num(0), c.trace()));
        fn("buddy_order", PAGE).returns(INTEGER, (m, c, a) -> m.buddyOrder(a.num(0), c.trace()));
        fn("memblock_alloc", INTEGER, INTEGER).returns(VIRT_ADDR, (m, c, a) -> m.memblockAlloc(a.num(0), a.num(1), c.trace()));
        fn("dma_alloc_coherent", INTEGER).returns(VIRT_ADDR, (m, c, a) -> m.dmaAllocCoherent(a.num(0), c.trace()));
    }

    private static void introspection() {
        fn("node_mem_map", INTEGER).returns(PAGE, (m, c, a) -> m.nodeMemMap(onlineNode("node_mem_map", m, a.num(0))));
        fn("zone", ZONE).optional(INTEGER).value(ZONE, (m, c, a) -> {
            String name = a.name(0);
            int nid = a.i(1, 0);
            Zone z = m.zone(name, nid);
            if (z == null) {
                throw new CallException("zone(" + name + "): node " + nid + " has no such zone (the zones of node 0: "
                        + Args.zoneNames(m) + ")");
            }
            return Value.zone(z);
        });
        fn("frame_owner", PFN).value(STRING, (m, c, a) -> Value.string(m.frameOwner(a.num(0))));
        fn("frames_owned_by", STRING).optional(ZONE).returns(INTEGER, (m, c, a) -> m.framesOwnedBy(a.name(0), a.zone(1, m)));
        fn("stack_buffer", INTEGER).returns(VIRT_ADDR, (m, c, a) -> m.stackBuffer(c.task(), a.num(0), c.trace()));
    }

    /**
     * PageXxx / SetPageXxx / ClearPageXxx for every flag and type the language names
     * ({@link Builtins#PAGE_TESTS}): the emulator's pageFlag answers by the kernel's own name
     * of the flag, page type or derived test, for the machine's kernel profile.
     */
    private static void pageFlags() {
        for (String flag : Builtins.PAGE_TESTS) {
            fn("Page" + flag, PAGE).bool((m, c, a) -> {
                Boolean set = m.pageFlag(flag, a.num(0), c.trace());
                if (set == null) throw noSuchFlag("Page" + flag, m);
                return set;
            });
        }
        for (String flag : Builtins.SETTABLE_PAGE_FLAGS) {
            fn("SetPage" + flag, PAGE).nothing((m, c, a) -> {
                if (!m.setPageFlag(flag, a.num(0), true, c.trace())) throw noSuchFlag("SetPage" + flag, m);
            });
            fn("ClearPage" + flag, PAGE).nothing((m, c, a) -> {
                if (!m.setPageFlag(flag, a.num(0), false, c.trace())) throw noSuchFlag("ClearPage" + flag, m);
            });
        }
    }

    /**
     * nid, if it is an online node of the machine. NODE_DATA(nid) of any other node is NULL
     * (include/linux/numa.h, arch/x86/include/asm/mmzone_64.h: node_data[] is filled for
     * online nodes only), and node_mem_map or alloc_pages_node would dereference it.
     */
    private static int onlineNode(String fn, Machine m, long nid) {
        int nodes = Math.max(1, m.nodes().size());   // node 0 is there before the boot has set up the nodes
        if (nid < 0 || nid >= nodes) {
            throw new CallException(fn + "(" + nid + "): node " + nid + " is not online: this machine has "
                    + (nodes == 1 ? "node 0 only" : "nodes 0.." + (nodes - 1)) + ", and NODE_DATA(" + nid + ") is NULL");
        }
        return (int) nid;
    }

    private static CallException noSuchFlag(String fn, Machine m) {
        return new CallException(fn + "(): kernel " + m.profile().version()
                + " has no such page flag or page type (include/linux/page-flags.h of that version)");
    }

    private static List<Value> pageList(long[] pages) {
        List<Value> out = new ArrayList<>(pages.length);
        for (long p : pages) out.add(Value.of(PAGE, p));
        return out;
    }

    private static Value pages(long[] pages) {
        return Value.list(pageList(pages == null ? new long[0] : pages));
    }

    // ---------------------------------------------------------------- table building

    private static Sig fn(String name, Kind... params) {
        return new Sig(name, params);
    }

    /** A function's parameters while its binding is being written. */
    private static final class Sig {
        private final String name;
        private final List<Kind> params = new ArrayList<>();
        private final int required;

        Sig(String name, Kind... params) {
            this.name = name;
            this.params.addAll(List.of(params));
            this.required = params.length;
        }

        Sig optional(Kind k) {
            params.add(k);
            return this;
        }

        void returns(Kind kind, NumberCall call) {
            put(kind, (m, c, a) -> Value.of(kind, call.invoke(m, c, a)));
        }

        void bool(BoolCall call) {
            put(BOOL, (m, c, a) -> Value.bool(call.invoke(m, c, a)));
        }

        void nothing(VoidCall call) {
            put(Kind.VOID, (m, c, a) -> {
                call.invoke(m, c, a);
                return Value.VOID;
            });
        }

        void value(Kind kind, Binding.Call call) {
            put(kind, call);
        }

        private void put(Kind returns, Binding.Call call) {
            if (TABLE.put(name, new Binding(name, params, required, returns, call)) != null) {
                throw new IllegalStateException(name + " is bound twice");
            }
        }
    }

    @FunctionalInterface
    private interface NumberCall {
        long invoke(Machine m, CallContext c, Args a);
    }

    @FunctionalInterface
    private interface BoolCall {
        boolean invoke(Machine m, CallContext c, Args a);
    }

    @FunctionalInterface
    private interface VoidCall {
        void invoke(Machine m, CallContext c, Args a);
    }
}
