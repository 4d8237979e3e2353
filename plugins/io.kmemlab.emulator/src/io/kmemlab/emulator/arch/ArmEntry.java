package io.kmemlab.emulator.arch;

/**
 * ARM 32-bit short-descriptor entries as Linux keeps them (arch/arm/include/asm/pgtable-2level.h,
 * pgtable-2level-hwdef.h, arch/arm/include/asm/pgalloc.h, arch/arm/mm/proc-v7-2level.S).
 *
 * <p>Linux's view: a pgd of 2048 entries of 8 bytes (pgd_t = pmdval_t[2], PGDIR_SHIFT 21),
 * each a pair of hardware first-level entries (1 MiB each); the pmd is folded and
 * {@code pmd_offset()} returns the pgd pointer, so {@code *pmd} is the first word of the pair
 * (the even MiB). A first-level word is a section (bits[1:0] = 10: PA[31:20] | flags) or a
 * pointer to a 1 KiB hardware second-level table (01). Raw values at the pgd level are the
 * pair as one 64-bit number (low word = even MiB); at the pmd level the 32-bit word.
 *
 * <p>One pte page holds two Linux tables (L_PTE_* software bits, 512 entries, {@code
 * PTRS_PER_PTE}) and the two hardware tables (256 entries each). Since 2.6.38 the Linux
 * tables are at +0 and the hardware tables at +2048 (PTE_HWTABLE_OFF), and a table pmd
 * points at the hardware table: {@code pmdval = (pte + PTE_HWTABLE_OFF) | prot}; the
 * {@code kernel 2.6} layout is the other way round (hardware at +0/+1024, Linux at +2048;
 * pmd_page_vaddr() = (pmd & ~(PTRS_PER_PTE*sizeof(void *)-1)) + PTRS_PER_PTE*sizeof(void *)).
 * Raw values at the pte level are the Linux pte; {@link #hwPte} derives the hardware word as
 * cpu_v7_set_pte_ext does.
 */
public final class ArmEntry implements EntryFormat {
    // first-level (pmd) bits, pgtable-2level-hwdef.h
    public static final long PMD_TYPE_MASK = 3, PMD_TYPE_TABLE = 1, PMD_TYPE_SECT = 2, PMD_BIT4 = 1 << 4;
    public static final long PMD_SECT_B = 1 << 2, PMD_SECT_C = 1 << 3, PMD_SECT_XN = 1 << 4,
            PMD_SECT_AP_WRITE = 1 << 10, PMD_SECT_AP_READ = 1 << 11, PMD_SECT_APX = 1 << 15,
            PMD_SECT_S = 1 << 16, PMD_SECT_nG = 1 << 17, PMD_SECT_SUPER = 1 << 18;
    public static final long SECTION_MASK = 0xfff00000L;
    /** PMD_SECT_WBWA = TEX(1) | C | B (write-back, write-allocate); PMD_SECT_WB = C | B. */
    public static final long PMD_SECT_WBWA = (1 << 12) | PMD_SECT_C | PMD_SECT_B, PMD_SECT_WB = PMD_SECT_C | PMD_SECT_B;
    public static final int DOMAIN_KERNEL = 0, DOMAIN_USER = 1;
    /** _PAGE_KERNEL_TABLE = PMD_TYPE_TABLE | PMD_BIT4 | PMD_DOMAIN(DOMAIN_KERNEL). */
    public static final long PAGE_KERNEL_TABLE = PMD_TYPE_TABLE | PMD_BIT4 | ((long) DOMAIN_KERNEL << 5);
    public static final long PAGE_USER_TABLE = PMD_TYPE_TABLE | PMD_BIT4 | ((long) DOMAIN_USER << 5);
    // Linux pte bits (pgtable-2level.h)
    public static final long L_PTE_PRESENT = 1, L_PTE_YOUNG = 1 << 1, L_PTE_DIRTY = 1 << 6, L_PTE_RDONLY = 1 << 7,
            L_PTE_USER = 1 << 8, L_PTE_XN = 1 << 9, L_PTE_SHARED = 1 << 10, L_PTE_NONE = 1 << 11;
    /**
     * 2.6.32 arch/arm/include/asm/pgtable.h: the same bits with the other sense - L_PTE_WRITE (7) and
     * L_PTE_EXEC (9) were inverted into L_PTE_RDONLY and L_PTE_XN in 3.x.
     */
    public static final long L_PTE_WRITE = 1 << 7, L_PTE_EXEC = 1 << 9;
    public static final long L_PTE_MT_MASK = 0xf << 2, L_PTE_MT_BUFFERABLE = 0x01 << 2, L_PTE_MT_WRITEBACK = 0x03 << 2,
            L_PTE_MT_WRITEALLOC = 0x07 << 2;
    // hardware small-page bits (ARMv6+ extended)
    public static final long PTE_EXT_XN = 1, PTE_TYPE_SMALL = 2, PTE_EXT_AP0 = 1 << 4, PTE_EXT_AP1 = 1 << 5,
            PTE_EXT_TEX1 = 1 << 6, PTE_EXT_APX = 1 << 9, PTE_EXT_NG = 1 << 11;
    /** PTE_HWTABLE_OFF = PTRS_PER_PTE * sizeof(pte_t). */
    public static final int HWTABLE_OFF = 2048;

