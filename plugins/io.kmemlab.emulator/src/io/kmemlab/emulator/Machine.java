package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.Layout;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.process.Vma;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Diagnostics;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import java.util.Map;

/**
 * The facade the interpreter, the CLI and the IDE use: one emulated machine. Methods carry
 * the kernel's names (camelCase) and meaning; every one takes a {@link Trace} that
 * receives the formulas used and the page-table entries read ({@link Trace#NONE} for the
 * fast path). Misuse never throws: the kernel's return value comes back and a
 * {@link Diagnostic} is recorded (see {@link #diagnostics()}).
 *
 * <p>A thin facade: each method checks the boot phase its operation needs ({@link Op}, through
 * {@link Gate}) and hands over to the part of the machine that does the work - {@link Tasks},
 * {@link Allocations}, {@link Conversions}, {@link PageTableOps}, {@link PageState},
 * {@link UserMemory}, {@link Kmaps}, {@link Introspection} - which work on the {@link Kernel}.
 */
public final class Machine {
    private final Kernel k;
    private final Gate gate;
    private final Tasks tasks;
    private final Allocations allocations;
    private final Conversions conversions;
    private final PageTableOps pageTables;
    private final PageState pages;
    private final UserMemory userMemory;
    private final Kmaps kmaps;
    private final Introspection introspection;
    private long checkpointIds;
    private io.kmemlab.emulator.inspect.Inspector inspector;    // keeps its page-table index across steps

    private Machine(Kernel k) {
        this.k = k;
        this.gate = new Gate(k);
        this.tasks = new Tasks(k);
        this.conversions = new Conversions(k);
        this.allocations = new Allocations(k, gate, conversions);
        this.pageTables = new PageTableOps(k, conversions);
        this.pages = new PageState(k, conversions);
        this.userMemory = new UserMemory(k, tasks, conversions, pages);
        this.kmaps = new Kmaps(k, tasks, conversions, pages);
        this.introspection = new Introspection(k, gate, conversions);
    }

    /** The boot has reached {@code op}'s phase; otherwise a diagnostic says what is missing. */
    private boolean at(Op op, Trace t) { return gate.open(op, t); }

    // =================================================================== creation and boot

    /**
     * A machine for {@code spec}, not yet booted. Problems with the spec (unknown arch or
     * kernel, no RAM) are reported in {@link #diagnostics()} and the machine cannot boot.
     */
    public static Machine create(MachineSpec spec) { return new Machine(Kernel.create(spec)); }

    /** create() followed by boot(). */
    public static Machine boot(MachineSpec spec) {
        Machine m = create(spec);
        m.boot();
        return m;
    }

    /** Runs all remaining boot phases. */
    public Machine boot() {
        while (bootStep(Trace.NONE)) { }
        return this;
    }

    /** Runs the next boot phase; false when booted (or when the spec was invalid). */
    public boolean bootStep(Trace t) {
        if (k.phase == null) return false;
        return k.bootStep(t);
    }

    /** Runs phases until {@code phase} is done. */
    public void bootTo(BootPhase phase, Trace t) {
        while (k.phase != null && k.phase.ordinal() < phase.ordinal() && bootStep(t)) { }
    }

    /** The last completed phase (null for a spec that cannot boot). */
    public BootPhase phase() { return k.phase; }

    public boolean booted() { return k.phase == BootPhase.BOOTED; }

    public MachineSpec spec() { return k.spec; }
    public Arch arch() { return k.arch; }
    public KernelProfile profile() { return k.profile; }
    public Layout layout() { return k.arch.layout(); }
    public Diagnostics diagnostics() { return k.diag; }
    /** The wiring of subsystems, for tests and advanced tools. */
    public Kernel kernelState() { return k; }

    // =================================================================== tasks

    /** The scenario-level context (kernel mode, init_mm). */
    public Task kernel() { return tasks.kernel(); }

    /** A kernel thread (created on first use) with its own kernel stack. */
    public Task kthread(String name) { return at(Op.KTHREAD, Trace.NONE) ? tasks.kthread(name) : null; }

