package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Arch32;
import io.kmemlab.emulator.arch.ArmEntry;
import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.I386;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/**
 * The 32-bit (i386, ARM) variants of facade operations whose kernel code differs by arch:
 * pte_offset_map() on a leaf pmd, pmd_bad(), dma_alloc_coherent(). {@link Machine} delegates
 * here when the arch is an {@link Arch32}.
 */
final class Machine32 {
    private Machine32() { }

    static boolean applies(Kernel k) { return k.arch instanceof Arch32; }

    /** pmd_bad(): x86 (arch/x86/include/asm/pgtable.h) flags other than _KERNPG_TABLE apart from USER/ACCESSED; ARM: a section (pgtable-2level.h). */
    static boolean pmdBad(Kernel k, long pmd) {
        if (k.arch.paging().format() instanceof ArmEntry a) return a.bad(pmd);
        boolean pae = k.arch instanceof I386 i && i.pae();
        long flags = pmd & ~(pae ? 0x000ffffffffff000L : 0xfffff000L);
        return (flags & ~(0x4L | 0x20L)) != (0x63L & ~0x20L);
    }

    /** Which leaf a pmd entry is, for the notes: "1 MiB section ..." or "4M page ...". */
    static String leafText(Kernel k, long e) {
        EntryFormat f = k.arch.paging().format();
        if (f instanceof ArmEntry) return String.format("a 1 MiB section (%s) mapping phys 0x%x..0x%x", ArmEntry.decodeL1(e & 0xffffffffL),
                e & ArmEntry.SECTION_MASK, (e & ArmEntry.SECTION_MASK) + (1 << 20) - 1);
        long span = 1L << k.arch.paging().level(PagingMode.PMD).shift();
        long base = f.leafPhys(PagingMode.PMD, e);
        return String.format("a %s page (PSE, %s) mapping phys 0x%x..0x%x", span == (4L << 20) ? "4M" : "2M",
                f.decode(PagingMode.PMD, e), base, base + span - 1);
    }

    /**
     * pte_offset_map(pmd, addr) on 32-bit.
     * 6.5+ (mm/pgtable-generic.c __pte_offset_map): NULL for pmd_none; NULL for pmd_trans_huge
     * (x86 PAE with THP); for pmd_bad - an ARM section, an i386 PSE entry without THP -
     * pmd_clear_bad(): pmd_ERROR() prints "bad pmd", pmd_clear() empties the entry (on ARM both
     * words of the pair), NULL. 2.6: no check - pmd_page_vaddr(*pmd) + pte_index(addr), a table
     * address computed from whatever the entry holds.
     */
    static long pteOffsetMap(Machine m, Kernel k, long pmdp, long addr, Trace t) {
        long pmdPa = k.arch.pa(pmdp, Trace.NONE);
        EntryFormat f = k.arch.paging().format();
        boolean arm = f instanceof ArmEntry;
        long e = k.tables.readEntry(pmdPa, PagingMode.PMD);
        boolean leaf = e != 0 && f.present(PagingMode.PMD, e) && f.leaf(PagingMode.PMD, e);
        if (!k.profile.pteOffsetMapNullOnHuge()) {
            if (leaf && t.enabled()) t.note(String.format("pte_offset_map: *pmd = 0x%x is %s, not a page table; kernel %s has no check: "
                    + "it indexes pmd_page_vaddr(*pmd) - data, not ptes", e, leafText(k, e), k.profile.version()));
            return m.pteOffsetKernel(pmdp, addr, t);
        }
        if (e == 0) {
            if (t.enabled()) t.formula("pte_offset_map: pmd_none(*pmd) -> NULL");
            return 0;
        }
        boolean thp = k.arch instanceof I386 i && i.pae() && k.config(ConfigOption.THP);
        if (leaf && thp) {
            if (t.enabled()) t.formula(String.format("pte_offset_map: pmd_trans_huge(*pmd): *pmd = 0x%x is %s -> NULL", e, leafText(k, e)));
            return 0;
        }
        if (leaf || pmdBad(k, e)) {
            String where = leaf ? leafText(k, e) : "not a page-table entry";
            String line = arm ? String.format("mm/pgtable-generic.c: bad pmd %08x.", e & 0xffffffffL)
                    : (k.arch instanceof I386 i && i.pae() ? String.format("mm/pgtable-generic.c: bad pmd %016x", e)
                    : String.format("mm/pgtable-generic.c: bad pmd %08x", e & 0xffffffffL));
            k.diag.report(new Diagnostic(Diagnostic.Kind.WARN, line, line + "\npte_offset_map(): pmd_bad(*pmd) - it is " + where
                    + "; pmd_clear_bad() cleared the entry" + (arch32Pair(k) ? " (both words of the pair: 2 MiB of mappings gone)" : "")
                    + " and pte_offset_map returned NULL"), t);
            long realPa = pmdPa;
            if (arm) k.tables.writeEntry(realPa & ~7L, PagingMode.PGD, 0);     // pmd_clear(): pmdp[0] = pmdp[1] = 0
            else k.tables.writeEntry(realPa, PagingMode.PMD, 0);
            return 0;
        }
        return m.pteOffsetKernel(pmdp, addr, t);
    }