    /**
     * L_PTE_SWP_EXCLUSIVE = L_PTE_RDONLY (arch/arm/include/asm/pgtable-2level.h, 6.3+: "We borrow bit 7
     * to store the exclusive marker in swap PTEs").
     */
    public static final long L_PTE_SWP_EXCLUSIVE = L_PTE_RDONLY;

    private final boolean hwFirst;     // kernel 2.6 layout: hardware tables at +0, Linux at +2048
    private final boolean smp;
    private final boolean swpExclusive;
    private final int swpTypeShift, swpTypeMask, swpOffsetShift;

    public ArmEntry(boolean hwFirst, boolean smp) { this(hwFirst, smp, !hwFirst); }

    /**
     * @param swpExclusive __HAVE_ARCH_PTE_SWP_EXCLUSIVE (6.3+, "arm/mm: support __HAVE_ARCH_PTE_SWP_EXCLUSIVE"):
     *                     bit 7 of a swap pte is the exclusive marker and the offset moves up one bit
     */
    public ArmEntry(boolean hwFirst, boolean smp, boolean swpExclusive) {
        this.hwFirst = hwFirst;
        this.smp = smp;
        this.swpExclusive = swpExclusive && !hwFirst;
        // arch/arm/include/asm/pgtable.h: __SWP_TYPE_SHIFT 2, __SWP_TYPE_BITS 5,
        // __SWP_OFFSET_SHIFT = __SWP_TYPE_BITS + __SWP_TYPE_SHIFT (+ 1 for the exclusive marker, 6.3+);
        // 2.6.32: __SWP_TYPE_SHIFT 3 (L_PTE_FILE is bit 2), __SWP_TYPE_BITS 6, __SWP_OFFSET_SHIFT 9
        this.swpTypeShift = hwFirst ? 3 : 2;
        this.swpTypeMask = hwFirst ? 0x3f : 0x1f;
        this.swpOffsetShift = hwFirst ? 9 : this.swpExclusive ? 8 : 7;
    }

    public boolean hwFirst() { return hwFirst; }

    private static long lo(long raw) { return raw & 0xffffffffL; }

    @Override public boolean present(int level, long raw) {
        if (level == PagingMode.PTE) return (raw & L_PTE_PRESENT) != 0;
        return lo(raw) != 0;                                   // pmd_present(pmd) = pmd_val(pmd)
    }

    /** pmd_leaf(pmd) = pmd_val(pmd) & PMD_TYPE_SECT (pgtable-2level.h, 6.x). */
    @Override public boolean leaf(int level, long raw) {
        if (level == PagingMode.PTE) return true;
        return (lo(raw) & PMD_TYPE_SECT) != 0;
    }

    /** pmd_bad(pmd) = pmd_leaf(pmd): a section is "bad" for the pte helpers. */
    public boolean bad(long raw) { return (lo(raw) & PMD_TYPE_SECT) != 0; }

    @Override public boolean pmdBad(long pmd) { return bad(pmd); }