    /** A user process (created on first use: mm with its own PGD sharing the kernel half). */
    public Task process(String name) { return at(Op.PROCESS, Trace.NONE) ? tasks.process(name) : null; }

    /** stack_buffer(n): n bytes inside the task's kernel stack (16-byte aligned, growing down). */
    public long stackBuffer(Task task, long n, Trace t) { return at(Op.STACK_BUFFER, t) ? tasks.stackBuffer(task, n, t) : 0; }

    public List<Task> tasks() { return tasks.tasks(); }

    // =================================================================== page allocator

    /** alloc_pages(gfp, order): struct page * of the first page, or NULL (0). */
    public long allocPages(long gfp, int order, Trace t) { return at(Op.ALLOC_PAGES, t) ? allocations.allocPages(gfp, order, t) : 0; }

    public long allocPage(long gfp, Trace t) { return at(Op.ALLOC_PAGE, t) ? allocations.allocPage(gfp, t) : 0; }

    public long allocPagesNode(int nid, long gfp, int order, Trace t) { return at(Op.ALLOC_PAGES_NODE, t) ? allocations.allocPagesNode(nid, gfp, order, t) : 0; }

    /** __get_free_pages(): the direct-map address, 0 on failure (never highmem). */
    public long getFreePages(long gfp, int order, Trace t) { return at(Op.GET_FREE_PAGES, t) ? allocations.getFreePages(gfp, order, t) : 0; }

    public long getZeroedPage(long gfp, Trace t) { return at(Op.GET_ZEROED_PAGE, t) ? allocations.getZeroedPage(gfp, t) : 0; }

    /** __free_pages(page, order). */
    public void freePages(long page, int order, Trace t) { if (at(Op.FREE_PAGES, t)) allocations.freePages(page, order, t); }

    /** free_pages(addr, order). */
    public void freePagesAddr(long addr, int order, Trace t) { if (at(Op.FREE_PAGES_ADDR, t)) allocations.freePagesAddr(addr, order, t); }

    // =================================================================== slab and vmalloc

    public long kmalloc(long size, long gfp, Trace t) { return kmalloc(size, gfp, 0, t); }

    /** kmalloc() called from {@code caller} (its _RET_IP_: picks the kmalloc-rnd-* cache with RANDOM_KMALLOC_CACHES). */
    public long kmalloc(long size, long gfp, long caller, Trace t) { return at(Op.KMALLOC, t) ? allocations.kmalloc(size, gfp, caller, t) : 0; }

    public long kzalloc(long size, long gfp, Trace t) { return kzalloc(size, gfp, 0, t); }

    public long kzalloc(long size, long gfp, long caller, Trace t) { return at(Op.KZALLOC, t) ? allocations.kzalloc(size, gfp, caller, t) : 0; }

    /**
     * The CPU the next kernel calls run on (smp_processor_id()): whose struct kmem_cache_cpu
     * (this_cpu_ptr(s->cpu_slab)) and per-CPU page lists (zone->per_cpu_pageset) they use.
     * Between 0 and cpus - 1.
     */
    public void setCpu(int cpu) {
        int cpus = Math.max(1, k.spec.cpus());
        if (cpu < 0 || cpu >= cpus) throw new IllegalArgumentException("cpu " + cpu + ": the machine has CPUs 0 to " + (cpus - 1));
        k.cpu = cpu;
    }

    /** smp_processor_id() of the next kernel calls. */
    public int cpu() { return k.cpu; }

    public void kfree(long addr, Trace t) { if (at(Op.KFREE, t)) allocations.kfree(addr, t); }

    /** page_slab(page): the struct slab (same address as the head page), or NULL. */
    public long pageSlab(long page, Trace t) { return at(Op.PAGE_SLAB, t) ? pages.pageSlab(page, t) : 0; }

    /** virt_to_slab(addr). */
    public long virtToSlab(long addr, Trace t) { return at(Op.VIRT_TO_SLAB, t) ? pages.virtToSlab(addr, t) : 0; }

