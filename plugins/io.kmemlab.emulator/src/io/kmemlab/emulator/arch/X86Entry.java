package io.kmemlab.emulator.arch;

/**
 * x86_64 (and PAE) 64-bit page-table entries. Bit numbers: arch/x86/include/asm/pgtable_types.h
 * (_PAGE_BIT_PRESENT 0 ... _PAGE_BIT_NX 63); PFN mask PTE_PFN_MASK = 0x000ffffffffff000
 * (__PHYSICAL_MASK_SHIFT 52, arch/x86/include/asm/page_64_types.h); large leaves use
 * PHYSICAL_PMD_PAGE_MASK / PHYSICAL_PUD_PAGE_MASK because bit 12 is PAT there.
 * Swap entries: arch/x86/include/asm/pgtable_64.h (__swp_entry, inverted offset).
 */
public final class X86Entry implements EntryFormat {
    public static final long P = 1L, RW = 1L << 1, US = 1L << 2, PWT = 1L << 3, PCD = 1L << 4,
            A = 1L << 5, D = 1L << 6, PSE = 1L << 7, G = 1L << 8, SPECIAL = 1L << 9, NX = 1L << 63;
    /** _PAGE_SOFT_DIRTY = _PAGE_SOFTW3 (bit 11), arch/x86/include/asm/pgtable_types.h (CONFIG_MEM_SOFT_DIRTY). */
    public static final long SOFT_DIRTY = 1L << 11;
    /**
     * Swap-entry bits below the type/offset (arch/x86/include/asm/pgtable_types.h, pgtable_64.h):
     * _PAGE_SWP_SOFT_DIRTY = _PAGE_RW (1), _PAGE_SWP_UFFD_WP = _PAGE_USER (2), _PAGE_SWP_EXCLUSIVE = _PAGE_PWT (3).
     */
    public static final long SWP_SOFT_DIRTY = RW, SWP_EXCLUSIVE = PWT;
    public static final long PFN_MASK = 0x000ffffffffff000L;
    public static final long PMD_PAGE_MASK = 0x000fffffffe00000L;
    public static final long PUD_PAGE_MASK = 0x000fffffc0000000L;
    /** _PAGE_TABLE = P | RW | USER | ACCESSED | DIRTY = 0x67. */
    public static final long PAGE_TABLE = P | RW | US | A | D;
    static final int SWP_TYPE_BITS = 5;
    /** SWP_OFFSET_FIRST_BIT = _PAGE_BIT_PROTNONE (8) + 1; SWP_OFFSET_SHIFT = 9 + 5. */
    static final int SWP_OFFSET_SHIFT = 9 + SWP_TYPE_BITS;

    private final int pmdLevel, pudLevel, pteLevel;
    /**
     * 2.6.32 swap encoding (arch/x86/include/asm/pgtable_64.h of v2.6.32, before the L1TF inversion):
     * _PAGE_BIT_FILE (6) < _PAGE_BIT_PROTNONE (8), so SWP_TYPE_BITS = 6 - 0 - 1 = 5 from bit 1 and
     * SWP_OFFSET_SHIFT = 8 + 1: __swp_entry(type, offset) = type << 1 | offset << 9.
     */
    private final boolean swap2632;

    /** @param pudLevel/pmdLevel/pteLevel level numbers in the paging mode where PS means a leaf */
    public X86Entry(int pudLevel, int pmdLevel, int pteLevel) { this(pudLevel, pmdLevel, pteLevel, false); }

    public X86Entry(int pudLevel, int pmdLevel, int pteLevel, boolean swap2632) {
        this.pudLevel = pudLevel;
        this.pmdLevel = pmdLevel;
        this.pteLevel = pteLevel;
        this.swap2632 = swap2632;
    }

    @Override public boolean present(int level, long raw) { return (raw & P) != 0; }

    @Override public boolean pmdBad(long pmd) { return X86Pmd.bad(pmd, PFN_MASK); }

    @Override public String pmdLeafText(long pmd, long span) { return X86Pmd.leafText(this, pmd, span); }

    @Override public long x86PfnMask() { return PFN_MASK; }

    @Override public boolean leaf(int level, long raw) {
        if (level == pteLevel) return true;
        return (level == pmdLevel || level == pudLevel) && (raw & PSE) != 0;
    }

    @Override public long tablePhys(int level, long raw) { return raw & PFN_MASK; }

    @Override public long leafPhys(int level, long raw) {
        if (level == pteLevel) return raw & PFN_MASK;
        return raw & (level == pmdLevel ? PMD_PAGE_MASK : PUD_PAGE_MASK);
    }

    @Override public boolean writable(int level, long raw) { return (raw & RW) != 0; }

    @Override public boolean user(int level, long raw) { return (raw & US) != 0; }

    @Override public boolean noExec(int level, long raw) { return (raw & NX) != 0; }

