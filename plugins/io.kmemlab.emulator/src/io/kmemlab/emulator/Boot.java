package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.ArchLimits;
import io.kmemlab.emulator.arch.KernelTables;
import io.kmemlab.emulator.arch.Layout;
import io.kmemlab.emulator.arch.MapChunk;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.memblock.Memblock;
import io.kmemlab.emulator.mm.Flatmem;
import io.kmemlab.emulator.mm.MemoryModel;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.NodeRanges;
import io.kmemlab.emulator.mm.PageAllocator;
import io.kmemlab.emulator.mm.PageFlags;
import io.kmemlab.emulator.mm.Sparsemem;
import io.kmemlab.emulator.mm.Vmemmap;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.mm.ZoneAccessBridge;
import io.kmemlab.emulator.paging.PageTables;
import io.kmemlab.emulator.paging.Walker;
import io.kmemlab.emulator.process.Processes;
import io.kmemlab.emulator.slab.Slub;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.mm.DeferredInit;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.vmalloc.Vmalloc;
import java.util.ArrayList;
import java.util.List;

/**
 * The boot sequence as discrete phases ({@link BootPhase}): each step runs the kernel's init
 * code for one phase on the {@link Kernel} state and creates the subsystems that phase brings
 * up. Everything a phase creates is recorded in the Kernel, so a checkpoint taken between
 * phases can bring the machine back to that phase.
 */
final class Boot {
    private final Kernel k;

    Boot(Kernel k) { this.k = k; }

    /** Runs the phase after the current one; false when the machine is booted. */
    boolean step(Trace t) {
        switch (k.phase) {
            case CREATED -> phaseMemblock(t);
            case MEMBLOCK -> phasePageTables(t);
            case PAGE_TABLES -> phaseMemmap(t);
            case MEMMAP -> phaseZones(t);
            case ZONES -> phaseStructPages(t);
            case STRUCT_PAGES -> phaseBuddy(t);
            case BUDDY -> phaseLate(t);
            case BOOTED -> { return false; }
        }
        k.phase = BootPhase.values()[k.phase.ordinal() + 1];
        if (t.enabled()) t.note("boot phase " + k.phase + " done");
        return true;
    }