    /** A section word maps 1 MiB whatever the pmd's span. */
    @Override public String pmdLeafText(long pmd, long span) {
        return String.format("a 1 MiB section (%s) mapping phys 0x%x..0x%x", decodeL1(pmd & 0xffffffffL),
                pmd & SECTION_MASK, (pmd & SECTION_MASK) + (1 << 20) - 1);
    }

    /** pmd_ERROR() of arch/arm/include/asm/pgtable-2level.h ends the line with a dot. */
    @Override public String badPmdLine(long pmd) { return String.format("mm/pgtable-generic.c: bad pmd %08x.", pmd & 0xffffffffL); }

    @Override public boolean pmdPair() { return true; }

    /**
     * The Linux pte table a first-level word leads to, as pmd_page_vaddr() computes it (also for
     * a section word, which is how a 2.6 pte_offset_map() ends up indexing data).
     */
    @Override public long tablePhys(int level, long raw) {
        long w = lo(raw);
        if (hwFirst) return (w & ~(long) (HWTABLE_OFF - 1)) + HWTABLE_OFF;
        return w & ~0xfffL;
    }

    /** Physical address of the hardware second-level table the word points to (bits 31..10). */
    public long hwTablePhys(long raw) { return lo(raw) & ~0x3ffL; }

    @Override public long leafPhys(int level, long raw) {
        if (level == PagingMode.PTE) return raw & ~0xfffL & 0xffffffffL;
        return lo(raw) & SECTION_MASK;
    }

    @Override public boolean writable(int level, long raw) {
        if (level == PagingMode.PTE) return hwFirst ? (raw & L_PTE_WRITE) != 0 : (raw & L_PTE_RDONLY) == 0;
        if (leaf(level, raw)) return (lo(raw) & PMD_SECT_AP_WRITE) != 0 && (lo(raw) & PMD_SECT_APX) == 0;
        return true;
    }

    @Override public boolean user(int level, long raw) {
        if (level == PagingMode.PTE) return (raw & L_PTE_USER) != 0;
        if (leaf(level, raw)) return (lo(raw) & PMD_SECT_AP_READ) != 0;
        return true;            // a table word: access is decided by the pte (domains are not modelled)
    }

    @Override public boolean noExec(int level, long raw) {
        if (level == PagingMode.PTE) return hwFirst ? (raw & L_PTE_EXEC) == 0 : (raw & L_PTE_XN) != 0;
        return leaf(level, raw) && (lo(raw) & PMD_SECT_XN) != 0;
    }

    @Override public String decode(int level, long raw) {
        if (level == PagingMode.PTE) return decodePte(raw);
        if (level == PagingMode.PGD) {
            long hi = (raw >>> 32) & 0xffffffffL;
            return "[0] " + decodeL1(lo(raw)) + " [1] " + decodeL1(hi);
        }
        return decodeL1(lo(raw));
    }

    /** A hardware first-level word: fault, table (domain, hw table address) or section. */
    public static String decodeL1(long w) {
        switch ((int) (w & PMD_TYPE_MASK)) {
            case 0: return w == 0 ? "none" : "fault";
            case 1: return String.format("TABLE domain=%d hwtable=0x%x", (w >>> 5) & 0xf, w & ~0x3ffL);
            case 2: {
                StringBuilder sb = new StringBuilder((w & PMD_SECT_SUPER) != 0 ? "SUPERSECTION" : "SECT");
                int ap = (int) (((w >>> 10) & 3) | ((w & PMD_SECT_APX) != 0 ? 4 : 0));
                sb.append(" AP=").append(ap);
                if ((w & PMD_SECT_XN) != 0) sb.append(" XN");
                if ((w & PMD_SECT_C) != 0) sb.append(" C");
                if ((w & PMD_SECT_B) != 0) sb.append(" B");
                long tex = (w >>> 12) & 7;
                if (tex != 0) sb.append(" TEX=").append(tex);
                if ((w & PMD_SECT_S) != 0) sb.append(" S");
                if ((w & PMD_SECT_nG) != 0) sb.append(" nG");
                sb.append(" domain=").append((w >>> 5) & 0xf);
                sb.append(String.format(" base=0x%x", w & SECTION_MASK));
                return sb.toString();
            }
            default: return "reserved";
        }
    }

