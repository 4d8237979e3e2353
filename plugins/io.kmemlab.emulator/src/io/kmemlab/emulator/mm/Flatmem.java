package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;

/**
 * FLATMEM: one mem_map array from ARCH_PFN_OFFSET (include/asm-generic/memory_model.h):
 * pfn_to_page(pfn) = mem_map + (pfn - ARCH_PFN_OFFSET). The array is allocated by
 * alloc_node_mem_map() (mm/mm_init.c) from memblock covering
 * [node_start_pfn & ~(MAX_ORDER_NR_PAGES-1), ALIGN(node_end_pfn, MAX_ORDER_NR_PAGES)).
 */
public final class Flatmem implements MemoryModel {
    private final Arch arch;
    private final int structPage;
    private final long maxOrderNrPages;
    private long memMap, mapPa, maxMapnr;

    public Flatmem(Arch arch, int maxPageOrder) {
        this.arch = arch;
        this.structPage = arch.structPageSize();
        this.maxOrderNrPages = 1L << maxPageOrder;
    }

    @Override public MemoryModelKind kind() { return MemoryModelKind.FLATMEM; }

    @Override public void allocate(MemmapContext ctx) {
        long startPfn = Long.MAX_VALUE, endPfn = 0;
        for (var r : ctx.memblock().memory()) {
            startPfn = Math.min(startPfn, r.base() >>> 12);
            endPfn = Math.max(endPfn, (r.end() + 4095) >>> 12);
        }
        long start = startPfn & -maxOrderNrPages;
        long end = (endPfn + maxOrderNrPages - 1) & -maxOrderNrPages;
        long size = (end - start) * structPage;
        mapPa = ctx.memblock().alloc(size, 64, 0, ctx.allocLimit(), 0, FrameOwner.MEMMAP, "mem_map");
        long mapVa = arch.va(mapPa, Trace.NONE);
        // mem_map describes ARCH_PFN_OFFSET: mem_map = node_mem_map - (node_start - ARCH_PFN_OFFSET)
        memMap = mapVa + (arch.archPfnOffset() - start) * structPage;
        maxMapnr = ctx.maxPfn() - arch.archPfnOffset();
    }

    @Override public long memMap() { return memMap; }

    public long mapPhys() { return mapPa; }

    @Override public long pfnToPage(long pfn, Trace t) {
        long p = memMap + (pfn - arch.archPfnOffset()) * structPage;
        if (t.enabled()) t.formula(String.format("pfn_to_page(0x%x) = mem_map + (pfn - ARCH_PFN_OFFSET) = 0x%x + (0x%x - 0x%x) * %d = 0x%x",
                pfn, memMap, pfn, arch.archPfnOffset(), structPage, p));
        return p;
    }

    @Override public long pageToPfn(long page, Trace t) {
        long pfn = (page - memMap) / structPage + arch.archPfnOffset();
        if (t.enabled()) t.formula(String.format("page_to_pfn(0x%x) = (page - mem_map) + ARCH_PFN_OFFSET = 0x%x", page, pfn));
        return pfn;
    }

    /** pfn_valid(): ARCH_PFN_OFFSET <= pfn < ARCH_PFN_OFFSET + max_mapnr. */
    @Override public boolean pfnValid(long pfn) {
        return pfn >= arch.archPfnOffset() && pfn - arch.archPfnOffset() < maxMapnr;
    }

    @Override public long pfnToSectionNr(long pfn) { return pfn >>> (arch.sectionSizeBits() - 12); }


}
