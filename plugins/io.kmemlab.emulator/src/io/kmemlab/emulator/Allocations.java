package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.slab.Slub;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/**
 * Kernel memory: the page allocator (alloc_pages, __get_free_pages, __free_pages, free_pages),
 * kmalloc/kfree, vmalloc/vfree, memblock_alloc and dma_alloc_coherent.
 */
final class Allocations {
    private final Kernel k;
    private final Gate gate;
    private final Conversions conversions;

    Allocations(Kernel k, Gate gate, Conversions conversions) {
        this.k = k;
        this.gate = gate;
        this.conversions = conversions;
    }

    /** alloc_pages(gfp, order): struct page * of the first page, or NULL (0). */
    long allocPages(long gfp, int order, Trace t) { return allocPagesNode(0, gfp, order, t); }

    long allocPage(long gfp, Trace t) { return allocPages(gfp, 0, t); }

    long allocPagesNode(int nid, long gfp, int order, Trace t) {
        long pfn = k.alloc.alloc(gfp, order, nid, FrameOwner.KERNEL, t);
        return pfn < 0 ? 0 : k.model.pfnToPage(pfn, t);
    }

    /** __get_free_pages(): the direct-map address, 0 on failure (never highmem). */
    long getFreePages(long gfp, int order, Trace t) {
        long pfn = k.alloc.alloc(gfp & ~Gfp.__GFP_HIGHMEM, order, 0, FrameOwner.KERNEL, t);
        return pfn < 0 ? 0 : k.arch.va(pfn << 12, t);
    }

    long getZeroedPage(long gfp, Trace t) { return getFreePages(gfp | Gfp.__GFP_ZERO, 0, t); }

    /** __free_pages(page, order). */
    void freePages(long page, int order, Trace t) {
        if (page == 0) return;
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return;
        k.alloc.freePages(pfn, order, t);
    }

    /** free_pages(addr, order). */
    void freePagesAddr(long addr, int order, Trace t) {
        if (addr == 0) return;
        if (!k.arch.linearAddress(addr)) {
            // free_pages(): VM_BUG_ON(!virt_addr_valid((void *)addr)) - CONFIG_DEBUG_VM only (mm/page_alloc.c)
            k.diag.report(k.alloc.debugVm()
                    ? new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/page_alloc.c!", String.format(
                            "kernel BUG at mm/page_alloc.c! free_pages(0x%x): VM_BUG_ON(!virt_addr_valid(addr))", addr))
                    : Diagnostic.note(String.format("free_pages(0x%x): not a direct-map address; without CONFIG_DEBUG_VM the kernel would free"
                            + " whatever virt_to_page() computes; ignored here (vfree?)", addr)), t);
            return;
        }
        k.alloc.freePages(k.arch.pa(addr, t) >>> 12, order, t);
    }

    long kmalloc(long size, long gfp, long caller, Trace t) { return k.slub.kmalloc(size, gfp, caller, t); }

    long kzalloc(long size, long gfp, long caller, Trace t) { return k.slub.kmalloc(size, gfp | Gfp.__GFP_ZERO, caller, t); }

    void kfree(long addr, Trace t) { k.slub.kfree(addr, t); }

    long vmalloc(long size, Trace t) { return k.vmalloc.vmalloc(size, false, t); }

    long vzalloc(long size, Trace t) { return k.vmalloc.vmalloc(size, true, t); }

    void vfree(long addr, Trace t) { k.vmalloc.vfree(addr, t); }

    /** memblock_alloc(size, align): before BUDDY from memblock; afterwards WARN + kzalloc (mm/memblock.c). */
    long memblockAlloc(long size, long align, Trace t) {
        if (k.phase.ordinal() >= BootPhase.BUDDY.ordinal()) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, "WARNING: CPU: 0 PID: 1 at mm/memblock.c memblock_alloc_internal: called after slab is available (falls back to kzalloc)"), t);
            return gate.open(Op.KZALLOC, t) ? kzalloc(size, Gfp.GFP_NOWAIT, 0, t) : 0;   // slab is up only when BOOTED
        }
        long pa = k.memblock.alloc(size, Math.max(align, 1), 0, k.allocLimit(), 0, FrameOwner.MEMBLOCK, "memblock_alloc");
        if (pa < 0) return 0;
        if (k.phase.ordinal() >= BootPhase.STRUCT_PAGES.ordinal())     // descriptors exist: mark the frames reserved now
            k.store.setOwnerRange(pa >>> 12, (pa + size + 4095) >>> 12, FrameOwner.MEMBLOCK);
        return k.arch.va(pa, t);
    }

    /** dma_alloc_coherent(size): direct-map pages on x86_64 (the DMA address is the physical one). */
    long dmaAllocCoherent(long size, Trace t) {
        if (k.arch.dmaCoherentRemap() && k.vmalloc == null) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, "dmaAllocCoherent needs boot phase BOOTED on this arch"
                    + " (the buffer is remapped in the vmalloc area); the machine is at " + k.phase), t);
            return 0;
        }
        int order = Slub.getOrder(size);
        long pfn = k.alloc.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, order, 0, FrameOwner.KERNEL, t);
        if (pfn < 0) return 0;
        if (!k.arch.dmaCoherentRemap()) return k.arch.va(pfn << 12, t);
        // ARM (arch/arm/mm/dma-mapping.c __dma_alloc -> __alloc_remap_buffer): the cleared pages are
        // remapped uncached (pgprot_dmacoherent) in the vmalloc area by dma_common_contiguous_remap();
        // the CPU address is not in the linear map
        long n = (size + 4095) >>> 12;
        long[] pfns = new long[(int) n];
        for (int i = 0; i < n; i++) pfns[i] = pfn + i;
        long va = k.vmalloc.vmapPfns(pfns, Prot.KERNEL | Prot.NOCACHE, FrameOwner.KERNEL, "dma_alloc_coherent", t);
        if (t.enabled()) t.note(String.format("dma_alloc_coherent on arm: %d pages at phys 0x%x remapped uncached at 0x%x (vmalloc area): "
                + "virt_to_phys()/__pa() of this address is wrong - the DMA handle is 0x%x", n, pfn << 12, va, pfn << 12));
        return va;
    }
}
