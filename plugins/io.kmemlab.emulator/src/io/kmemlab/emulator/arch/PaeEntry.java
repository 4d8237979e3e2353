package io.kmemlab.emulator.arch;

/**
 * i386 PAE entries: 64-bit, the x86_64 bit layout ({@link X86Entry}, NX at bit 63,
 * __PHYSICAL_MASK_SHIFT 52 in arch/x86/include/asm/page_32_types.h) with 2 MiB pages at the
 * pmd level only. The pgd is the 4-entry PDPT, where "almost everything apart from
 * _PAGE_PRESENT is reserved" (arch/x86/mm/pgtable.c pud_populate: __pa(pmd) | _PAGE_PRESENT).
 * Swap entries as arch/x86/include/asm/pgtable-3level.h (inverted offset, like 64-bit).
 */
public final class PaeEntry implements EntryFormat {
    private final X86Entry x = new X86Entry(-1, PagingMode.PMD, PagingMode.PTE);

    @Override public boolean present(int level, long raw) { return x.present(level, raw); }

    @Override public boolean pmdBad(long pmd) { return X86Pmd.bad(pmd, X86Entry.PFN_MASK); }

    @Override public String pmdLeafText(long pmd, long span) { return X86Pmd.leafText(this, pmd, span); }

    /** pmd_ERROR() of arch/x86/include/asm/pgtable-3level.h: the 64-bit value. */
    @Override public String badPmdLine(long pmd) { return String.format("mm/pgtable-generic.c: bad pmd %016x", pmd); }
    @Override public boolean leaf(int level, long raw) { return level != PagingMode.PGD && x.leaf(level, raw); }
    @Override public long tablePhys(int level, long raw) { return x.tablePhys(level, raw); }
    @Override public long leafPhys(int level, long raw) { return x.leafPhys(level, raw); }
    /** PDPT entries carry no RW/US bits: access rights come from the lower levels. */
    @Override public boolean writable(int level, long raw) { return level == PagingMode.PGD || x.writable(level, raw); }
    @Override public boolean user(int level, long raw) { return level == PagingMode.PGD || x.user(level, raw); }
    @Override public boolean noExec(int level, long raw) { return level != PagingMode.PGD && x.noExec(level, raw); }

    @Override public String decode(int level, long raw) {
        if (level == PagingMode.PGD && (raw & X86Entry.P) != 0)
            return "P table=0x" + Long.toHexString(raw & X86Entry.PFN_MASK);
        if (level == PagingMode.PTE && raw != 0 && (raw & X86Entry.P) == 0 && isSwap(level, raw))     // the exclusive marker is bit 7 here
            return String.format("swap type=%d offset=0x%x%s", swapType(raw), swapOffset(raw), (raw & X86Entry.PSE) != 0 ? " exclusive" : "");
        return x.decode(level, raw);
    }

    @Override public long makeTable(int level, long tablePhys, int prot) {
        if (level == PagingMode.PGD) return (tablePhys & X86Entry.PFN_MASK) | X86Entry.P;
        return x.makeTable(level, tablePhys, prot);
    }

    @Override public long makeLeaf(int level, long phys, int prot) { return x.makeLeaf(level, phys, prot); }
    @Override public long touch(int level, long raw, boolean write) {
        return level == PagingMode.PGD ? raw : x.touch(level, raw, write);
    }
    @Override public long makeSwap(int type, long offset) { return x.makeSwap(type, offset); }
    @Override public boolean isSwap(int level, long raw) { return x.isSwap(level, raw); }
    /**
     * pte_swp_mkexclusive(): _PAGE_SWP_EXCLUSIVE = _PAGE_PSE, bit 7 (arch/x86/include/asm/pgtable-3level.h, 5.19+;
     * x86_64 uses _PAGE_PWT instead); the caller sets it only on kernels that have it.
     */
    @Override public long swpMkExclusive(long swp) { return swp | X86Entry.PSE; }
    @Override public boolean protNone(int level, long raw) { return level != PagingMode.PGD && x.protNone(level, raw); }
    @Override public int swapType(long raw) { return x.swapType(raw); }
    @Override public long swapOffset(long raw) { return x.swapOffset(raw); }
}