    /** A struct slab field: slab_cache, freelist, inuse, objects, frozen, counters, slab_list. Null if not a slab. */
    public Long slabField(long slab, String field) { return at(Op.SLAB_FIELD, Trace.NONE) ? pages.slabField(slab, field) : null; }

    public KmemCache kmemCache(long address) { return at(Op.KMEM_CACHE, Trace.NONE) ? pages.kmemCache(address) : null; }

    public long vmalloc(long size, Trace t) { return at(Op.VMALLOC, t) ? allocations.vmalloc(size, t) : 0; }

    public long vzalloc(long size, Trace t) { return at(Op.VZALLOC, t) ? allocations.vzalloc(size, t) : 0; }

    public void vfree(long addr, Trace t) { if (at(Op.VFREE, t)) allocations.vfree(addr, t); }

    // =================================================================== conversions

    /** __pa(x) / virt_to_phys(x); with DEBUG_VIRTUAL a non-linear address is a BUG. */
    public long pa(long va, Trace t) { return conversions.pa(va, t); }

    public long virtToPhys(long va, Trace t) { return conversions.virtToPhys(va, t); }

    public long va(long pa, Trace t) { return conversions.va(pa, t); }

    public long physToVirt(long pa, Trace t) { return conversions.physToVirt(pa, t); }

    public long paSymbol(long va, Trace t) { return conversions.paSymbol(va, t); }

    /** Which region of the address space {@code va} is in (direct map, vmalloc, vmemmap, ...). */
    public String describe(long va) { return conversions.describe(va); }

    /** virt_to_page(x) = pfn_to_page(__pa(x) >> PAGE_SHIFT): pure arithmetic. */
    public long virtToPage(long va, Trace t) { return at(Op.VIRT_TO_PAGE, t) ? conversions.virtToPage(va, t) : 0; }

    /** page_to_virt / page_address / lowmem_page_address = __va(PFN_PHYS(page_to_pfn(page))). Highmem: NULL. */
    public long pageAddress(long page, Trace t) { return at(Op.PAGE_ADDRESS, t) ? conversions.pageAddress(page, t) : 0; }

    /**
     * page_to_virt(page) = __va(PFN_PHYS(page_to_pfn(page))) (arch/x86/include/asm/page.h,
     * include/linux/mm.h): arithmetic, also for a frame above the lowmem limit, where the result
     * is not a mapping of the page - reported.
     */
    public long pageToVirt(long page, Trace t) { return at(Op.PAGE_TO_VIRT, t) ? conversions.pageToVirt(page, t) : 0; }

    public long pageToPfn(long page, Trace t) { return at(Op.PAGE_TO_PFN, t) ? conversions.pageToPfn(page, t) : 0; }

    public long pfnToPage(long pfn, Trace t) { return at(Op.PFN_TO_PAGE, t) ? conversions.pfnToPage(pfn, t) : 0; }

    public long pageToPhys(long page, Trace t) { return at(Op.PAGE_TO_PHYS, t) ? conversions.pageToPhys(page, t) : 0; }

    public boolean pfnValid(long pfn, Trace t) { return at(Op.PFN_VALID, t) ? conversions.pfnValid(pfn, t) : false; }

    /** virt_addr_valid(): linear (or kernel image) address whose pfn is valid (arch/x86/mm/physaddr.c). */
    public boolean virtAddrValid(long va, Trace t) { return at(Op.VIRT_ADDR_VALID, t) ? conversions.virtAddrValid(va, t) : false; }

    public boolean isVmallocAddr(long va, Trace t) { return conversions.isVmallocAddr(va, t); }

    /** vmalloc_to_page(): walk init_mm; NULL at the first empty level; a huge leaf gives head + index. */
    public long vmallocToPage(long va, Trace t) { return at(Op.VMALLOC_TO_PAGE, t) ? conversions.vmallocToPage(va, t) : 0; }

    public long vmallocToPfn(long va, Trace t) { return at(Op.VMALLOC_TO_PFN, t) ? conversions.vmallocToPfn(va, t) : 0; }