    private void phaseMemblock(Trace t) {
        boolean bootmem = k.spec.bootAllocator() != null ? k.spec.bootAllocator().equals("bootmem") : k.profile.bootmem();
        boolean trimmed = false;
        for (MachineSpec.Ram r : k.spec.ram()) {
            long s = (r.start() + 4095) & -4096L, e = (r.end() + 1) & -4096L;   // PFN_UP / PFN_DOWN
            if (!k.profile.page0IsRam() && k.arch.biosFirstMegabyte() && s < 4096) s = 4096;   // trim_bios_range()
            if (Long.compareUnsigned(e, k.maxPfn << 12) > 0) {
                // CONFIG_NOHIGHMEM (arch/x86/mm/init_32.c lowmem_pfn_init, arm adjust_lowmem_bounds):
                // max_pfn = the lowmem limit; without PAE highmem_pfn_init() caps max_pfn at
                // MAX_NONPAE_PFN (4 GiB). The RAM above is not used.
                String why = noHighmem()
                        ? String.format("Warning only %dMB will be used (HIGHMEM off: RAM above the lowmem limit is ignored)", k.maxPfn >>> 8)
                        : ArchLimits.TRIMMED_4GB;
                if (!trimmed) k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, why), t);
                e = Long.compareUnsigned(s, k.maxPfn << 12) > 0 ? s : k.maxPfn << 12;
                trimmed = true;
            }
            if (e <= s) continue;
            k.memblock.addMemory(s, e - s, r.nid());
            if (t.enabled()) t.formula(String.format("memblock_add(0x%x, 0x%x) node %d", s, e - s, r.nid()));
        }
        for (MachineSpec.Reserved r : k.spec.reserved()) k.memblock.reserve(r.start(), r.end() + 1 - r.start(), FrameOwner.RESERVED, r.name());
        if (k.profile.reserveFirstMb() && k.arch.biosFirstMegabyte()) k.memblock.reserve(0, 1L << 20, FrameOwner.RESERVED, "first 1MB (x86 real mode / BIOS)");
        if (k.profile.page0IsRam() && k.arch.biosFirstMegabyte()) k.memblock.reserve(0, 4096, FrameOwner.RESERVED, "BIOS data page");
        k.memblock.reserve(k.arch.kernelImageAt(k.spec), k.spec.kernelImageSize(), FrameOwner.KERNEL, "kernel image");
        k.memblock.setBottomUp(bootmem, 16L << 20);
        layoutImage();
        long pgdBelow = k.arch.swapperPgDirBelowImage(k.arch.kernelImageAt(k.spec));
        if (pgdBelow >= 0) {                                   // reserved by arm_memblock_init()
            k.initPgd = pgdBelow;
            k.memblock.reserve(k.initPgd, 4096L << k.arch.pgdOrder(), FrameOwner.PAGE_TABLE, "swapper_pg_dir");
            k.symbols.put("swapper_pg_dir", k.arch.va(k.initPgd, Trace.NONE));
        }
    }

    /**
     * `config { HIGHMEM off }` (CONFIG_NOHIGHMEM): RAM above the arch's lowmem end is not used.
     * 64-bit arches have no lowmem end, so the switch changes nothing there.
     */
    private boolean noHighmem() { return !k.spec.config(ConfigOption.HIGHMEM); }

    /**
     * The kernel image: text is the first half, data the next quarter, bss the last quarter
     * (a model: real images have their own proportions). init_top_pgt and empty_zero_page
     * are the last two pages of bss; `symbol` lines are placed in their section in order.
     */
    private void layoutImage() {
        long[] sectionCursor = new long[3];                  // text, data, bss allocation cursors
        long at = k.arch.kernelImageAt(k.spec), size = k.spec.kernelImageSize();
        long textVa = k.arch.kernelTextVa(at);
        k.symbols.put("_text", textVa);
        k.symbols.put("_sdata", textVa + size / 2);
        k.symbols.put("__bss_start", textVa + size * 3 / 4);
        k.symbols.put("_end", textVa + size);
        sectionCursor[0] = textVa + 0x1000;
        sectionCursor[1] = textVa + size / 2;
        sectionCursor[2] = textVa + size * 3 / 4;
        k.initPgd = at + size - 4096;
        k.zeroPagePfn = (at + size - 8192) >>> 12;
        k.symbols.put(k.arch.pgdSymbol(), textVa + size - 4096);
        k.symbols.put("empty_zero_page", textVa + size - 8192);
        k.symbols.put("init_mm", sectionCursor[1]);              // struct mm_struct init_mm (mm/init-mm.c)
        sectionCursor[1] += 1024;
        for (MachineSpec.Symbol s : k.spec.symbols()) {
            int sec = switch (s.section()) { case "text" -> 0; case "bss" -> 2; default -> 1; };
            long align = s.size() >= 4096 ? 4096 : 64;
            long va = (sectionCursor[sec] + align - 1) & -align;
            k.symbols.put(s.name(), va);
            sectionCursor[sec] = va + s.size();
        }
    }

    private void phasePageTables(Trace t) {
        k.tables = new PageTables(k.arch.paging(), k.phys);
        k.tables.setUserTop(k.arch.layout().userTop());
        k.walker = new Walker(k.tables);
        k.phys.clearFrame(k.initPgd >>> 12);
        boolean gb = k.spec.config(ConfigOption.GBPAGES);
        // init_mem_mapping(): [0, ISA_END) first, then every RAM range
        List<long[]> ranges = new ArrayList<>();
        if (k.arch.biosFirstMegabyte()) ranges.add(new long[]{0, 1L << 20});
        for (Memblock.Region r : k.memblock.memory()) {
            long s = r.base(), e = Math.min(r.end(), k.arch.layout().lowmemLimit());
            if (k.arch.biosFirstMegabyte()) s = Math.max(s, 1L << 20);
            if (e > s) ranges.add(new long[]{s, e});
        }
        for (long[] r : ranges) for (MapChunk c : k.arch.directMapChunks(r[0], r[1], gb)) {
            k.mapKernel(c.va(), c.pa(), c.size(), c.leafLevel(), c.prot());
            if (t.enabled()) t.formula(String.format("direct map 0x%x..0x%x -> phys 0x%x with %s pages", c.va(), c.va() + c.size() - 1, c.pa(),
                    c.leafLevel() == PagingMode.PUD ? "1G" : c.leafLevel() == PagingMode.PMD ? "2M" : "4K"));
        }
        if (k.arch.layout().kernelMapStart() != k.arch.layout().pageOffset())
            for (MapChunk c : k.arch.kernelImageChunks(k.arch.kernelImageAt(k.spec), k.spec.kernelImageSize()))
                k.mapKernel(c.va(), c.pa(), c.size(), c.leafLevel(), c.prot());
        k.arch.preallocateKernelTables(new KernelTables() {
            @Override public boolean has(long va, int level) { return k.tables.lookup(k.initPgd, va, level) >= 0; }
            @Override public void ensure(long va, int level) { k.tables.ensure(k.initPgd, va, level, k.tableSource()); }
        }, t);
    }

    private void phaseMemmap(Trace t) {
        MemoryModelKind kind = k.spec.memoryModel() != null ? k.spec.memoryModel() : k.arch.defaultMemoryModel();
        k.model = switch (kind) {
            case SPARSEMEM_VMEMMAP -> new Vmemmap(k.arch.layout().vmemmapStart(), k.arch.structPageSize());
            case SPARSEMEM -> new Sparsemem(k.arch);
            case FLATMEM -> new Flatmem(k.arch, k.profile.maxPageOrder());
        };
        k.model.allocate(k);
        if (t.enabled()) t.note("memory model " + kind.dslName + (k.model.memMap() != 0 ? String.format(", mem_map = 0x%x", k.model.memMap()) : ""));
    }

    /** free_area_init() / calculate_node_totalpages() (mm/mm_init.c). */
    private void phaseZones(Trace t) {
        List<ZoneSpec> specs = k.spec.zones() != null ? k.spec.zones() : k.arch.defaultZones();
        long[] lo = new long[specs.size()], hi = new long[specs.size()];
        long prev = 0;
        for (int i = 0; i < specs.size(); i++) {
            ZoneSpec z = specs.get(i);
            lo[i] = prev;
            hi[i] = switch (z.kind()) {
                case UNTIL -> Math.min(Math.max(z.value() >>> 12, prev), k.maxPfn);
                case SIZE -> Math.min(prev + (z.value() >>> 12), k.maxPfn);
                case REST -> k.maxPfn;
            };
            // the lowmem limit bounds Normal on 32-bit (zone_sizes_init: max_low_pfn)
            prev = hi[i];
        }
        int nNodes = 0;
        for (MachineSpec.Ram r : k.spec.ram()) nNodes = Math.max(nNodes, r.nid() + 1);
        k.nodes = new ArrayList<>();
        k.highmemZone = new boolean[specs.size()];
        for (int i = 0; i < specs.size(); i++) k.highmemZone[i] = specs.get(i).name().equalsIgnoreCase("HighMem");
        for (int nid = 0; nid < nNodes; nid++) {
            Node n = new Node(nid);
            long ns = Long.MAX_VALUE, ne = 0;
            for (Memblock.Region r : k.memblock.memory()) if (r.nid() == nid) { ns = Math.min(ns, r.base() >>> 12); ne = Math.max(ne, r.end() >>> 12); }
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
                for (Memblock.Region r : k.memblock.memory()) {
                    if (r.nid() != nid) continue;
                    long s = Math.max(r.base() >>> 12, zs), e = Math.min(r.end() >>> 12, ze);
                    if (e > s) present += e - s;                      // spanned - zone_absent_pages_in_node()
                }
                nodePresent += present;                               // node_present_pages: spanned - absent
                if (!k.profile.atLeast(3, 0)) present = presentPages2632(i, ze - zs, present);
                setZone(z, zs, ze - zs, present);
                zones.add(z);
                if (t.enabled()) t.formula(String.format("node %d zone %s: start_pfn %d spanned %d present %d", nid, z.name(), zs, ze - zs, present));
            }
            setNode(n, ns, ne - ns, nodePresent, zones);
            k.nodes.add(n);
        }
        k.alloc = new PageAllocator(k.profile, k.store, k.phys, k.diag, Math.max(1, k.spec.cpus()), k.arch.structPageSize());
        k.alloc.processorId(() -> k.cpu);
        k.alloc.debugVm(k.config(ConfigOption.DEBUG_VM));
        // HPAGE_PMD_ORDER = PMD_SHIFT - PAGE_SHIFT where THP maps at the pmd (CONFIG_TRANSPARENT_HUGEPAGE)
        k.alloc.setPcpOrders(k.arch.thpPmd() && k.spec.config(ConfigOption.THP)
                ? k.arch.paging().level(io.kmemlab.emulator.arch.PagingMode.PMD).shift() - 12 : -1);
        // enum migratetype: CMA and ISOLATE as x86_64 distribution kernels of 6.x have them
        // (CONFIG_CMA=y, which selects MEMORY_ISOLATION); pageblock_order from the huge page size
        boolean x86_64_6 = k.arch.wordBytes() == 8 && k.profile.atLeast(3, 0);
        k.alloc.setMigrateTypes(io.kmemlab.emulator.mm.MigrateTypes.of(k.profile, x86_64_6, x86_64_6,
                io.kmemlab.emulator.mm.MigrateTypes.pageblockOrder(k.arch.hugetlbPageOrder(), k.profile.maxPageOrder())));
        k.alloc.setNodes(k.nodes, k.model, new NodeRanges(k.memblock.memory()));
    }

    /**
     * free_area_init_core() of v2.6.32 (mm/page_alloc.c) takes the memmap out of a zone's
     * present_pages: realsize -= PAGE_ALIGN(spanned * sizeof(struct page)) >> PAGE_SHIFT when it
     * fits ("%s zone: %lu pages used for memmap"), and zone 0 loses dma_reserve when realsize is
     * larger ("%s zone: %lu pages reserved"). x86_64 counts dma_reserve in
     * reserve_bootmem_generic() (arch/x86/mm/init_64.c at v2.6.32): every early reservation that
     * ends at or below MAX_DMA_PFN adds len / PAGE_SIZE; other arches never call set_dma_reserve().
     * The watermarks, zone_batchsize and lowmem_reserve of 2.6.32 all read this present_pages.
     */
    private long presentPages2632(int zoneIdx, long spanned, long realsize) {
        long memmapPages = (spanned * k.arch.structPageSize() + 4095) >>> 12;
        if (realsize >= memmapPages) realsize -= memmapPages;
        long dmaReserve = 0;
        if ("x86_64".equals(k.arch.name())) {
            for (Memblock.Region r : k.memblock.reserved()) {
                if (Long.compareUnsigned(r.base() + r.size(), 16L << 20) <= 0) dmaReserve += r.size() / 4096;
            }
        }
        if (zoneIdx == 0 && realsize > dmaReserve) realsize -= dmaReserve;
        return realsize;
    }

    private static void setZone(Zone z, long start, long spanned, long present) {
        ZoneAccessBridge.set(z, start, spanned, present);
    }

    private static void setNode(Node n, long start, long spanned, long present, List<Zone> zones) {
        ZoneAccessBridge.setNode(n, start, spanned, present, zones);
    }

    /** memmap_init(): links in page->flags (set_page_links), PG_reserved for reserved frames. */
    private void phaseStructPages(Trace t) {
        k.pageFlags = new PageFlags(k.arch.wordBytes() * 8, k.model.sectionsWidth(), k.maxNrZones(), k.profile.pageFlags().size(),
                PageFlags.Fields.of(k.spec, k.profile), k.model.kind() == io.kmemlab.emulator.spec.MemoryModelKind.SPARSEMEM_VMEMMAP);
        if (k.pageFlags.buildError() != null) k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, k.pageFlags.buildError()), t);
        k.model.bind(k.store, k.pageFlags);
        long reservedBit = 1L << k.profile.bit("reserved");
        final PageAllocator alloc = k.alloc;
        final PageFlags pf = k.pageFlags;
        final MemoryModel mm = k.model;
        // set_page_links(page, zone, nid, pfn): the node is the memblock range's (memmap_init() walks
        // for_each_mem_pfn_range with its nid), not the first node whose span holds the pfn
        k.store.initialise(pfn -> {
            Zone z = alloc.zoneOf(pfn);
            return pf.initial(z == null ? 0 : z.index(), z == null ? alloc.nidOf(pfn) : z.nid(), mm.pfnToSectionNr(pfn));
        }, reservedBit);
        for (Memblock.Region r : k.memblock.memory()) k.store.setOwnerRange(r.base() >>> 12, r.end() >>> 12, FrameOwner.FREE);
        List<long[]> memoryPfns = new java.util.ArrayList<>();
        for (Memblock.Region r : k.memblock.memory()) memoryPfns.add(new long[]{r.base() >>> 12, r.end() >>> 12});
        k.alloc.initPageblocks(memoryPfns);                  // memmap_init(): MIGRATE_MOVABLE pageblocks
        for (Memblock.Region r : k.memblock.reserved()) {
            long s = r.base() >>> 12, e = (r.end() + 4095) >>> 12;
            k.store.setOwnerRange(s, Math.min(e, k.storePfns), r.owner());
        }
        // allocator-none zones: their frames stay reserved
        for (Zone z : k.alloc.zones()) if (z.allocatorNone()) {
            for (long[] f : k.memblock.freeRanges()) {
                if (k.alloc.nidOf(f[0] >>> 12) != z.nid()) continue;
                long s = Math.max(f[0] >>> 12, z.startPfn()), e = Math.min(f[1] >>> 12, z.endPfn());
                if (e > s) k.store.setOwnerRange(s, e, FrameOwner.RESERVED);
            }
        }
        if (t.enabled()) t.formula(String.format("page->flags: ZONES_PGOFF %d (width %d), NODES_PGOFF %d (width %d), SECTIONS_PGOFF %d (width %d), "
                        + "LAST_CPUPID_PGOFF %d (width %d of LAST_CPUPID_SHIFT %d), KASAN_TAG_PGOFF %d (width %d), LRU_GEN_PGOFF %d (width %d), LRU_REFS_PGOFF %d (width %d)",
                k.pageFlags.zonesPgoff, k.pageFlags.zonesWidth, k.pageFlags.nodesPgoff, k.pageFlags.nodesWidth, k.pageFlags.sectionsPgoff, k.pageFlags.sectionsWidth,
                k.pageFlags.lastCpupidPgoff, k.pageFlags.lastCpupidWidth, k.pageFlags.lastCpupidShift, k.pageFlags.kasanTagPgoff, k.pageFlags.kasanTagWidth,
                k.pageFlags.lruGenPgoff, k.pageFlags.lruGenWidth, k.pageFlags.lruRefsPgoff, k.pageFlags.lruRefsWidth));
    }

    /** memblock_free_all() -> __free_pages_memory() per free range and zone. */
    private void phaseBuddy(Trace t) {
        // memblock_free_pages() skips the frames whose struct pages are deferred (early_page_uninitialised())
        List<DeferredInit.Range> deferred = k.deferredInit();
        // a free range lies in one memblock memory range, whose node decides the zones it goes to:
        // the span of another node's zone may cover it too (interleaved nodes)
        for (long[] f : k.memblock.freeRanges()) {
            long s = f[0] >>> 12, e = f[1] >>> 12;
            int nid = k.alloc.nidOf(s);
            for (Zone z : k.alloc.zones()) {
                if (z.allocatorNone() || z.nid() != nid) continue;
                long zs = Math.max(s, z.startPfn()), ze = Math.min(e, deferredFrom(deferred, z));
                if (ze > zs) k.alloc.releaseBootRange(z, zs, ze);
            }
        }
        if (t.enabled()) for (DeferredInit.Range r : deferred) t.formula(String.format(
                "DEFERRED_STRUCT_PAGE_INIT: node %d first_deferred_pfn 0x%x: %d free pages of %s [0x%x, 0x%x) wait for deferred_init_memmap()",
                r.nid(), r.firstDeferredPfn(), r.freePages(), r.zone(), r.firstDeferredPfn(), r.endPfn()));
        k.alloc.setupWatermarks(k.highmemZone, k.spec.config(ConfigOption.THP) && k.arch.wordBytes() == 8, k.maxNrZones());   // THP: 64-bit here
        if (t.enabled()) for (Zone z : k.alloc.zones()) t.formula(String.format("zone %s: managed %d, free %d, min %d low %d high %d",
                z.name(), z.managed(), z.free(), z.watermark(Zone.WMARK_MIN), z.watermark(Zone.WMARK_LOW), z.watermark(Zone.WMARK_HIGH)));
    }

    /** kmem_cache_init, vmalloc_init, the hugetlb pool, kmap (highmem): the subsystems of a running kernel. */
    /** Where {@code z}'s boot release stops: its node's first_deferred_pfn when z is the deferred zone, else its end. */
    private static long deferredFrom(List<DeferredInit.Range> deferred, Zone z) {
        for (DeferredInit.Range r : deferred) if (r.nid() == z.nid() && r.zone().equals(z.name())) return Math.min(z.endPfn(), r.firstDeferredPfn());
        return z.endPfn();
    }

    /**
     * page_alloc_init_late() (mm/mm_init.c, 6.12): deferred_init_memmap() frees every node's
     * deferred range (deferred_free_pages() -> __free_pages_core(), counted in managed), before
     * the initcalls that follow set up the watermarks (init_per_zone_wmark_min), so they are
     * computed again from the full managed counts. The kernel creates the kmalloc caches earlier
     * (mm_core_init()); their pages come from the lowest free frames either way, because the boot
     * release frees to the tail of the lists (FPI_TO_TAIL).
     */
    private void finishDeferredInit(Trace t) {
        List<DeferredInit.Range> deferred = k.deferredInit();
        if (deferred.isEmpty()) return;
        for (long[] f : k.memblock.freeRanges()) {
            long s = f[0] >>> 12, e = f[1] >>> 12;
            int nid = k.alloc.nidOf(s);
            for (Zone z : k.alloc.zones()) {
                if (z.allocatorNone() || z.nid() != nid) continue;
                long zs = Math.max(s, deferredFrom(deferred, z)), ze = Math.min(e, z.endPfn());
                if (ze > zs) k.alloc.releaseBootRange(z, zs, ze);
            }
        }
        k.alloc.setupWatermarks(k.highmemZone, k.spec.config(ConfigOption.THP) && k.arch.wordBytes() == 8, k.maxNrZones());
        if (t.enabled()) for (DeferredInit.Range r : deferred) t.formula(String.format(
                "deferred_init_memmap: node %d: %d pages of %s from pfn 0x%x freed", r.nid(), r.freePages(), r.zone(), r.firstDeferredPfn()));
    }

    /**
     * random_kmalloc_seed: get_random_u64() in create_kmalloc_caches() (mm/slab_common.c v6.12).
     * A machine's `kaslr seed N` stands for the boot's randomness, so the seed is N; without it 0.
     */
    private long randomKmallocSeed() {
        Long seed = k.spec.kaslrSeed();
        return seed == null ? Slub.KMALLOC_RANDOM_SEED : seed;
    }

    private void phaseLate(Trace t) {
        finishDeferredInit(t);
        long bootKmemCache = k.symbols.get("__bss_start") + 0x1000;   // a static in the kernel image (mm/slub.c)
        k.symbols.put("boot_kmem_cache", bootKmemCache);
        k.slub = new Slub(new SlabHost(k), k.store, k.phys, k.profile, k.spec.cpus(), bootKmemCache,
                new Slub.Options(k.config(ConfigOption.SLAB_FREELIST_HARDENED), k.config(ConfigOption.SLAB_FREELIST_RANDOM),
                        k.config(ConfigOption.MEMCG_KMEM), k.config(ConfigOption.RANDOM_KMALLOC_CACHES),
                        k.config(ConfigOption.SLUB_CPU_PARTIAL), randomKmallocSeed(), k.arch.kmallocMinSize(k.profile)));
        Layout l = k.arch.layout();
        k.vmalloc = new Vmalloc(new VmallocHost(k), l.vmallocStart(), l.vmallocEnd());
        k.processes = new Processes(new ProcessHost(k), k.arch, k.profile, k.phys, k.store, k.tables, k.walker, k.spec.swapBytes());
        k.processes.initHugetlb(k.spec.hugepages(), t);
        if (k.arch.fixmap() != null && l.pkmapBase() != 0)
            k.highmem = new Highmem(new HighmemHost(k), l.pkmapBase(), l.lastPkmap(), k.arch.fixmap(), k.profile.kmapTypes(),
                    k.spec.config(ConfigOption.DEBUG_KMAP_LOCAL), l.pageOffset(), k.arch.kmapHighGet(),
                    k.arch.kmapLocalNonLinearPteArray(), k.arch.kmTypes2632());
    }
}