    /** 32-bit: an address __virt_addr_valid() accepts (pkmap on i386) that is still not in the direct map [PAGE_OFFSET, high_memory). */
    static boolean outsideDirectMap(Kernel k, long va) {
        return k.arch instanceof Arch32 && Long.compareUnsigned(va, k.arch.layout().directMapEnd()) >= 0;
    }

    /**
     * page_to_virt(page) = __va(PFN_PHYS(page_to_pfn(page))) (arch/x86/include/asm/page.h,
     * include/linux/mm.h): arithmetic, also for a frame above the lowmem limit, where the result
     * is not a mapping of the page - reported.
     */
    static long pageToVirt(Kernel k, long page, Trace t) {
        long pfn = k.model.pageToPfn(page, t);
        long va = k.arch.va(pfn << 12, t);
        if (k.arch instanceof Arch32 a32 && (pfn << 12) >= a32.lowmemEnd())
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("page_to_virt(0x%x): pfn 0x%x is above the lowmem limit: __va() gives 0x%x, "
                    + "beyond high_memory 0x%x - not a mapping of this page (use kmap() / kmap_local_page())", page, pfn, va, a32.highMemory())), t);
        return va;
    }

    /**
     * ARM with DEBUG_VIRTUAL (arch/arm/mm/physaddr.c __virt_to_phys): WARN(!__virt_addr_valid(x),
     * "virt_to_phys used for non-linear address: %pK (%pS)") and the formula's result. False on other arches.
     */
    static boolean debugVirtualArm(Kernel k, long va, Trace t) {
        if (!(k.arch.paging().format() instanceof ArmEntry)) return false;
        k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format(
                "WARNING: CPU: 0 PID: 1 at arch/arm/mm/physaddr.c __virt_to_phys: virt_to_phys used for non-linear address: %08x", va)), t);
        return true;
    }

    private static boolean arch32Pair(Kernel k) { return k.arch.paging().format() instanceof ArmEntry; }

    /**
     * dma_alloc_coherent() on ARM (arch/arm/mm/dma-mapping.c __dma_alloc -> __alloc_remap_buffer):
     * contiguous pages cleared, then remapped uncached (pgprot_dmacoherent) in the vmalloc area
     * by dma_common_contiguous_remap(); the returned CPU address is not in the linear map. On
     * i386 the buffer is lowmem and the address is its page_address().
     */
    static long dmaAllocCoherent(Kernel k, long size, Trace t) {
        int order = io.kmemlab.emulator.slab.Slub.getOrder(size);
        long pfn = k.alloc.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, order, 0, FrameOwner.KERNEL, t);
        if (pfn < 0) return 0;
        if (!(k.arch.paging().format() instanceof ArmEntry)) return k.arch.va(pfn << 12, t);
        long n = (size + 4095) >>> 12;
        long[] pfns = new long[(int) n];
        for (int i = 0; i < n; i++) pfns[i] = pfn + i;
        long va = k.vmalloc.vmapPfns(pfns, Prot.KERNEL | Prot.NOCACHE, FrameOwner.KERNEL, "dma_alloc_coherent", t);
        if (t.enabled()) t.note(String.format("dma_alloc_coherent on arm: %d pages at phys 0x%x remapped uncached at 0x%x (vmalloc area): "
                + "virt_to_phys()/__pa() of this address is wrong - the DMA handle is 0x%x", n, pfn << 12, va, pfn << 12));
        return va;
    }

    /** A warning for __pa / virt_to_phys on a dma_alloc_coherent address (ARM): the formula is not the buffer's address. */
    static boolean checkDmaAddress(Kernel k, long va, Trace t) {
        if (!(k.arch.paging().format() instanceof ArmEntry) || k.vmalloc == null) return false;
        io.kmemlab.emulator.vmalloc.Vmalloc.Area a = k.vmalloc.areaOf(va);
        if (a == null || !"dma_alloc_coherent".equals(a.caller()) || ((va - a.addr()) >>> 12) >= a.pfns().length) return false;
        long real = (a.pfns()[(int) ((va - a.addr()) >>> 12)] << 12) + (va & 4095);
        k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("virt_to_phys(0x%x): a dma_alloc_coherent() address is a vmalloc-area remap, "
                + "not in the linear map: the formula gives 0x%x but the buffer is at phys 0x%x (use the dma_addr_t handle)",
                va, k.arch.pa(va, Trace.NONE), real)), t);
        return true;
    }
}