    /** page_zone(page). */
    public Zone pageZone(long page, Trace t) { return at(Op.PAGE_ZONE, t) ? conversions.pageZone(page, t) : null; }

    /** page_zonenum(): (page->flags >> ZONES_PGOFF) & ZONES_MASK. */
    public int pageZonenum(long page, Trace t) { return at(Op.PAGE_ZONENUM, t) ? conversions.pageZonenum(page, t) : 0; }

    public int pageToNid(long page, Trace t) { return at(Op.PAGE_TO_NID, t) ? conversions.pageToNid(page, t) : 0; }

    public long pfnToSectionNr(long pfn, Trace t) { return at(Op.PFN_TO_SECTION_NR, t) ? conversions.pfnToSectionNr(pfn, t) : 0; }

    /** symbol(name): the address of a kernel symbol, or null. */
    public Long symbol(String name) { return introspection.symbol(name); }

    public Map<String, Long> symbols() { return introspection.symbols(); }

    // =================================================================== page tables

    /** init_mm's address (symbol). */
    public long initMm() { return at(Op.INIT_MM, Trace.NONE) ? pageTables.initMm() : 0; }

    /** mm_struct address of a task (current->mm); init_mm for kernel threads (active_mm). */
    public long mmOf(Task task) { return at(Op.MM_OF, Trace.NONE) ? pageTables.mmOf(task) : 0; }

    /** mm->pgd: the kernel virtual address of the pgd of the mm_struct at {@code mm} (init_mm's pgd for init_mm). */
    public long mmPgd(long mm) { return at(Op.MM_PGD, Trace.NONE) ? pageTables.mmPgd(mm) : 0; }

    /** The VMAs of the mm_struct at {@code mm}, by address (none for init_mm). */
    public List<Vma> vmasOfMm(long mm) { return at(Op.VMAS_OF_MM, Trace.NONE) ? pageTables.vmasOfMm(mm) : List.of(); }

    /** pgd_offset(mm, addr) = mm->pgd + pgd_index(addr). */
    public long pgdOffset(long mm, long addr, Trace t) { return at(Op.PGD_OFFSET, t) ? pageTables.pgdOffset(mm, addr, t) : 0; }

    public long pgdOffsetK(long addr, Trace t) { return at(Op.PGD_OFFSET_K, t) ? pageTables.pgdOffsetK(addr, t) : 0; }

    /** The entry a page-table pointer points to (unary *). */
    public long readEntry(long ptr, int level, Trace t) { return at(Op.READ_ENTRY, t) ? pageTables.readEntry(ptr, level, t) : 0; }

    public long p4dOffset(long pgdp, long addr, Trace t) { return at(Op.P4D_OFFSET, t) ? pageTables.p4dOffset(pgdp, addr, t) : 0; }

    public long pudOffset(long p4dp, long addr, Trace t) { return at(Op.PUD_OFFSET, t) ? pageTables.pudOffset(p4dp, addr, t) : 0; }

    public long pmdOffset(long pudp, long addr, Trace t) { return at(Op.PMD_OFFSET, t) ? pageTables.pmdOffset(pudp, addr, t) : 0; }

    public long pteOffsetKernel(long pmdp, long addr, Trace t) { return at(Op.PTE_OFFSET_KERNEL, t) ? pageTables.pteOffsetKernel(pmdp, addr, t) : 0; }

    /** pte_offset_map(): since 6.5 NULL for a none, huge or bad pmd (mm/pgtable-generic.c __pte_offset_map). */
    public long pteOffsetMap(long pmdp, long addr, Trace t) { return at(Op.PTE_OFFSET_MAP, t) ? pageTables.pteOffsetMap(pmdp, addr, t) : 0; }

    /** pte_unmap(): nothing to undo on 64-bit (no kmap_local of page tables). */
    public void pteUnmap(long ptep, Trace t) { pageTables.pteUnmap(ptep, t); }

    public int index(int level, long addr) { return pageTables.index(level, addr); }

    public long ptePfn(long pte) { return pageTables.ptePfn(pte); }

