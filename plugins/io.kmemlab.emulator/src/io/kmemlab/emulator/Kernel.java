package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.MapChunk;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.memblock.Memblock;
import io.kmemlab.emulator.mm.Flatmem;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.MemmapContext;
import io.kmemlab.emulator.mm.MemoryModel;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.PageAllocator;
import io.kmemlab.emulator.mm.PageFlags;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.mm.Sparsemem;
import io.kmemlab.emulator.mm.Vmemmap;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.paging.PageTables;
import io.kmemlab.emulator.paging.Walker;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Diagnostics;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one emulated machine and its boot sequence. Subsystems receive the Kernel
 * they belong to; the interpreter uses {@link Machine}.
 */
public final class Kernel implements MemmapContext {
    public final MachineSpec spec;
    public final Arch arch;
    public final KernelProfile profile;
    public final Diagnostics diag = new Diagnostics();
    public final long maxPfn;            // max_pfn: end of RAM
    final long storePfns;                // descriptor storage size (section-aligned)
    public Memblock memblock = new Memblock();
    public PhysMem phys;
    public PageStore store;
    public MemoryModel model;
    public PageFlags pageFlags;
    public PageAllocator alloc;
    public PageTables tables;
    public Walker walker;
    public PageTypes types;
    public long initPgd = -1;            // physical address of init_top_pgt / swapper_pg_dir
    public long zeroPagePfn = -1;        // empty_zero_page
    public final Map<String, Long> symbols = new LinkedHashMap<>();
    public BootPhase phase = BootPhase.CREATED;
    List<Node> nodes;
    boolean[] highmemZone;
    private final long[] sectionCursor = new long[3];   // text, data, bss allocation cursors
    final TableSourceRuntime runtimeTables = new TableSourceRuntime();
    io.kmemlab.emulator.slab.Slub slub;
    io.kmemlab.emulator.vmalloc.Vmalloc vmalloc;
    io.kmemlab.emulator.process.Processes processes;
    /** kmap/pkmap and kmap_atomic/kmap_local slots (32-bit arches with HIGHMEM), else null. */
    public io.kmemlab.emulator.highmem.Highmem highmem;

    Kernel(MachineSpec spec, Arch arch, KernelProfile profile) {
        this.spec = spec;
        this.arch = arch;
        this.profile = profile;
        long end = 0;
        for (MachineSpec.Ram r : spec.ram()) end = Math.max(end, (r.end() + 1) >>> 12);
        if (noHighmem()) end = Math.min(end, arch.lowmemEnd() >>> 12);
        this.maxPfn = end;
        long sec = 1L << (arch.sectionSizeBits() - 12);
        this.storePfns = Math.max((end + sec - 1) & -sec, 1 << 10);
        this.phys = new PhysMem(storePfns);
        this.store = new PageStore(storePfns);
        this.types = new PageTypes(profile);
    }

    // ------------------------------------------------------------------ MemmapContext
    @Override public Arch arch() { return arch; }
    @Override public Memblock memblock() { return memblock; }
    @Override public PhysMem phys() { return phys; }
    @Override public long maxPfn() { return maxPfn; }
    @Override public long allocLimit() { return Math.min(memblock.memoryEnd(), arch.layout().lowmemLimit()); }

    @Override public void mapKernel(long va, long pa, long size, int leafLevel, int prot) {
        tables.map(initPgd, va, pa, size, leafLevel, prot, tableSource());
    }

    PageTables.TableSource tableSource() {
        return phase.ordinal() >= BootPhase.BUDDY.ordinal() ? runtimeTables : this::bootTable;
    }

    /** alloc_low_pages(): page tables during boot come from memblock, top-down. */
    private long bootTable(int level) {
        long pa = memblock.bottomUp() && arch.bootmemEarlyTables() >= 0
                ? memblock.allocFrom(4096, 4096, arch.bootmemEarlyTables(), allocLimit(), 0, FrameOwner.PAGE_TABLE, "page tables")
                : memblock.alloc(4096, 4096, 0, allocLimit(), 0, FrameOwner.PAGE_TABLE, "page tables");
        if (pa >= 0) phys.clearFrame(pa >>> 12);
        return pa;
    }

