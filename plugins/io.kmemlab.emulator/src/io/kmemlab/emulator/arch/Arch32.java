package io.kmemlab.emulator.arch;

/**
 * What the 32-bit arches (i386, ARM) add to {@link Arch}: the fixmap that holds the
 * kmap_atomic / kmap_local slots, high_memory, and the pkmap area (also in
 * {@link Layout#pkmapBase()} / {@link Layout#lastPkmap()}).
 */
public interface Arch32 extends Arch {
    Fixmap fixmap();

    /** high_memory: the virtual address just above the direct map of lowmem. */
    default long highMemory() { return layout().directMapEnd(); }

    /** PHYS_OFFSET: physical address of the start of RAM (0 on x86). */
    default long physOffset() { return 0; }

    /** Physical address of the first frame without a linear address (arm_lowmem_limit / max_low_pfn << PAGE_SHIFT). */
    long lowmemEnd();

    /** Bytes of the pgd (swapper_pg_dir): 4 KiB on i386 (32 bytes of PDPT with PAE), 16 KiB on ARM. */
    default long pgdBytes() { return 4096; }
}
