package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.ArchLimits;
import io.kmemlab.emulator.arch.Arches;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.memblock.Memblock;
import io.kmemlab.emulator.mm.DeferredInit;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.MemmapContext;
import io.kmemlab.emulator.mm.MemoryModel;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.PageAllocator;
import io.kmemlab.emulator.mm.PageFlags;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.paging.PageTables;
import io.kmemlab.emulator.paging.Walker;
import io.kmemlab.emulator.process.Processes;
import io.kmemlab.emulator.slab.Slub;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Diagnostics;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.vmalloc.Vmalloc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one emulated machine: the spec, arch and profile it was made from, the
 * memory ({@link PhysMem}, {@link PageStore}, {@link Memblock}) and each subsystem once its
 * boot phase ({@link Boot}) has created it (null before). Subsystems never see this class:
 * they get narrow host interfaces ({@link SlabHost}, {@link VmallocHost}, {@link ProcessHost},
 * {@link HighmemHost}); the interpreter uses {@link Machine}.
 */
public final class Kernel implements MemmapContext {
    public final MachineSpec spec;
    public final Arch arch;
    public final KernelProfile profile;
    public final Diagnostics diag = new Diagnostics();
    public final long maxPfn;            // max_pfn: end of RAM
    final long storePfns;                // descriptor storage size (section-aligned)
    public Memblock memblock = new Memblock();
    public final PhysMem phys;
    public final PageStore store;
    public MemoryModel model;
    public PageFlags pageFlags;
    public PageAllocator alloc;
    public PageTables tables;
    public Walker walker;
    public final PageTypes types;
    public long initPgd = -1;            // physical address of init_top_pgt / swapper_pg_dir
    public long zeroPagePfn = -1;        // empty_zero_page
    public final Map<String, Long> symbols = new LinkedHashMap<>();
    public BootPhase phase = BootPhase.CREATED;
    /** smp_processor_id() of the kernel calls that run now (0 .. cpus - 1): whose per-CPU data they use. */
    int cpu;
    List<Node> nodes;
    boolean[] highmemZone;
    private final PageTables.TableSource runtimeTables = this::runtimeTable;
    private final Boot boot = new Boot(this);
    Slub slub;
    Vmalloc vmalloc;
    Processes processes;
    /** kmap/pkmap and kmap_atomic/kmap_local slots (32-bit arches with HIGHMEM), else null. */
    public Highmem highmem;

    Kernel(MachineSpec spec, Arch arch, KernelProfile profile) {
        this.spec = spec;
        this.arch = arch;
        this.profile = profile;
        long end = 0;
        for (MachineSpec.Ram r : spec.ram()) end = Math.max(end, (r.end() + 1) >>> 12);
        // CONFIG_NOHIGHMEM: max_pfn stops at the lowmem end (64-bit arches have none)
        if (!spec.config(ConfigOption.HIGHMEM)) end = Math.min(end, arch.lowmemEnd() >>> 12);
        // without PAE highmem_pfn_init() caps max_pfn at MAX_NONPAE_PFN (arch/x86/mm/init_32.c)
        ArchLimits limits = ArchLimits.of(spec);
        if (limits != null && limits.trimmedAbove() > 0) end = Math.min(end, 1L << (limits.trimmedAbove() - 12));
        this.maxPfn = end;
        long sec = 1L << (arch.sectionSizeBits() - 12);
        this.storePfns = Math.max((end + sec - 1) & -sec, 1 << 10);
        this.phys = new PhysMem(storePfns);
        this.store = new PageStore(storePfns);
        this.types = new PageTypes(profile, arch.wordBytes());
    }

