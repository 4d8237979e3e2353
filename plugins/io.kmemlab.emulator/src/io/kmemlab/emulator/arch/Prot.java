package io.kmemlab.emulator.arch;

/**
 * Architecture-neutral protection bits the builders pass to an {@link EntryFormat};
 * each format turns them into its hardware/software bits (x86 _PAGE_*, ARM L_PTE_*).
 */
public final class Prot {
    private Prot() { }
    public static final int WRITE = 1;
    public static final int USER = 2;
    public static final int EXEC = 4;
    public static final int GLOBAL = 8;
    public static final int ACCESSED = 16;
    public static final int DIRTY = 32;
    /** pte_special(): no struct page refcounting (the zero page). */
    public static final int SPECIAL = 64;
    public static final int NOCACHE = 128;
    /** _PAGE_SOFT_DIRTY: pte_mkdirty() with CONFIG_MEM_SOFT_DIRTY (formats without the bit ignore it). */
    public static final int SOFT_DIRTY = 256;

    /** PAGE_KERNEL: RW, accessed, dirty, global, NX. */
    public static final int KERNEL = WRITE | ACCESSED | DIRTY | GLOBAL;
    /** PAGE_KERNEL_EXEC. */
    public static final int KERNEL_EXEC = KERNEL | EXEC;
    /** PAGE_KERNEL_RO. */
    public static final int KERNEL_RO = ACCESSED | GLOBAL;
    /** _PAGE_TABLE / _KERNPG_TABLE style protections for non-leaf entries. */
    public static final int TABLE_USER = WRITE | USER | ACCESSED | DIRTY;
    public static final int TABLE_KERNEL = WRITE | ACCESSED | DIRTY;
}