    private String decodePte(long raw) {
        raw = lo(raw);
        if (raw == 0) return "none";
        if ((raw & L_PTE_PRESENT) == 0) {
            if (isSwap(PagingMode.PTE, raw)) return String.format("swap type=%d offset=0x%x%s", swapType(raw), swapOffset(raw),
                    swpExclusive && (raw & L_PTE_SWP_EXCLUSIVE) != 0 ? " exclusive" : "");
            return "not-present";
        }
        StringBuilder sb = new StringBuilder("PRESENT");
        if ((raw & L_PTE_YOUNG) != 0) sb.append(" YOUNG");
        if ((raw & L_PTE_DIRTY) != 0) sb.append(" DIRTY");
        if ((raw & L_PTE_RDONLY) != 0) sb.append(hwFirst ? " WRITE" : " RDONLY");
        if ((raw & L_PTE_USER) != 0) sb.append(" USER");
        if ((raw & L_PTE_XN) != 0) sb.append(hwFirst ? " EXEC" : " XN");
        if ((raw & L_PTE_SHARED) != 0) sb.append(" SHARED");
        sb.append(" MT=0x").append(Long.toHexString((raw & L_PTE_MT_MASK) >>> 2));
        sb.append(" pfn=0x").append(Long.toHexString(raw >>> 12));
        return sb.toString();
    }

    /**
     * A table word: {@code (pte page + PTE_HWTABLE_OFF) | prot} (arch/arm/include/asm/pgalloc.h
     * __pmd_populate); at the pgd level the pair, the second word pointing 1 KiB further.
     */
    @Override public long makeTable(int level, long tablePhys, int prot) {
        long page = tablePhys & ~0xfffL;
        long w = (hwFirst ? page : page + HWTABLE_OFF) | ((prot & Prot.USER) != 0 ? PAGE_USER_TABLE : PAGE_KERNEL_TABLE);
        if (level == PagingMode.PGD) return w | ((w + 1024) << 32);
        return w;
    }

    /**
     * Sections: {@code phys | prot_sect} for MT_MEMORY_RW(X) on ARMv7 (arch/arm/mm/mmu.c mem_types
     * and build_mem_type_table: TYPE_SECT | AP_WRITE, PMD_SECT_XN for MT_MEMORY_RW ("Also setup NX
     * memory mapping"), the cache policy of the initial page tables - proc-v7-2level.S
     * PMD_FLAGS_UP = PMD_SECT_WB, PMD_FLAGS_SMP = PMD_SECT_WBWA | PMD_SECT_S - domain DOMAIN_KERNEL 0).
     * At the pgd level the pair (phys, phys + 1 MiB).
     * Ptes: the Linux pte (PAGE_KERNEL = pgprot_kernel | L_PTE_XN: L_PTE_PRESENT | YOUNG | DIRTY |
     * the policy's memory type - MT_WRITEBACK on UP, MT_WRITEALLOC | SHARED on SMP).
     */
    @Override public long makeLeaf(int level, long phys, int prot) {
        if (level == PagingMode.PTE) {
            long e = (phys & 0xfffff000L) | L_PTE_PRESENT;
            if ((prot & Prot.ACCESSED) != 0) e |= L_PTE_YOUNG;
            if ((prot & Prot.DIRTY) != 0) e |= L_PTE_DIRTY;
            if (hwFirst) {                                       // 2.6.32: L_PTE_WRITE / L_PTE_EXEC
                if ((prot & Prot.WRITE) != 0) e |= L_PTE_WRITE;
                // arch/arm/mm/mmu.c build_mem_type_table: pgprot_kernel (PAGE_KERNEL, kmap_prot) includes L_PTE_EXEC
                if ((prot & Prot.EXEC) != 0 || (prot & Prot.USER) == 0) e |= L_PTE_EXEC;
            } else {
                if ((prot & Prot.WRITE) == 0) e |= L_PTE_RDONLY;
                if ((prot & Prot.EXEC) == 0) e |= L_PTE_XN;
            }
            if ((prot & Prot.USER) != 0) e |= L_PTE_USER;
            e |= (prot & Prot.NOCACHE) != 0 ? L_PTE_MT_BUFFERABLE : smp ? L_PTE_MT_WRITEALLOC : L_PTE_MT_WRITEBACK;
            if (smp) e |= L_PTE_SHARED;
            return e;
        }
        long s = section(phys, prot);
        if (level == PagingMode.PGD) return s | (section(phys + (1L << 20), prot) << 32);
        return s;
    }