    public long ptePage(long pte, Trace t) { return at(Op.PTE_PAGE, t) ? pageTables.ptePage(pte, t) : 0; }

    public boolean ptePresent(long pte) { return pageTables.ptePresent(pte); }

    public boolean pmdLeaf(long pmd) { return pageTables.pmdLeaf(pmd); }

    public boolean pudLeaf(long pud) { return pageTables.pudLeaf(pud); }

    public boolean pmdNone(long pmd) { return pageTables.pmdNone(pmd); }

    /** pmd_bad() of the arch's entry format. */
    public boolean pmdBad(long pmd) { return pageTables.pmdBad(pmd); }

    /** lookup_address(addr): pointer to the leaf entry in init_mm and its level, or null. */
    public long[] lookupAddress(long addr, Trace t) { return at(Op.LOOKUP_ADDRESS, t) ? pageTables.lookupAddress(addr, t) : new long[0]; }

    /** The page-table walk for `walk ADDR [in PROCESS]`: every entry read. */
    public WalkResult walk(Task task, long addr, Trace t) { return at(Op.WALK, t) ? pageTables.walk(task, addr, t) : null; }

    // =================================================================== references

    public void getPage(long page, Trace t) { if (at(Op.GET_PAGE, t)) pages.getPage(page, t); }

    /** put_page(): drop a reference; at zero the page goes back to the allocator. */
    public void putPage(long page, Trace t) { if (at(Op.PUT_PAGE, t)) pages.putPage(page, t); }

    /** page_cache_release(): the old name of put_page, accepted with a warning. */
    public void pageCacheRelease(long page, Trace t) { if (at(Op.PAGE_CACHE_RELEASE, t)) pages.pageCacheRelease(page, t); }

    public int pageCount(long page, Trace t) { return at(Op.PAGE_COUNT, t) ? pages.pageCount(page, t) : 0; }

    public int pageRefCount(long page, Trace t) { return at(Op.PAGE_REF_COUNT, t) ? pages.pageRefCount(page, t) : 0; }

    /** page_mapcount(): _mapcount + 1 (0 for typed pages). */
    public int pageMapcount(long page, Trace t) { return at(Op.PAGE_MAPCOUNT, t) ? pages.pageMapcount(page, t) : 0; }

    // =================================================================== flags, types, compound

    /**
     * PageXxx(page): a PG_ flag of this kernel profile, a page type (Buddy, Slab, Table,
     * Offline, Hugetlb, Guard) or a derived test (Head, Tail, Compound, HighMem, Anon, LRU ...).
     * Null when this kernel has no such test.
     */
    public Boolean pageFlag(String name, long page, Trace t) { return at(Op.PAGE_FLAG, t) ? pages.pageFlag(name, page, t) : null; }

    /** SetPageXxx / ClearPageXxx for PG_ flag bits. False when this kernel has no such flag. */
    public boolean setPageFlag(String name, long page, boolean on, Trace t) { return at(Op.SET_PAGE_FLAG, t) ? pages.setPageFlag(name, page, on, t) : false; }

    /** compound_head(page). */
    public long compoundHead(long page, Trace t) { return at(Op.COMPOUND_HEAD, t) ? pages.compoundHead(page, t) : 0; }

    /** compound_order(page): folio order from page[1].flags & 0xff for a head, else 0. */
    public int compoundOrder(long page, Trace t) { return at(Op.COMPOUND_ORDER, t) ? pages.compoundOrder(page, t) : 0; }

    /** buddy_order(page): page->private of a free head, -1 if not PageBuddy. */
    public int buddyOrder(long page, Trace t) { return at(Op.BUDDY_ORDER, t) ? pages.buddyOrder(page, t) : 0; }

    // =================================================================== memory access

    public long read(Task task, long addr, int size, Trace t) { return at(Op.READ, t) ? userMemory.read(task, addr, size, t) : 0; }

    public void write(Task task, long addr, int size, long value, Trace t) { if (at(Op.WRITE, t)) userMemory.write(task, addr, size, value, t); }

