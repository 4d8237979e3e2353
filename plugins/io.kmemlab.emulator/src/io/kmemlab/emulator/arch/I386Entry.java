package io.kmemlab.emulator.arch;

/**
 * i386 2-level (non-PAE) page-table entries: 32 bits, no NX. Bit numbers as on x86_64
 * (arch/x86/include/asm/pgtable_types.h: _PAGE_BIT_PRESENT 0 ... _PAGE_BIT_GLOBAL 8);
 * PTE_PFN_MASK = PAGE_MASK with __PHYSICAL_MASK_SHIFT 32 (arch/x86/include/asm/page_32_types.h).
 * The only hardware directory is the pgd (p4d/pud/pmd folded, include/asm-generic/pgtable-nopmd.h),
 * so a pgd entry with PSE is a 4 MiB page: PA = entry[31:22] | VA[21:0] (Intel SDM 3A 4.3;
 * PSE-36 high bits are not modelled). Swap entries: arch/x86/include/asm/pgtable-2level.h
 * (type in bits 1..5, offset from bit SWP_OFFSET_SHIFT = _PAGE_BIT_PROTNONE + 1 = 9).
 */
public final class I386Entry implements EntryFormat {
    public static final long P = 1, RW = 2, US = 4, PWT = 8, PCD = 0x10, A = 0x20, D = 0x40, PSE = 0x80, G = 0x100, SPECIAL = 0x200;
    public static final long PFN_MASK = 0xfffff000L;
    /** 4 MiB page frame: bits 31..22. */
    public static final long LARGE_MASK = 0xffc00000L;
    /** _PAGE_TABLE = P | RW | USER | ACCESSED | DIRTY. */
    public static final long PAGE_TABLE = P | RW | US | A | D;
    static final int SWP_TYPE_SHIFT = 1, SWP_TYPE_BITS = 5, SWP_OFFSET_SHIFT = 9;
    /** arch/x86/include/asm/pgtable-2level.h (5.19+): "We borrow bit 7 to store the exclusive marker in swap PTEs." */
    public static final long SWP_EXCLUSIVE = PSE;

    @Override public boolean present(int level, long raw) { return (raw & P) != 0; }

    @Override public boolean pmdBad(long pmd) { return X86Pmd.bad(pmd, PFN_MASK); }

    @Override public String pmdLeafText(long pmd, long span) { return X86Pmd.leafText(this, pmd, span); }

    /** pte always; at the (folded) directory levels the PSE bit (pmd_leaf() = pmd_large()). */
    @Override public boolean leaf(int level, long raw) {
        return level == PagingMode.PTE || (raw & PSE) != 0;
    }

    @Override public long tablePhys(int level, long raw) { return raw & PFN_MASK; }

    @Override public long leafPhys(int level, long raw) {
        return level == PagingMode.PTE ? raw & PFN_MASK : raw & LARGE_MASK;
    }

    @Override public boolean writable(int level, long raw) { return (raw & RW) != 0; }

    @Override public boolean user(int level, long raw) { return (raw & US) != 0; }

    /** No NX without PAE: every present page is executable. */
    @Override public boolean noExec(int level, long raw) { return false; }

    @Override public String decode(int level, long raw) {
        raw &= 0xffffffffL;
        if (raw == 0) return "none";
        if ((raw & P) == 0) {
            if (level == PagingMode.PTE && isSwap(level, raw))
                return String.format("swap type=%d offset=0x%x%s", swapType(raw), swapOffset(raw), (raw & SWP_EXCLUSIVE) != 0 ? " exclusive" : "");
            return "not-present";
        }
        StringBuilder sb = new StringBuilder("P");
        X86Entry.appendLowFlags(sb, raw, level == PagingMode.PTE);
        boolean leaf = leaf(level, raw);
        sb.append(leaf ? " pfn=0x" : " table=0x")
          .append(Long.toHexString(leaf ? leafPhys(level, raw) >>> 12 : tablePhys(level, raw)));
        return sb.toString();
    }

    @Override public long makeTable(int level, long tablePhys, int prot) {
        return (tablePhys & PFN_MASK) | PAGE_TABLE;
    }

    @Override public long makeLeaf(int level, long phys, int prot) {
        long e = P | (phys & (level == PagingMode.PTE ? PFN_MASK : LARGE_MASK));
        if ((prot & Prot.WRITE) != 0) e |= RW;
        if ((prot & Prot.USER) != 0) e |= US;
        if ((prot & Prot.ACCESSED) != 0) e |= A;
        if ((prot & Prot.DIRTY) != 0) e |= D;
        if ((prot & Prot.GLOBAL) != 0) e |= G;
        if ((prot & Prot.NOCACHE) != 0) e |= PCD;
        if ((prot & Prot.SPECIAL) != 0 && level == PagingMode.PTE) e |= SPECIAL;
        if (level != PagingMode.PTE) e |= PSE;
        return e;
    }

    @Override public long touch(int level, long raw, boolean write) {
        return raw | A | (write && leaf(level, raw) ? D : 0);
    }

    /**
     * pte_protnone() (arch/x86/include/asm/pgtable.h): (flags & (_PAGE_PROTNONE | _PAGE_PRESENT))
     * == _PAGE_PROTNONE, where _PAGE_BIT_PROTNONE = _PAGE_BIT_GLOBAL (8) (pgtable_types.h).
     */
    @Override public boolean protNone(int level, long raw) { return (raw & (P | G)) == G; }

    /** __swp_entry(type, offset) (arch/x86/include/asm/pgtable-2level.h). */
    @Override public long makeSwap(int type, long offset) {
        return (((long) type & ((1 << SWP_TYPE_BITS) - 1)) << SWP_TYPE_SHIFT | (offset << SWP_OFFSET_SHIFT)) & 0xffffffffL;
    }

    /** pte_swp_mkexclusive(): _PAGE_SWP_EXCLUSIVE = _PAGE_PSE (the caller sets it only on kernels that have it, 5.19+). */
    @Override public long swpMkExclusive(long swp) { return swp | SWP_EXCLUSIVE; }

    /** is_swap_pte(): !pte_none && !pte_present; x86 pte_present() is P or PROTNONE (arch/x86/include/asm/pgtable.h). */
    @Override public boolean isSwap(int level, long raw) { return raw != 0 && (raw & (P | G)) == 0; }

    @Override public int swapType(long raw) { return (int) ((raw >>> SWP_TYPE_SHIFT) & ((1 << SWP_TYPE_BITS) - 1)); }

    @Override public long swapOffset(long raw) { return (raw & 0xffffffffL) >>> SWP_OFFSET_SHIFT; }
}
