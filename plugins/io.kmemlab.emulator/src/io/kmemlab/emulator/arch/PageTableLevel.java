package io.kmemlab.emulator.arch;

/**
 * One level of the kernel's page-table hierarchy as Linux names it.
 *
 * @param name       pgd, p4d, pud, pmd or pte
 * @param shift      PGDIR_SHIFT, P4D_SHIFT, PUD_SHIFT, PMD_SHIFT or PAGE_SHIFT
 * @param ptrs       PTRS_PER_xxx (1 when folded)
 * @param entryBytes sizeof(pgd_t) etc. as Linux sees it (8 on x86_64 and on ARM's
 *                   folded pgd pairs; 4 on i386 2-level)
 * @param folded     true when the level does not exist in hardware (p4d on 4-level
 *                   x86_64; pud/pmd on i386 2-level): p4d_offset() returns the pgd
 *                   pointer itself (include/asm-generic/pgtable-nop4d.h)
 * @param leafAllowed true when an entry at this level may map a page directly
 *                   (x86 PS bit at pud/pmd; pte always)
 */
public record PageTableLevel(String name, int shift, int ptrs, int entryBytes, boolean folded, boolean leafAllowed) {
    /** Bytes mapped by one entry: 1 << shift. */
    public long entrySpan() { return 1L << shift; }

    /** pgd_index() etc.: (addr >> shift) & (ptrs - 1). */
    public int index(long va) { return folded ? 0 : (int) ((va >>> shift) & (ptrs - 1)); }
}