    /**
     * The state of a machine for {@code spec}, not yet booted. Problems with the spec (unknown
     * arch or kernel, no RAM) are reported in {@link #diag}, and the phase is null: it cannot boot.
     */
    static Kernel create(MachineSpec spec) {
        if (spec == null) spec = new MachineSpec();                 // no RAM: reported below
        KernelProfile profile = KernelProfile.byVersion(spec.kernel());
        List<String> errors = new ArrayList<>();
        if (profile == null) { errors.add("unknown kernel version '" + spec.kernel() + "' (known: " + String.join(", ", KernelProfile.ALL.stream().map(KernelProfile::version).toList()) + ")"); profile = KernelProfile.V6_12; }
        if (spec.ram().isEmpty()) errors.add("machine has no RAM");
        // before the arch or anything else is sized from the spec: a machine beyond them would not fit in this JVM
        List<String> beyond = beyondLimits(spec);
        errors.addAll(beyond);
        if ("arm".equals(spec.arch()) && !spec.ram().isEmpty() && beyond.isEmpty()) {
            long start = -1;
            for (MachineSpec.Ram r : spec.ram()) if (Long.compareUnsigned(r.start(), start) < 0) start = r.start();
            String physOffset = ArchLimits.armPhysOffsetProblem(start & ~0xfffL, profile);   // PHYS_OFFSET as Arm sets it
            if (physOffset != null) errors.add(physOffset);
        }
        String kaslr = io.kmemlab.emulator.arch.X86Kaslr.problem(spec, profile);
        if (kaslr != null) errors.add(kaslr);
        Arch arch = beyond.isEmpty() ? Arches.create(spec) : null;
        if (arch == null && beyond.isEmpty()) errors.add("arch '" + spec.arch() + "' is not emulated yet");
        boolean sized = arch != null && !spec.ram().isEmpty();
        if (arch == null) arch = Arches.create(new MachineSpec().ram(0, 0xfffff));
        Kernel k = new Kernel(sized ? spec : new MachineSpec().ram(0x1000, 0xfffff), arch, profile.forArch(arch.name()));
        for (String e : errors) k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, e), Trace.NONE);
        if (!errors.isEmpty()) k.phase = null;
        return k;
    }

    /**
     * What the arch's kernel cannot describe (ArchLimits): RAM beyond MAX_PHYSMEM_BITS, a range
     * that ends before it starts, more CPUs than NR_CPUS, node ids from MAX_NUMNODES, a kernel
     * image outside RAM. Checked before anything is sized from the spec.
     */
    static List<String> beyondLimits(MachineSpec spec) {
        List<String> errors = new ArrayList<>();
        ArchLimits limits = ArchLimits.of(spec);
        if (limits == null) return errors;
        long ramEnd = -1;
        for (MachineSpec.Ram r : spec.ram()) {
            if (Long.compareUnsigned(r.end(), r.start()) < 0) {
                errors.add(String.format("RAM range %#x .. %#x ends before it starts (a negative size, or start + size past 2^64)",
                        r.start(), r.end()));
            } else if (limits.ramTooHigh(r.end())) {
                errors.add(String.format("RAM range %#x .. %#x: %s", r.start(), r.end(), limits.ramTooHighMessage()));
            } else {
                ramEnd = Math.max(ramEnd, r.end());
            }
            String node = limits.nodeProblem(r.nid());
            if (node != null && !errors.contains(node)) errors.add(node);
        }
        String cpus = limits.cpusProblem(spec.cpus(), spec.configValue(ConfigOption.NR_CPUS));
        if (cpus != null) errors.add(cpus);
        long imageEnd = spec.kernelImageAt() + spec.kernelImageSize() - 1;
        if (errors.isEmpty() && ramEnd >= 0 && (spec.kernelImageSize() <= 0 || Long.compareUnsigned(imageEnd, ramEnd) > 0)) {
            errors.add(String.format("kernel-image at %#x size %#x ends past the end of RAM (%#x)", spec.kernelImageAt(),
                    spec.kernelImageSize(), ramEnd));
        }
        return errors;
    }

    /** Runs the next boot phase; false when booted. */
    boolean bootStep(Trace t) { return boot.step(t); }

    // ------------------------------------------------------------------ MemmapContext
    @Override public Arch arch() { return arch; }
    @Override public Memblock memblock() { return memblock; }
    @Override public PhysMem phys() { return phys; }
    @Override public long maxPfn() { return maxPfn; }
    @Override public long allocLimit() { return Math.min(memblock.memoryEnd(), arch.layout().lowmemLimit()); }

    @Override public void mapKernel(long va, long pa, long size, int leafLevel, int prot) {
        tables.map(initPgd, va, pa, size, leafLevel, prot, tableSource());
    }

    /** Where new kernel page tables come from: memblock during boot, the buddy allocator once it runs. */
    PageTables.TableSource tableSource() {
        return phase.ordinal() >= BootPhase.BUDDY.ordinal() ? runtimeTables : bootTables;
    }

    /** Boot-time tables: memblock, one page at a time or as a run of pages top-down. */
    private final PageTables.TableSource bootTables = new PageTables.TableSource() {
        @Override public long allocTable(int level) { return bootTable(level); }

        /** alloc_low_pages() n times: consecutive pages of one free gap, descending (their contents are the caller's). */
        @Override public int allocTables(int level, int n, long[] out) {
            if (memblock.bottomUp()) return PageTables.TableSource.super.allocTables(level, n, out);
            int c = memblock.allocPagesDown(n, 0, allocLimit(), 0, FrameOwner.PAGE_TABLE, "page tables", out);
            out[1] = -4096;
            return c;
        }
    };

    /** alloc_low_pages(): page tables during boot come from memblock, top-down. */
    private long bootTable(int level) {
        long pa = memblock.bottomUp() && arch.bootmemEarlyTables() >= 0
                ? memblock.allocFrom(4096, 4096, arch.bootmemEarlyTables(), allocLimit(), 0, FrameOwner.PAGE_TABLE, "page tables")
                : memblock.alloc(4096, 4096, 0, allocLimit(), 0, FrameOwner.PAGE_TABLE, "page tables");
        if (pa >= 0) phys.clearFrame(pa >>> 12);
        return pa;
    }

    /** pte_alloc_one / pmd_alloc_one ...: a zeroed page from the buddy, marked PageTable. */
    private long runtimeTable(int level) {
        long pfn = alloc.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 0, 0, FrameOwner.PAGE_TABLE, Trace.NONE);
        if (pfn < 0) return -1;
        if (profile.pageTypes()) types.set(store, pfn, PageTypes.Type.TABLE);   // pagetable_pte_ctor / __SetPageTable
        return pfn << 12;
    }

    // ------------------------------------------------------------------ zones
    /** MAX_NR_ZONES: the declared zones plus ZONE_MOVABLE (if not declared) and ZONE_DEVICE where configured. */
    public int maxNrZones() {
        return nodes.get(0).zones().size() + (hasZone("Movable") ? 0 : 1) + (arch.zoneDevice() ? 1 : 0);
    }

    /**
     * CONFIG_DEFERRED_STRUCT_PAGE_INIT in effect: configured, and the kernel has it (4.2+;
     * mm/Kconfig 6.12: depends on SPARSEMEM and 64BIT).
     */
    public boolean deferredInitConfigured() {
        return spec.config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT) && profile.atLeast(4, 2) && arch.wordBytes() == 8
                && model != null && model.kind() != io.kmemlab.emulator.spec.MemoryModelKind.FLATMEM;
    }

    /** Each node's deferred struct pages (mm/mm_init.c defer_init()); empty without the option or before zones are sized. */
    public List<DeferredInit.Range> deferredInit() {
        if (!deferredInitConfigured() || nodes == null || nodes.isEmpty() || phase == null || phase.ordinal() < BootPhase.ZONES.ordinal()) return List.of();
        return DeferredInit.compute(nodes, memblock.memory(), memblock.freeRanges(), 1L << (arch.sectionSizeBits() - 12));
    }

    /**
     * Why the struct page of {@code pfn} is not initialised yet, or null when it is. With
     * DEFERRED_STRUCT_PAGE_INIT, memmap_init() stops at each node's first_deferred_pfn (mm/mm_init.c
     * defer_init(), 6.12); memblock_free_all() then initialises the reserved ones among them
     * (memmap_init_reserved_pages() -> reserve_bootmem_region() -> init_deferred_page(), mm/memblock.c
     * and mm/mm_init.c 6.12) and page_alloc_init_late() the rest (deferred_init_memmap()). Until then
     * such a struct page holds whatever its memory held: the vmemmap comes from memblock_alloc_try_nid_raw().
     */
    public String uninitialisedStructPage(long pfn) {
        if (phase != BootPhase.STRUCT_PAGES && phase != BootPhase.BUDDY) return null;
        for (DeferredInit.Range r : deferredInit()) {
            if (pfn < r.firstDeferredPfn() || pfn >= r.endPfn() || !alloc.isRamOf(pfn, r.nid())) continue;
            if (phase == BootPhase.BUDDY && memblock.reservedAt(pfn << 12) != null) return null;
            return String.format("not initialised (deferred): DEFERRED_STRUCT_PAGE_INIT stopped memmap_init() at node %d's first_deferred_pfn "
                    + "%#x; deferred_init_memmap() initialises [%#x, %#x) of zone %s in page_alloc_init_late()%s",
                    r.nid(), r.firstDeferredPfn(), r.firstDeferredPfn(), r.endPfn(), r.zone(),
                    phase == BootPhase.STRUCT_PAGES ? " (its reserved frames already in memblock_free_all())" : "");
        }
        return null;
    }

    /** Between memblock_free_all() and page_alloc_init_late(): the deferred frames are not in managed or free yet. */
    public boolean deferredInitPending() { return phase == BootPhase.BUDDY && !deferredInit().isEmpty(); }

    boolean hasZone(String name) {
        for (Zone z : nodes.get(0).zones()) if (z.name().equals(name)) return true;
        return false;
    }

    /** PageHighMem(): is_highmem_idx(page_zonenum(page)) - the zone decides, not the address (include/linux/page-flags.h). */
    public boolean pfnHighMem(long pfn) {
        if (pageFlags == null || highmemZone == null) return false;
        int zi = pageFlags.zone(store.flags(pfn));
        return zi < highmemZone.length && highmemZone[zi];
    }

    /** The init_mm pte for a kernel address: its entry address, or -1 without a table. */
    long kernelPteAddr(long va, boolean create) {
        return create ? tables.ensure(initPgd, va, PagingMode.PTE, tableSource()) : tables.lookup(initPgd, va, PagingMode.PTE);
    }

    // ------------------------------------------------------------------ helpers for the facade
    public long pfnToPage(long pfn) { return model.pfnToPage(pfn, Trace.NONE); }

    public long pageToPfn(long page) { return model.pageToPfn(page, Trace.NONE); }

    public Trace none() { return Trace.NONE; }

    public Slub slub() { return slub; }
    /** smp_processor_id() of the calls that run now. */
    public int cpu() { return cpu; }
    public Vmalloc vmalloc() { return vmalloc; }
    public Processes processes() { return processes; }
    public PageTables.TableSource runtimeTables() { return runtimeTables; }
    public boolean config(ConfigOption o) { return spec.config(o); }

    // ------------------------------------------------------------------ checkpoint
    /**
     * The kernel at a checkpoint: its boot phase, what the boot set (memblock, symbols, init_mm's
     * pgd, the zero page), and every subsystem that existed then with its saved state; a
     * subsystem created in a later phase is null here.
     */
    public record Snapshot(BootPhase phase, Memblock memblock, PhysMem.State phys, PageStore.State store,
                           Map<String, Long> symbols, long initPgd, long zeroPagePfn,
                           PageTables tables, Walker walker, MemoryModel model, PageFlags pageFlags,
                           List<Node> nodes, boolean[] highmemZone,
                           Saved<PageAllocator, PageAllocator.State> alloc, Saved<Slub, Slub.State> slub,
                           Saved<Vmalloc, Vmalloc.State> vmalloc, Saved<Processes, Processes.State> processes,
                           Saved<Highmem, Highmem.State> highmem, int cpu) { }

    Snapshot save() {
        return new Snapshot(phase, memblock.copy(), phys.save(), store.save(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symbols)), initPgd, zeroPagePfn,
                tables, walker, model, pageFlags, nodes, highmemZone,
                Saved.of(alloc), Saved.of(slub), Saved.of(vmalloc), Saved.of(processes), Saved.of(highmem), cpu);
    }

    /** Brings every part back to {@code s}, dropping the subsystems created after it. */
    void load(Snapshot s) {
        phase = s.phase();
        memblock = s.memblock().copy();
        phys.load(s.phys());
        store.load(s.store());
        symbols.clear();
        symbols.putAll(s.symbols());
        initPgd = s.initPgd();
        zeroPagePfn = s.zeroPagePfn();
        tables = s.tables();
        walker = s.walker();
        model = s.model();
        pageFlags = s.pageFlags();
        if (model != null) model.bind(store, pageFlags);
        nodes = s.nodes();
        highmemZone = s.highmemZone();
        alloc = Saved.restore(s.alloc());
        slub = Saved.restore(s.slub());
        vmalloc = Saved.restore(s.vmalloc());
        processes = Saved.restore(s.processes());
        highmem = Saved.restore(s.highmem());
        cpu = s.cpu();
    }
}
