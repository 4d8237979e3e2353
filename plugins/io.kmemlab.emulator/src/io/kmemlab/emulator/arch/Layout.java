package io.kmemlab.emulator.arch;

/**
 * The kernel virtual memory layout of one machine: the constants the language exposes
 * (PAGE_OFFSET, VMALLOC_START, ...). 0 means "not on this arch" (PKMAP on x86_64).
 * VMALLOC_END is the last byte on x86_64 (arch/x86/include/asm/pgtable_64_types.h) and an
 * exclusive bound on 32-bit arches; {@link #vmallocEndExclusive()} says which.
 */
public record Layout(
        long pageOffset,          // direct map base (PAGE_OFFSET / page_offset_base)
        long directMapEnd,        // exclusive end of the direct-map window
        long vmallocStart,
        long vmallocEnd,
        boolean vmallocEndExclusive,
        long vmemmapStart,        // 0 without SPARSEMEM_VMEMMAP
        long kernelMapStart,      // __START_KERNEL_map (x86_64); PAGE_OFFSET on 32-bit
        long kernelImageSize,     // KERNEL_IMAGE_SIZE
        long modulesVaddr,
        long modulesEnd,
        long fixaddrStart,
        long fixaddrTop,
        long pkmapBase,           // 0 on 64-bit
        int lastPkmap,            // 0 on 64-bit
        long userTop,             // TASK_SIZE (exclusive)
        long mmapBase,            // where top-down mmap starts (exclusive)
        long lowmemLimit          // physical address (exclusive) where lowmem ends at the latest: RAM below it is
                                  // direct-mapped (i386 MAXMEM, ARM arm_lowmem_limit's bound, x86_64 1 << MAX_PHYSMEM_BITS);
                                  // PHYS_OFFSET + the `lowmem-limit` size on ARM
) {
    /** is_vmalloc_addr(): VMALLOC_START <= x < VMALLOC_END (mm/vmalloc.c). */
    public boolean isVmalloc(long va) {
        return Long.compareUnsigned(va, vmallocStart) >= 0 && Long.compareUnsigned(va, vmallocEnd) < 0;
    }
}
