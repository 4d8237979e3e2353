package io.kmemlab.emulator.arch;

/**
 * How raw page-table entries are encoded at each level of a {@link PagingMode}. Level
 * numbers are indexes into {@link PagingMode#levels()} (0 = pgd). Implementations:
 * {@link X86Entry} (64-bit entries); the 32-bit formats (i386 2-level 32-bit entries,
 * PAE, ARM short descriptors with Linux's shadow bits) are separate classes.
 */
public interface EntryFormat {
    boolean present(int level, long raw);

    /** The entry maps a page (pte always; x86 PS bit at pud/pmd; ARM section). */
    boolean leaf(int level, long raw);

    /** Physical address of the next-level table for a present, non-leaf entry. */
    long tablePhys(int level, long raw);

    /** Physical base address of the page a present leaf maps (pte_pfn << PAGE_SHIFT etc.). */
    long leafPhys(int level, long raw);

    boolean writable(int level, long raw);

    boolean user(int level, long raw);

    boolean noExec(int level, long raw);

    /** "P RW US A D NX pfn=0x1234" - the decoded flags, kernel names. */
    String decode(int level, long raw);

    /** An entry pointing to the table at {@code tablePhys}. */
    long makeTable(int level, long tablePhys, int prot);

    /** A leaf entry mapping {@code phys} with {@link Prot} bits. */
    long makeLeaf(int level, long phys, int prot);

    /** Sets the accessed (and with {@code write}, dirty) bit as the CPU does on access. */
    long touch(int level, long raw, boolean write);

    /** A non-present swap entry (the PTE after swap_out). */
    long makeSwap(int type, long offset);

    /** pte_swp_mkexclusive(): the swap entry remembers PG_anon_exclusive (unchanged where the format has no bit). */
    default long swpMkExclusive(long swp) { return swp; }

    /** pte_swp_mksoft_dirty(): the swap entry keeps the pte's soft-dirty bit. */
    default long swpMkSoftDirty(long swp) { return swp; }

    /** pte_swp_soft_dirty(). */
    default boolean swpSoftDirty(long swp) { return false; }

    /** pte_soft_dirty(). */
    default boolean softDirty(long pte) { return false; }

    /** True for a non-present entry that holds a swap entry (pte_none false, present false). */
    boolean isSwap(int level, long raw);

    int swapType(long raw);

    long swapOffset(long raw);

    /**
     * Physical address {@code va} translates to through the present leaf {@code raw} at
     * {@code level}, whose entries map {@code span} bytes. ARM overrides it: a pgd entry is a
     * pair of 1 MiB section words.
     */
    default long leafAddress(int level, long raw, long va, long span) { return leafPhys(level, raw) + (va & (span - 1)); }

    /**
     * Bytes one leaf word at {@code level} maps when that is less than the level's span
     * (ARM: a section word maps 1 MiB of the 2 MiB pmd pair; the page-table builder writes one
     * word per MiB, the odd one at pmd + 1 as __map_init_section does); 0 = the level's span.
     */
    default long leafSpan(int level) { return 0; }

    /**
     * A second word the kernel writes together with an entry (ARM: set_pte_ext also writes the
     * hardware pte derived from the Linux pte): its physical address, or -1 for none.
     */
    default long shadowAddress(int level, long entryPa) { return -1; }

    /**
     * pte_special(): no struct page refcounting (the zero page). x86: _PAGE_SPECIAL, bit 9
     * (_PAGE_BIT_SOFTW1) on every x86 format; ARM 2-level has no such bit (ARM overrides: false,
     * the zero pfn is recognised by number as vm_normal_page() does).
     */
    default boolean special(int level, long raw) { return (raw & 0x200) != 0; }

    /**
     * What the MMU itself reads for this Linux-view entry when that differs from it (ARM: the
     * first-level descriptor at TTBR + (va >> 20) * 4, the hardware pte beside the Linux pte),
     * as a trace note; null when the hardware reads exactly this entry. {@code read32} reads a
     * 32-bit word of physical memory.
     */
    default String hardwareNote(int level, long entryPa, long raw, long va, java.util.function.LongUnaryOperator read32) { return null; }

    /**
     * pte_protnone(): a PROT_NONE (or NUMA-hinting) entry, not present to the MMU but present to
     * the kernel (it still maps its pfn). False where the format has no such encoding.
     */
    default boolean protNone(int level, long raw) { return false; }

    /** The value of the shadow word for entry value {@code raw} (see {@link #shadowAddress}). */
    default long shadowValue(int level, long raw) { return 0; }

    /**
     * pmd_bad(): the pmd entry is not a pointer to a pte table (x86: flags other than
     * _KERNPG_TABLE apart from USER/ACCESSED, arch/x86/include/asm/pgtable.h; ARM 2-level: a
     * section, pgtable-2level.h).
     */
    boolean pmdBad(long pmd);

    /** Which leaf a present pmd leaf entry mapping {@code span} bytes is, for notes and reports. */
    String pmdLeafText(long pmd, long span);

    /** The pmd_ERROR() line pmd_clear_bad() prints (mm/pgtable-generic.c) for a bad pmd on a 32-bit arch. */
    default String badPmdLine(long pmd) { return String.format("mm/pgtable-generic.c: bad pmd %08x", pmd & 0xffffffffL); }

    /** pmd_clear() clears a pair of words (ARM: both 1 MiB section words of the 2 MiB pmd). */
    default boolean pmdPair() { return false; }

    /**
     * PTE_PFN_MASK when the entries are the 8-byte x86 layout in every real level (P = bit 0,
     * PS = bit 7, 512 entries): the page tables may then translate without the per-level calls.
     * 0 for every other format.
     */
    default long x86PfnMask() { return 0; }
}