    public void memset(Task task, long addr, int b, long len, Trace t) { if (at(Op.MEMSET, t)) userMemory.memset(task, addr, b, len, t); }

    // =================================================================== user memory

    public long mmap(Task task, long len, long prot, long flags, Trace t) { return at(Op.MMAP, t) ? userMemory.mmap(task, len, prot, flags, t) : 0; }

    public int munmap(Task task, long addr, long len, Trace t) { return at(Op.MUNMAP, t) ? userMemory.munmap(task, addr, len, t) : 0; }

    /** get_user_pages(addr, n, foll): struct page pointers, one reference each; fewer on a fault. */
    public long[] getUserPages(Task task, long addr, int n, long foll, Trace t) { return at(Op.GET_USER_PAGES, t) ? userMemory.getUserPages(task, addr, n, foll, t) : new long[0]; }

    /** pin_user_pages(): like GUP with FOLL_PIN (refcount += GUP_PIN_COUNTING_BIAS). */
    public long[] pinUserPages(Task task, long addr, int n, long foll, Trace t) { return at(Op.PIN_USER_PAGES, t) ? userMemory.pinUserPages(task, addr, n, foll, t) : new long[0]; }

    public void unpinUserPage(long page, Trace t) { if (at(Op.UNPIN_USER_PAGE, t)) userMemory.unpinUserPage(page, t); }

    /** swap_out(addr): the PTE becomes a swap entry and the frame is freed. False if nothing to swap. */
    public boolean swapOut(Task task, long addr, Trace t) { return at(Op.SWAP_OUT, t) ? userMemory.swapOut(task, addr, t) : false; }

    public List<Vma> vmas(Task task) { return at(Op.VMAS, Trace.NONE) ? userMemory.vmas(task) : List.of(); }

    // =================================================================== highmem (x86_64: all memory is lowmem)

    public long kmap(long page, Trace t) { return at(Op.KMAP, t) ? kmaps.kmap(page, t) : 0; }

    public void kunmap(long page, Trace t) { if (at(Op.KUNMAP, t)) kmaps.kunmap(page, t); }

    public long kmapAtomic(long page, Trace t) { return at(Op.KMAP_ATOMIC, t) ? kmaps.kmapAtomic(page, t) : 0; }

    public void kunmapAtomic(long addr, Trace t) { if (at(Op.KUNMAP_ATOMIC, t)) kmaps.kunmapAtomic(addr, t); }

    public long kmapLocalPage(long page, Trace t) { return at(Op.KMAP_LOCAL_PAGE, t) ? kmaps.kmapLocalPage(page, t) : 0; }

    public void kunmapLocal(long addr, Trace t) { if (at(Op.KUNMAP_LOCAL, t)) kmaps.kunmapLocal(addr, t); }

    /** kmap(page) in {@code task}: page_address() for lowmem, a pkmap slot for highmem (may "sleep": NULL + report). */
    public long kmap(Task task, long page, Trace t) { return at(Op.KMAP, t) ? kmaps.kmap(task, page, t) : 0; }

    public void kunmap(Task task, long page, Trace t) { if (at(Op.KUNMAP, t)) kmaps.kunmap(task, page, t); }

    /** kmap_atomic(page [, KM_xxx]): {@code kmType} selects the fixed slot in kernel 2.6; null = none given. */
    public long kmapAtomic(Task task, long page, String kmType, Trace t) { return at(Op.KMAP_ATOMIC, t) ? kmaps.kmapAtomic(task, page, kmType, t) : 0; }

    public void kunmapAtomic(Task task, long addr, String kmType, Trace t) { if (at(Op.KUNMAP_ATOMIC, t)) kmaps.kunmapAtomic(task, addr, kmType, t); }

    public long kmapLocalPage(Task task, long page, Trace t) { return at(Op.KMAP_LOCAL_PAGE, t) ? kmaps.kmapLocalPage(task, page, t) : 0; }

    public void kunmapLocal(Task task, long addr, Trace t) { if (at(Op.KUNMAP_LOCAL, t)) kmaps.kunmapLocal(task, addr, t); }

