package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;

/**
 * Everything that differs between architectures and paging modes. One instance per
 * machine (layout constants depend on the spec: paging mode, KASLR, page-offset,
 * lowmem-limit). Generic code (memblock, buddy, memory models, walker, slab, vmalloc,
 * processes) only talks to this interface; {@link Arches} creates instances by name.
 * i386 and ARM add their own implementations beside {@link X86_64}.
 */
public interface Arch {
    String name();

    PagingMode paging();

    Layout layout();

    /** sizeof(unsigned long): 8 on 64-bit, 4 on 32-bit. */
    int wordBytes();

    /** sizeof(struct page): 64 on x86_64, 32 on 32-bit arches (MEMCG off there). */
    int structPageSize();

    MemoryModelKind defaultMemoryModel();

    /** SECTION_SIZE_BITS (arch/x86/include/asm/sparsemem.h: 27 on x86_64). */
    int sectionSizeBits();

    /** MAX_PHYSMEM_BITS. */
    int maxPhysmemBits();

    /** Bits of physical address the CPU implements (boot_cpu_data.x86_phys_bits). */
    default int physBits() { return maxPhysmemBits(); }

    /** FLATMEM's ARCH_PFN_OFFSET (0 on x86, PHYS_PFN_OFFSET on ARM). */
    long archPfnOffset();

    /** The zones `zones default` means (arch/x86/mm/init.c zone_sizes_init etc.). */
    List<ZoneSpec> defaultZones();

    /** Zone index names the language exposes as ZONE_xxx constants, in enum order. */
    default List<String> zoneEnumNames() { return List.of("DMA", "DMA32", "Normal", "Movable"); }

    /** __pa(x) / virt_to_phys(x): pure arithmetic, never a table walk. */
    long pa(long va, Trace t);

    /** __pa_symbol(x): the kernel-image branch only. */
    long paSymbol(long va, Trace t);

    /** __va(pa) / phys_to_virt(pa). */
    long va(long pa, Trace t);

    /**
     * The address-range part of virt_addr_valid() (arch/x86/mm/physaddr.c): true when
     * {@code va} lies where __pa() is meaningful; the caller adds pfn_valid().
     */
    boolean linearAddress(long va);

    /** Canonical-address rule (x86_64); always true on 32-bit arches. */
    boolean isCanonical(long va);

    /** True for addresses in the user half (below TASK_SIZE). */
    default boolean isUserAddress(long va) { return Long.compareUnsigned(va, layout().userTop()) < 0; }

    /** Index of the first kernel-half pgd entry (KERNEL_PGD_BOUNDARY / pgd_index(PAGE_OFFSET)). */
    int kernelPgdBoundary();

    /**
     * How the direct map covers RAM range [pa, end): the largest pages that fit
     * (x86_64: 4K head, 2M, 1G with gbpages, 2M, 4K tail - arch/x86/mm/init.c split_mem_range).
     */
    List<MapChunk> directMapChunks(long pa, long end, boolean gbpages);

    /** How the kernel image [pa, pa+size) is mapped in the kernel text map. */
    List<MapChunk> kernelImageChunks(long pa, long size);

    /** Virtual address of the kernel image's first byte (_text). */
    long kernelTextVa(long imagePhys);

    /** Page-table dump names in oops text ("PGD", "P4D", ...). */
    default String dumpName(int level) { return paging().level(level).name().toUpperCase(); }
}