    @Override public String decode(int level, long raw) {
        if (raw == 0) return "none";
        if ((raw & P) == 0) {
            if (level == pteLevel && isSwap(level, raw))
                return String.format("swap type=%d offset=0x%x%s%s", swapType(raw), swapOffset(raw),
                        !swap2632 && (raw & SWP_EXCLUSIVE) != 0 ? " exclusive" : "", !swap2632 && (raw & SWP_SOFT_DIRTY) != 0 ? " soft-dirty" : "");
            if (level == pteLevel && protNone(level, raw)) return "PROT_NONE pfn=0x" + Long.toHexString((raw & PFN_MASK) >>> 12);
            return "not-present";
        }
        StringBuilder sb = new StringBuilder("P");
        appendLowFlags(sb, raw, level == pteLevel);
        if ((raw & SPECIAL) != 0 && level == pteLevel) sb.append(" SPECIAL");
        if ((raw & SOFT_DIRTY) != 0 && leaf(level, raw)) sb.append(" SOFT_DIRTY");
        if ((raw & NX) != 0) sb.append(" NX");
        long phys = leaf(level, raw) ? leafPhys(level, raw) : tablePhys(level, raw);
        sb.append(leaf(level, raw) ? " pfn=0x" : " table=0x")
          .append(Long.toHexString(leaf(level, raw) ? phys >>> 12 : phys));
        return sb.toString();
    }

    @Override public long makeTable(int level, long tablePhys, int prot) {
        return (tablePhys & PFN_MASK) | PAGE_TABLE;
    }

    @Override public long makeLeaf(int level, long phys, int prot) {
        long e = P | (phys & PFN_MASK);
        if ((prot & Prot.WRITE) != 0) e |= RW;
        if ((prot & Prot.USER) != 0) e |= US;
        if ((prot & Prot.ACCESSED) != 0) e |= A;
        if ((prot & Prot.DIRTY) != 0) e |= D;
        if ((prot & Prot.GLOBAL) != 0) e |= G;
        if ((prot & Prot.EXEC) == 0) e |= NX;
        if ((prot & Prot.SPECIAL) != 0) e |= SPECIAL;
        if ((prot & Prot.NOCACHE) != 0) e |= PCD;
        if ((prot & Prot.SOFT_DIRTY) != 0) e |= SOFT_DIRTY;
        if (level != pteLevel) e |= PSE;
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

    /** __swp_entry(type, offset) then swp_entry_to_pte (arch/x86/include/asm/pgtable_64.h). */
    @Override public long makeSwap(int type, long offset) {
        if (swap2632) return ((long) type << 1) | (offset << 9);
        return ((~offset) << SWP_OFFSET_SHIFT >>> SWP_TYPE_BITS) | ((long) type << (64 - SWP_TYPE_BITS));
    }

    /**
     * is_swap_pte(): !pte_none && !pte_present, where x86 pte_present() is P or PROTNONE
     * (arch/x86/include/asm/pgtable.h) - a PROT_NONE entry is present to the kernel, not swap.
     */
    @Override public boolean isSwap(int level, long raw) { return raw != 0 && (raw & (P | G)) == 0; }

    @Override public long swpMkExclusive(long swp) { return swap2632 ? swp : swp | SWP_EXCLUSIVE; }

    @Override public long swpMkSoftDirty(long swp) { return swap2632 ? swp : swp | SWP_SOFT_DIRTY; }

    @Override public boolean softDirty(long pte) { return (pte & SOFT_DIRTY) != 0; }

    @Override public boolean swpSoftDirty(long swp) { return (swp & SWP_SOFT_DIRTY) != 0; }

    @Override public int swapType(long raw) { return swap2632 ? (int) ((raw >>> 1) & 0x1f) : (int) (raw >>> (64 - SWP_TYPE_BITS)); }

    @Override public long swapOffset(long raw) { return swap2632 ? raw >>> 9 : (~raw) << SWP_TYPE_BITS >>> SWP_OFFSET_SHIFT; }

    /**
     * Names of the entry bits 0-8, which mean the same on i386 (2-level and PAE) and x86_64
     * (arch/x86/include/asm/pgtable_types.h): bit 7 is PS in a pmd/pud and PAT in a pte.
     */
    static void appendLowFlags(StringBuilder sb, long raw, boolean pte) {
        if ((raw & RW) != 0) sb.append(" RW");
        if ((raw & US) != 0) sb.append(" US");
        if ((raw & PWT) != 0) sb.append(" PWT");
        if ((raw & PCD) != 0) sb.append(" PCD");
        if ((raw & A) != 0) sb.append(" A");
        if ((raw & D) != 0) sb.append(" D");
        if ((raw & PSE) != 0) sb.append(pte ? " PAT" : " PS");
        if ((raw & G) != 0) sb.append(" G");
    }
}