    /** pte_alloc_one / pmd_alloc_one ...: a zeroed page from the buddy, marked PageTable. */
    final class TableSourceRuntime implements PageTables.TableSource {
        @Override public long allocTable(int level) {
            long pfn = alloc.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 0, 0, FrameOwner.PAGE_TABLE, Trace.NONE);
            if (pfn < 0) return -1;
            if (profile.pageTypes()) types.set(store, pfn, PageTypes.Type.TABLE);   // pagetable_pte_ctor / __SetPageTable
            return pfn << 12;
        }
    }

    // ------------------------------------------------------------------ boot
    boolean bootStep(Trace t) {
        switch (phase) {
            case CREATED -> phaseMemblock(t);
            case MEMBLOCK -> phasePageTables(t);
            case PAGE_TABLES -> phaseMemmap(t);
            case MEMMAP -> phaseZones(t);
            case ZONES -> phaseStructPages(t);
            case STRUCT_PAGES -> phaseBuddy(t);
            case BUDDY -> phaseLate(t);
            case BOOTED -> { return false; }
        }
        phase = BootPhase.values()[phase.ordinal() + 1];
        if (t.enabled()) t.note("boot phase " + phase + " done");
        return true;
    }

    private void phaseMemblock(Trace t) {
        boolean bootmem = spec.bootAllocator() != null ? spec.bootAllocator().equals("bootmem") : profile.bootmem();
        boolean trimmed = false;
        for (MachineSpec.Ram r : spec.ram()) {
            long s = (r.start() + 4095) & -4096L, e = (r.end() + 1) & -4096L;   // PFN_UP / PFN_DOWN
            if (!profile.page0IsRam() && arch.biosFirstMegabyte() && s < 4096) s = 4096;   // trim_bios_range()
            if (noHighmem() && e > maxPfn << 12) {
                // CONFIG_NOHIGHMEM (arch/x86/mm/init_32.c lowmem_pfn_init, arm adjust_lowmem_bounds):
                // max_pfn = the lowmem limit; the RAM above is not used
                if (!trimmed) diag.report(io.kmemlab.emulator.trace.Diagnostic.of(io.kmemlab.emulator.trace.Diagnostic.Kind.WARN,
                        String.format("Warning only %dMB will be used (HIGHMEM off: RAM above the lowmem limit is ignored)", maxPfn >>> 8)), t);
                e = Math.max(s, maxPfn << 12);
                trimmed = true;
            }
            if (e <= s) continue;
            memblock.addMemory(s, e - s, r.nid());
            if (t.enabled()) t.formula(String.format("memblock_add(0x%x, 0x%x) node %d", s, e - s, r.nid()));
        }
        for (MachineSpec.Reserved r : spec.reserved()) memblock.reserve(r.start(), r.end() + 1 - r.start(), FrameOwner.RESERVED, r.name());
        if (profile.reserveFirstMb() && arch.biosFirstMegabyte()) memblock.reserve(0, 1L << 20, FrameOwner.RESERVED, "first 1MB (x86 real mode / BIOS)");
        if (profile.page0IsRam() && arch.biosFirstMegabyte()) memblock.reserve(0, 4096, FrameOwner.RESERVED, "BIOS data page");
        memblock.reserve(spec.kernelImageAt(), spec.kernelImageSize(), FrameOwner.KERNEL, "kernel image");
        memblock.setBottomUp(bootmem, 16L << 20);
        layoutImage();
        long pgdBelow = arch.swapperPgDirBelowImage(spec.kernelImageAt());
        if (pgdBelow >= 0) {                                   // reserved by arm_memblock_init()
            initPgd = pgdBelow;
            memblock.reserve(initPgd, 4096L << arch.pgdOrder(), FrameOwner.PAGE_TABLE, "swapper_pg_dir");
            symbols.put("swapper_pg_dir", arch.va(initPgd, Trace.NONE));
        }
    }

    /**
     * `config { HIGHMEM off }` (CONFIG_NOHIGHMEM): RAM above the arch's lowmem end is not used.
     * 64-bit arches have no lowmem end, so the switch changes nothing there.
     */
    private boolean noHighmem() { return !spec.config(ConfigOption.HIGHMEM); }

    /**
     * The kernel image: text is the first half, data the next quarter, bss the last quarter
     * (a model: real images have their own proportions). init_top_pgt and empty_zero_page
     * are the last two pages of bss; `symbol` lines are placed in their section in order.
     */
    private void layoutImage() {
        long at = spec.kernelImageAt(), size = spec.kernelImageSize();
        long textVa = arch.kernelTextVa(at);
        symbols.put("_text", textVa);
        symbols.put("_sdata", textVa + size / 2);
        symbols.put("__bss_start", textVa + size * 3 / 4);
        symbols.put("_end", textVa + size);
        sectionCursor[0] = textVa + 0x1000;
        sectionCursor[1] = textVa + size / 2;
        sectionCursor[2] = textVa + size * 3 / 4;
        initPgd = at + size - 4096;
        zeroPagePfn = (at + size - 8192) >>> 12;
        symbols.put(arch.pgdSymbol(), textVa + size - 4096);
        symbols.put("empty_zero_page", textVa + size - 8192);
        symbols.put("init_mm", sectionCursor[1]);              // struct mm_struct init_mm (mm/init-mm.c)
        sectionCursor[1] += 1024;
        for (MachineSpec.Symbol s : spec.symbols()) {
            int sec = switch (s.section()) { case "text" -> 0; case "bss" -> 2; default -> 1; };
            long align = s.size() >= 4096 ? 4096 : 64;
            long va = (sectionCursor[sec] + align - 1) & -align;
            symbols.put(s.name(), va);
            sectionCursor[sec] = va + s.size();
        }
    }

    private void phasePageTables(Trace t) {
        tables = new PageTables(arch.paging(), phys);
        tables.setUserTop(arch.layout().userTop());
        walker = new Walker(tables);
        phys.clearFrame(initPgd >>> 12);
        boolean gb = spec.config(ConfigOption.GBPAGES);
        // init_mem_mapping(): [0, ISA_END) first, then every RAM range
        List<long[]> ranges = new ArrayList<>();
        if (arch.biosFirstMegabyte()) ranges.add(new long[]{0, 1L << 20});
        for (Memblock.Region r : memblock.memory()) {
            long s = r.base(), e = Math.min(r.end(), arch.layout().lowmemLimit());
            if (arch.biosFirstMegabyte()) s = Math.max(s, 1L << 20);
            if (e > s) ranges.add(new long[]{s, e});
        }
        for (long[] r : ranges) for (MapChunk c : arch.directMapChunks(r[0], r[1], gb)) {
            mapKernel(c.va(), c.pa(), c.size(), c.leafLevel(), c.prot());
            if (t.enabled()) t.formula(String.format("direct map 0x%x..0x%x -> phys 0x%x with %s pages", c.va(), c.va() + c.size() - 1, c.pa(),
                    c.leafLevel() == PagingMode.PUD ? "1G" : c.leafLevel() == PagingMode.PMD ? "2M" : "4K"));
        }
        if (arch.layout().kernelMapStart() != arch.layout().pageOffset())
            for (MapChunk c : arch.kernelImageChunks(spec.kernelImageAt(), spec.kernelImageSize()))
                mapKernel(c.va(), c.pa(), c.size(), c.leafLevel(), c.prot());
        arch.preallocateKernelTables(new io.kmemlab.emulator.arch.KernelTables() {
            @Override public boolean has(long va, int level) { return tables.lookup(initPgd, va, level) >= 0; }
            @Override public void ensure(long va, int level) { tables.ensure(initPgd, va, level, tableSource()); }
        }, t);
    }

    private void phaseMemmap(Trace t) {
        MemoryModelKind kind = spec.memoryModel() != null ? spec.memoryModel() : arch.defaultMemoryModel();
        model = switch (kind) {
            case SPARSEMEM_VMEMMAP -> new Vmemmap(arch.layout().vmemmapStart(), arch.structPageSize());
            case SPARSEMEM -> new Sparsemem(arch);
            case FLATMEM -> new Flatmem(arch, profile.maxPageOrder());
        };
        model.allocate(this);
        if (t.enabled()) t.note("memory model " + kind.dslName + (model.memMap() != 0 ? String.format(", mem_map = 0x%x", model.memMap()) : ""));
    }

    /** free_area_init() / calculate_node_totalpages() (mm/mm_init.c). */
    private void phaseZones(Trace t) {
        List<ZoneSpec> specs = spec.zones() != null ? spec.zones() : arch.defaultZones();
        long[] lo = new long[specs.size()], hi = new long[specs.size()];
        long prev = 0;
        for (int i = 0; i < specs.size(); i++) {
            ZoneSpec z = specs.get(i);
            lo[i] = prev;
            hi[i] = switch (z.kind()) {
                case UNTIL -> Math.min(Math.max(z.value() >>> 12, prev), maxPfn);
                case SIZE -> Math.min(prev + (z.value() >>> 12), maxPfn);
                case REST -> maxPfn;
            };
            // the lowmem limit bounds Normal on 32-bit (zone_sizes_init: max_low_pfn)
            prev = hi[i];
        }
        int nNodes = 0;
        for (MachineSpec.Ram r : spec.ram()) nNodes = Math.max(nNodes, r.nid() + 1);
        nodes = new ArrayList<>();
        highmemZone = new boolean[specs.size()];
        for (int i = 0; i < specs.size(); i++) highmemZone[i] = specs.get(i).name().equalsIgnoreCase("HighMem");
        for (int nid = 0; nid < nNodes; nid++) {
            Node n = new Node(nid);
            long ns = Long.MAX_VALUE, ne = 0;
            for (Memblock.Region r : memblock.memory()) if (r.nid() == nid) { ns = Math.min(ns, r.base() >>> 12); ne = Math.max(ne, r.end() >>> 12); }
            if (ns == Long.MAX_VALUE) { ns = 0; ne = 0; }
            List<Zone> zones = new ArrayList<>();
            long nodePresent = 0;
            for (int i = 0; i < specs.size(); i++) {
                Zone z = new Zone(specs.get(i).name(), i, nid, specs.get(i).allocatorNone());
                // zone_spanned_pages_in_node(): clamp the arch limits to the node span
                long zs = Math.max(Math.min(ns, hi[i]), lo[i]), ze = Math.max(Math.min(ne, hi[i]), lo[i]);
                if (ze <= ns || zs >= ne) { zs = ze = Math.max(Math.min(ns, hi[i]), lo[i]); }
                else { zs = Math.max(zs, ns); ze = Math.min(ze, ne); }
                long present = 0;
                for (Memblock.Region r : memblock.memory()) {
                    if (r.nid() != nid) continue;
                    long s = Math.max(r.base() >>> 12, zs), e = Math.min(r.end() >>> 12, ze);
                    if (e > s) present += e - s;                      // spanned - zone_absent_pages_in_node()
                }
                setZone(z, zs, ze - zs, present);
                nodePresent += present;
                zones.add(z);
                if (t.enabled()) t.formula(String.format("node %d zone %s: start_pfn %d spanned %d present %d", nid, z.name(), zs, ze - zs, present));
            }
            setNode(n, ns, ne - ns, nodePresent, zones);
            nodes.add(n);
        }
        alloc = new PageAllocator(profile, store, phys, diag, Math.max(1, spec.cpus()), arch.structPageSize());
        alloc.setNodes(nodes, model);
    }

    private static void setZone(Zone z, long start, long spanned, long present) {
        io.kmemlab.emulator.mm.ZoneAccessBridge.set(z, start, spanned, present);
    }

    private static void setNode(Node n, long start, long spanned, long present, List<Zone> zones) {
        io.kmemlab.emulator.mm.ZoneAccessBridge.setNode(n, start, spanned, present, zones);
    }

    /** memmap_init(): links in page->flags (set_page_links), PG_reserved for reserved frames. */
    private void phaseStructPages(Trace t) {
        pageFlags = new PageFlags(arch.wordBytes() * 8, model.sectionsWidth(), arch.nodesShift(), maxNrZones(), profile.pageFlags().size());
        if (model instanceof Sparsemem sm) sm.bind(store, pageFlags);
        long reservedBit = 1L << profile.bit("reserved");
        final List<Zone> zs = alloc.zones();
        final PageFlags pf = pageFlags;
        final MemoryModel mm = model;
        store.initialise(pfn -> {
            Zone z = null;
            for (Zone c : zs) if (c.spanned() > 0 && c.contains(pfn)) { z = c; break; }
            return pf.links(z == null ? 0 : z.index(), z == null ? 0 : z.nid(), mm.pfnToSectionNr(pfn));
        }, reservedBit);
        for (Memblock.Region r : memblock.memory()) store.setOwnerRange(r.base() >>> 12, r.end() >>> 12, FrameOwner.FREE);
        for (Memblock.Region r : memblock.reserved()) {
            long s = r.base() >>> 12, e = (r.end() + 4095) >>> 12;
            store.setOwnerRange(s, Math.min(e, storePfns), r.owner());
        }
        // allocator-none zones: their frames stay reserved
        for (Zone z : alloc.zones()) if (z.allocatorNone()) {
            for (long[] f : memblock.freeRanges()) {
                long s = Math.max(f[0] >>> 12, z.startPfn()), e = Math.min(f[1] >>> 12, z.endPfn());
                if (e > s) store.setOwnerRange(s, e, FrameOwner.RESERVED);
            }
        }
        if (t.enabled()) t.formula(String.format("page->flags: ZONES_PGOFF %d (width %d), NODES_PGOFF %d (width %d), SECTIONS_PGOFF %d (width %d)",
                pageFlags.zonesPgoff, pageFlags.zonesWidth, pageFlags.nodesPgoff, pageFlags.nodesWidth, pageFlags.sectionsPgoff, pageFlags.sectionsWidth));
    }

    /** MAX_NR_ZONES: the declared zones plus ZONE_MOVABLE (if not declared) and ZONE_DEVICE on x86_64. */
    public int maxNrZones() {
        return nodes.get(0).zones().size() + (hasZone("Movable") ? 0 : 1) + (arch.zoneDevice() ? 1 : 0);
    }

    boolean hasZone(String name) {
        for (Zone z : nodes.get(0).zones()) if (z.name().equals(name)) return true;
        return false;
    }

    /** memblock_free_all() -> __free_pages_memory() per free range and zone. */
    private void phaseBuddy(Trace t) {
        for (long[] f : memblock.freeRanges()) {
            long s = f[0] >>> 12, e = f[1] >>> 12;
            for (Zone z : alloc.zones()) {
                if (z.allocatorNone()) continue;
                long zs = Math.max(s, z.startPfn()), ze = Math.min(e, z.endPfn());
                if (ze > zs) alloc.releaseBootRange(z, zs, ze);
            }
        }
        alloc.setupWatermarks(highmemZone, spec.config(ConfigOption.THP) && arch.wordBytes() == 8, maxNrZones());   // THP: 64-bit here
        if (t.enabled()) for (Zone z : alloc.zones()) t.formula(String.format("zone %s: managed %d, free %d, min %d low %d high %d",
                z.name(), z.managed(), z.free(), z.watermark(Zone.WMARK_MIN), z.watermark(Zone.WMARK_LOW), z.watermark(Zone.WMARK_HIGH)));
    }

    private void phaseLate(Trace t) {
        slub = new io.kmemlab.emulator.slab.Slub(this);
        vmalloc = new io.kmemlab.emulator.vmalloc.Vmalloc(this);
        processes = new io.kmemlab.emulator.process.Processes(this);
        processes.initHugetlb(spec.hugepages(), t);
        if (arch.fixmap() != null && arch.layout().pkmapBase() != 0)
            highmem = new io.kmemlab.emulator.highmem.Highmem(new HighmemHost(), arch.layout().pkmapBase(), arch.layout().lastPkmap(),
                    arch.fixmap(), profile.kmapTypes(), spec.config(ConfigOption.DEBUG_KMAP_LOCAL), arch.layout().pageOffset(),
                    arch.kmapHighGet());
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

    /** What the highmem subsystem needs from this machine. */
    final class HighmemHost implements io.kmemlab.emulator.highmem.Highmem.Host {
        @Override public boolean pageHighMem(long page) { return pfnHighMem(pageToPfn(page)); }
        @Override public long lowmemPageAddress(long page, Trace t) {
            long pfn = model.pageToPfn(page, t);
            long va = arch.va(pfn << 12, t);
            if (t.enabled() && Long.compareUnsigned(va, arch.layout().directMapEnd()) >= 0)
                t.note(String.format("pfn 0x%x is above the lowmem limit but its zone is not HighMem: lowmem_page_address() = __va() = 0x%x "
                        + "is beyond high_memory 0x%x and maps nothing of this page", pfn, va, arch.layout().directMapEnd()));
            return va;
        }
        @Override public long pageToPfn(long page) { return Kernel.this.pageToPfn(page); }
        @Override public long pfnToPage(long pfn) { return Kernel.this.pfnToPage(pfn); }
        @Override public void setKernelPte(long va, long pfn, Trace t) {
            long e = kernelPteAddr(va, true);
            if (e < 0) return;
            long v = arch.paging().format().makeLeaf(PagingMode.PTE, pfn << 12, io.kmemlab.emulator.arch.Prot.KERNEL);
            tables.writeEntry(e, PagingMode.PTE, v);
            if (t.enabled()) t.entry("pte", e & -4096L, (int) ((e & 4095) / arch.paging().level(PagingMode.PTE).entryBytes()), e, v,
                    arch.paging().format().decode(PagingMode.PTE, v));
        }
        @Override public void clearKernelPte(long va, Trace t) {
            long e = kernelPteAddr(va, false);
            if (e >= 0) tables.writeEntry(e, PagingMode.PTE, 0);
        }
        @Override public long kernelPtePfn(long va) {
            long e = kernelPteAddr(va, false);
            if (e < 0) return -1;
            long v = tables.readEntry(e, PagingMode.PTE);
            io.kmemlab.emulator.arch.EntryFormat f = arch.paging().format();
            return v != 0 && f.present(PagingMode.PTE, v) ? f.leafPhys(PagingMode.PTE, v) >>> 12 : -1;
        }
        @Override public void report(io.kmemlab.emulator.trace.Diagnostic d, Trace t) { diag.report(d, t); }
        @Override public String taskName(Object task) { return task instanceof Task tk ? tk.name() : String.valueOf(task); }
        @Override public boolean debugAtomicSleep() { return spec.config(ConfigOption.DEBUG_ATOMIC_SLEEP); }
    }

    // ------------------------------------------------------------------ helpers for subsystems
    public long pfnToPage(long pfn) { return model.pfnToPage(pfn, Trace.NONE); }

    public long pageToPfn(long page) { return model.pageToPfn(page, Trace.NONE); }

    public Trace none() { return Trace.NONE; }

    public io.kmemlab.emulator.slab.Slub slub() { return slub; }
    public io.kmemlab.emulator.vmalloc.Vmalloc vmalloc() { return vmalloc; }
    public io.kmemlab.emulator.process.Processes processes() { return processes; }
    public PageTables.TableSource runtimeTables() { return runtimeTables; }
    public boolean config(ConfigOption o) { return spec.config(o); }
}