    /** The highmem subsystem (null on x86_64 and without HIGHMEM). */
    public Highmem highmem() { return kmaps.highmem(); }

    public boolean pageHighMem(long page, Trace t) { return at(Op.PAGE_HIGH_MEM, t) ? kmaps.pageHighMem(page, t) : false; }

    // =================================================================== boot memory, dma

    /** memblock_alloc(size, align): before BUDDY from memblock; afterwards WARN + kzalloc (mm/memblock.c). */
    public long memblockAlloc(long size, long align, Trace t) { return at(Op.MEMBLOCK_ALLOC, t) ? allocations.memblockAlloc(size, align, t) : 0; }

    /** dma_alloc_coherent(size): direct-map pages on x86_64 (the DMA address is the physical one). */
    public long dmaAllocCoherent(long size, Trace t) { return at(Op.DMA_ALLOC_COHERENT, t) ? allocations.dmaAllocCoherent(size, t) : 0; }

    // =================================================================== introspection

    /** FLATMEM's mem_map (0 for the sparse models). */
    public long memMap() { return at(Op.MEM_MAP, Trace.NONE) ? introspection.memMap() : 0; }

    public long nodeMemMap(int nid) { return at(Op.NODE_MEM_MAP, Trace.NONE) ? introspection.nodeMemMap(nid) : 0; }

    public Zone zone(String name, int nid) { return at(Op.ZONE, Trace.NONE) ? introspection.zone(name, nid) : null; }

    public Zone zone(String name) { return at(Op.ZONE, Trace.NONE) ? introspection.zone(name) : null; }

    /** enum migratetype, migratetype_names and pageblock_order of this machine's kernel; null before the zones exist. */
    public io.kmemlab.emulator.mm.MigrateTypes migrateTypes() { return at(Op.ZONE, Trace.NONE) ? k.alloc.migrateTypes() : null; }

    public List<Zone> zones() { return at(Op.ZONES, Trace.NONE) ? introspection.zones() : List.of(); }

    public List<Node> nodes() { return at(Op.NODES, Trace.NONE) ? introspection.nodes() : List.of(); }

    /**
     * DEFERRED_STRUCT_PAGE_INIT (mm/mm_init.c defer_init()): per node, the deferred zone,
     * first_deferred_pfn, the zone end and the free pages that managed and free lack until
     * page_alloc_init_late() runs deferred_init_memmap(). Empty when the machine's config does
     * not defer (off, 2.6.32, 32-bit, FLATMEM) or the zones are not sized yet. This is what a
     * host booted with the option deferred, whether or not its boot has completed it.
     */
    public List<io.kmemlab.emulator.mm.DeferredInit.Range> deferredStructPages() {
        return at(Op.NODES, Trace.NONE) ? k.deferredInit() : List.of();
    }

    /** Whether the machine stands between memblock_free_all() and page_alloc_init_late(): the deferred frames are not released yet. */
    public boolean deferredInitPending() { return k.deferredInitPending(); }

    /** frame_owner(pfn). */
    public String frameOwner(long pfn) { return at(Op.FRAME_OWNER, Trace.NONE) ? introspection.frameOwner(pfn) : ""; }

    /** frames_owned_by(owner [, zone]); zone null = all. */
    public long framesOwnedBy(String owner, Zone zone) { return at(Op.FRAMES_OWNED_BY, Trace.NONE) ? introspection.framesOwnedBy(owner, zone) : 0; }

    /** The struct page decoded through the union variant it is used as (`show page`). */
    public StructPage page(long page, Trace t) { return at(Op.PAGE, t) ? introspection.page(page, t) : null; }

    /** A field of a struct page through its current union variant; null if the variant has no such field. */
    public Long pageField(long page, String field, Trace t) { return at(Op.PAGE_FIELD, t) ? introspection.pageField(page, field, t) : null; }

    /** `show memmap`: where the struct page arrays are and how pfns map to them. */
    public String memmap() { return at(Op.MEMMAP, Trace.NONE) ? introspection.memmap() : ""; }