    /** One hardware section word for {@code phys}. */
    public long section(long phys, int prot) {
        long w = (phys & SECTION_MASK) | PMD_TYPE_SECT | PMD_SECT_AP_WRITE | (smp ? PMD_SECT_WBWA : PMD_SECT_WB);
        if ((prot & Prot.USER) != 0) w |= PMD_SECT_AP_READ;
        if ((prot & Prot.WRITE) == 0) w |= PMD_SECT_APX;
        if ((prot & Prot.EXEC) == 0) w |= PMD_SECT_XN;
        if (smp) w |= PMD_SECT_S;
        return w;
    }

    /** Linux ptes emulate young/dirty in software; the hardware word is derived on set_pte_ext. */
    @Override public long touch(int level, long raw, boolean write) {
        if (level != PagingMode.PTE) return raw;
        return raw | L_PTE_YOUNG | (write ? L_PTE_DIRTY : 0);
    }

    /**
     * The hardware small-page word cpu_v7_set_pte_ext writes for a Linux pte
     * (arch/arm/mm/proc-v7-2level.S): clear the Linux-only bits, small-page type, AP0; TEX(1)
     * for bit 4; APX when read-only or not dirty; AP1 for user; XN; nG for user addresses;
     * zero unless young, valid and not L_PTE_NONE.
     */
    public static long hwPte(long linux, boolean userAddr) {
        long r1 = linux & 0xffffffffL;
        long r3 = (r1 & ~0x3f0L) & ~3L;
        if (userAddr && (r1 & L_PTE_USER) != 0) r3 |= PTE_EXT_NG;
        r3 |= PTE_EXT_AP0 | PTE_TYPE_SMALL;
        if ((r1 & (1 << 4)) != 0) r3 |= PTE_EXT_TEX1;
        r1 ^= L_PTE_DIRTY;
        if ((r1 & (L_PTE_RDONLY | L_PTE_DIRTY)) != 0) r3 |= PTE_EXT_APX;
        if ((r1 & L_PTE_USER) != 0) r3 |= PTE_EXT_AP1;
        if ((r1 & L_PTE_XN) != 0) r3 |= PTE_EXT_XN;
        boolean young = (linux & L_PTE_YOUNG) != 0, valid = (linux & L_PTE_PRESENT) != 0, none = (linux & L_PTE_NONE) != 0;
        if (!(young && valid && !none)) r3 = 0;
        return r3;
    }

    /**
     * 2.6.32 cpu_v7_set_pte_ext (arch/arm/mm/proc-v7.S): APX unless L_PTE_WRITE and L_PTE_DIRTY; for a
     * L_PTE_USER pte AP1, and APX and AP0 cleared again when APX was set; XN unless L_PTE_EXEC;
     * otherwise as {@link #hwPte}.
     */
    public static long hwPte2632(long linux, boolean userAddr) {
        long r1 = linux & 0xffffffffL;
        long r3 = (r1 & ~0x3f0L) & ~3L;
        if (userAddr && (r1 & L_PTE_USER) != 0) r3 |= PTE_EXT_NG;
        r3 |= PTE_EXT_AP0 | PTE_TYPE_SMALL;
        if ((r1 & (1 << 4)) != 0) r3 |= PTE_EXT_TEX1;
        if ((r1 & L_PTE_WRITE) == 0 || (r1 & L_PTE_DIRTY) == 0) r3 |= PTE_EXT_APX;
        if ((r1 & L_PTE_USER) != 0) {
            r3 |= PTE_EXT_AP1;
            // tstne r3, #PTE_EXT_APX; bicne r3, r3, #PTE_EXT_APX | PTE_EXT_AP0: a user read-only page is AP 0b010
            // (user read-only, kernel read/write) rather than APX 0b111
            if ((r3 & PTE_EXT_APX) != 0) r3 &= ~(PTE_EXT_APX | PTE_EXT_AP0);
        }
        if ((r1 & L_PTE_EXEC) == 0) r3 |= PTE_EXT_XN;
        if ((r1 & L_PTE_YOUNG) == 0 || (r1 & L_PTE_PRESENT) == 0) r3 = 0;
        return r3;
    }

