package io.kmemlab.emulator.arch;

/** The pmd rules the x86 entry formats share (arch/x86/include/asm/pgtable.h). */
final class X86Pmd {
    private X86Pmd() { }

    /** _KERNPG_TABLE = P | RW | ACCESSED | DIRTY. */
    static final long KERNPG_TABLE = 0x63;

    /**
     * pmd_bad(): (pmd_flags(pmd) & ~(_PAGE_USER | _PAGE_ACCESSED)) != (_KERNPG_TABLE & ~_PAGE_ACCESSED),
     * where pmd_flags() is everything outside the pfn bits {@code pfnMask}.
     */
    static boolean bad(long pmd, long pfnMask) {
        long flags = pmd & ~pfnMask;
        return (flags & ~(X86Entry.US | X86Entry.A)) != (KERNPG_TABLE & ~X86Entry.A);
    }

    /** "a 4M page (PSE, flags) mapping phys ...": a pmd leaf of {@code span} bytes. */
    static String leafText(EntryFormat f, long e, long span) {
        long base = f.leafPhys(PagingMode.PMD, e);
        return String.format("a %s page (PSE, %s) mapping phys 0x%x..0x%x", span == (4L << 20) ? "4M" : "2M",
                f.decode(PagingMode.PMD, e), base, base + span - 1);
    }
}