    public String buddyinfo() { return at(Op.BUDDYINFO, Trace.NONE) ? introspection.buddyinfo() : ""; }

    /** /proc/pagetypeinfo: free blocks per migrate type and order, and pageblocks per migrate type. */
    public String pagetypeinfo() { return at(Op.PAGETYPEINFO, Trace.NONE) ? introspection.pagetypeinfo() : ""; }

    public String zoneinfo() { return at(Op.ZONEINFO, Trace.NONE) ? introspection.zoneinfo() : ""; }

    /** /proc/slabinfo: the caches with slabs. */
    public String slabinfo() { return at(Op.SLABINFO, Trace.NONE) ? io.kmemlab.emulator.slab.SlabInfo.proc(k.slub) : ""; }

    /** One cache's SLUB state as /sys/kernel/slab/NAME/ shows it (per-CPU slabs and partial lists), or null for no such cache. */
    public String slabinfo(String cache) {
        if (!at(Op.SLABINFO, Trace.NONE)) return null;
        KmemCache c = k.slub.cacheNamed(cache);
        return c == null ? null : io.kmemlab.emulator.slab.SlabInfo.cache(k.slub, c);
    }

    /** The names of the slab caches (kmem_cache, kmalloc-*), in creation order; empty before the caches exist. */
    public List<String> slabCacheNames() {
        return k.slub == null ? List.of() : k.slub.caches().stream().map(KmemCache::name).toList();
    }

    /**
     * Read-only inspection of this machine: physical map, zones, decoded struct pages, walks,
     * address spaces, kmap slots, regions, and the change set since a checkpoint.
     */
    public io.kmemlab.emulator.inspect.Inspector inspect() {
        if (inspector == null) inspector = new io.kmemlab.emulator.inspect.Inspector(new MachineInspection(this));
        return inspector;
    }

    /**
     * What changed since checkpoint {@code before}: frames, page-table entries, struct page fields
     * and zone counters (a debugger step's change set). Costs in proportion to what was written.
     */
    public io.kmemlab.emulator.inspect.ChangeSet changesSince(Checkpoint before) {
        if (before == null) return io.kmemlab.emulator.inspect.ChangeSet.EMPTY;
        return inspect().changesSince(MachineInspection.baseline(before));
    }

    /** Self-check of the allocator and page tables; empty when consistent (used by property tests). */
    public List<String> invariants() { return at(Op.INVARIANTS, Trace.NONE) ? introspection.invariants() : List.of(); }

    public static long offsetInPage(long addr) { return addr & 4095; }
    public static long pfnDown(long a) { return a >>> 12; }
    public static long pfnUp(long a) { return (a + 4095) >>> 12; }
    public static long pfnPhys(long pfn) { return pfn << 12; }

    // =================================================================== checkpoint / restore

    /** The machine's state now: restore it with {@link #restore(Checkpoint)}, in any later or earlier state. */
    public Checkpoint checkpoint() {
        return new Checkpoint(this, ++checkpointIds, k.phase, k.save(), tasks.save(), k.diag.mark());
    }

    /**
     * Brings the machine back to {@code c}: memory, every subsystem, the tasks, the diagnostics
     * and the boot phase. A checkpoint taken in an earlier boot phase brings the machine back
     * to that phase (subsystems created later are gone; booting on creates them again).
     *
     * @return true when restored; false (with an ERROR diagnostic, nothing changed) when
     *         {@code c} is null, belongs to another machine, or the machine cannot boot
     */
    public boolean restore(Checkpoint c) {
        String why = c == null ? "restore: no checkpoint"
                : c.machine() != this ? "restore: checkpoint " + c.id() + " belongs to another machine"
                : k.phase == null ? "restore: this machine cannot boot (see the earlier diagnostics)" : null;
        if (why != null) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, why), Trace.NONE);
            return false;
        }
        k.load(c.kernel());
        k.diag.reset(c.diagnostics());
        tasks.load(c.tasks());
        return true;
    }
}