    /** Offset of the hardware entry for Linux pte index {@code i} inside the pte page. */
    public int hwOffset(int i) { return hwFirst ? i * 4 : HWTABLE_OFF + i * 4; }

    /** Offset of the Linux pte with index {@code i} inside the pte page. */
    public int linuxOffset(int i) { return hwFirst ? HWTABLE_OFF + i * 4 : i * 4; }

    /** The MMU walks 4096 first-level words (VA[31:20]) and 256-entry hardware tables (VA[19:12]). */
    @Override public String hardwareNote(int level, long entryPa, long raw, long va, java.util.function.LongUnaryOperator read32) {
        if (level == PagingMode.PGD) {
            long hwPa = entryPa + ((va >>> 20) & 1) * 4;
            long w = read32.applyAsLong(hwPa) & 0xffffffffL;
            return String.format("MMU: first-level descriptor [%d] at TTBR + (va >> 20) * 4 = 0x%x: 0x%08x %s",
                    (va >>> 20) & 0xfff, hwPa, w, decodeL1(w));
        }
        if (level == PagingMode.PTE) {
            long hwPa = shadowAddress(level, entryPa);
            long w = read32.applyAsLong(hwPa) & 0xffffffffL;
            return String.format("MMU: second-level descriptor [%d] at 0x%x (hardware table %s): 0x%08x%s",
                    (va >>> 12) & 0xff, hwPa, hwFirst ? "at +0/+1024" : "at +2048/+3072", w,
                    w == 0 ? " (fault: not young or not present - Linux emulates young by faulting)" : " small page");
        }
        return null;
    }

    /** No pte_special() with 2-level short descriptors (CONFIG_ARCH_HAS_PTE_SPECIAL needs LPAE). */
    @Override public boolean special(int level, long raw) { return false; }

    /** At the pgd level a pair: the word for the odd MiB is the high half. */
    @Override public long leafAddress(int level, long raw, long va, long span) {
        if (level == PagingMode.PTE) return leafPhys(level, raw) + (va & 0xfff);
        long w = level == PagingMode.PGD && (va & (1L << 20)) != 0 ? (raw >>> 32) & 0xffffffffL : lo(raw);
        if ((w & PMD_TYPE_SECT) == 0) return -1;
        return (w & SECTION_MASK) + (va & 0xfffff);
    }

    @Override public long leafSpan(int level) { return level == PagingMode.PTE ? 0 : 1L << 20; }

    /** The hardware pte beside a Linux pte (+2048; -2048 in the 2.6 layout). */
    @Override public long shadowAddress(int level, long entryPa) {
        if (level != PagingMode.PTE) return -1;
        return hwFirst ? entryPa - HWTABLE_OFF : entryPa + HWTABLE_OFF;
    }

    @Override public long shadowValue(int level, long raw) {
        return hwFirst ? hwPte2632(raw, (raw & L_PTE_USER) != 0) : hwPte(raw, (raw & L_PTE_USER) != 0);
    }

    /** __swp_entry(type, offset) = type << __SWP_TYPE_SHIFT | offset << __SWP_OFFSET_SHIFT. */
    @Override public long makeSwap(int type, long offset) {
        return (((long) type & swpTypeMask) << swpTypeShift | (offset << swpOffsetShift)) & 0xffffffffL;
    }

    /** pte_swp_mkexclusive() (arch/arm/include/asm/pgtable.h, 6.3+): set L_PTE_SWP_EXCLUSIVE. */
    @Override public long swpMkExclusive(long swp) { return swpExclusive ? swp | L_PTE_SWP_EXCLUSIVE : swp; }

    @Override public boolean isSwap(int level, long raw) { return lo(raw) != 0 && (raw & L_PTE_PRESENT) == 0; }

    @Override public int swapType(long raw) { return (int) ((raw >>> swpTypeShift) & swpTypeMask); }

    @Override public long swapOffset(long raw) { return lo(raw) >>> swpOffsetShift; }
}
