package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Everything that differs between architectures and paging modes. One instance per
 * machine (layout constants depend on the spec: paging mode, KASLR, page-offset,
 * lowmem-limit). Generic code (memblock, buddy, memory models, walker, slab, vmalloc,
 * processes, the boot phases) only talks to this interface and never asks which arch it
 * has: a difference is a method here (with the common answer as the default) that the
 * arch classes override. {@link Arches} creates instances by name.
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

    // ------------------------------------------------------------------ boot

    /**
     * x86: the first MiB holds the BIOS data and real-mode code. Page 0 is trimmed unless the
     * profile keeps it (trim_bios_range, arch/x86/kernel/setup.c), the first MiB is reserved on
     * 5.13+ (reserve_real_mode, arch/x86/realmode/init.c) and init_mem_mapping() maps
     * [0, ISA_END_ADDRESS) before the rest of RAM (arch/x86/mm/init.c).
     */
    default boolean biosFirstMegabyte() { return false; }

    /** The symbol of init_mm's top-level table: swapper_pg_dir (init_top_pgt on x86_64). */
    default String pgdSymbol() { return "swapper_pg_dir"; }

    /**
     * Physical address of swapper_pg_dir when the arch places it outside the image's bss (ARM:
     * the 16 KiB below the kernel, reserved by arm_memblock_init()), or -1.
     */
    default long swapperPgDirBelowImage(long imagePhys) { return -1; }

    /** The pgd's allocation order: pgd_alloc() takes 2^order pages (2 on ARM: 16 KiB, arch/arm/mm/pgd.c). */
    default int pgdOrder() { return 0; }

    /**
     * 2.6 x86_32 with bootmem: find_early_table_space() places the early page tables bottom-up
     * from this address (arch/x86/mm/init.c), so they do not take the bootmem goal; -1 = the
     * boot allocator's usual placement.
     */
    default long bootmemEarlyTables() { return -1; }

    /**
     * The kernel page tables that exist before any process pgd is cloned from init_mm, so that
     * every process shares them (x86_64 preallocate_vmalloc_pages and the fixmap table; 32-bit:
     * page_table_range_init). Nothing by default.
     */
    default void preallocateKernelTables(KernelTables tables, Trace t) { }

    /** CONFIG_ZONE_DEVICE in the modelled configuration: MAX_NR_ZONES counts ZONE_DEVICE. */
    default boolean zoneDevice() { return false; }


    // ------------------------------------------------------------------ lowmem and highmem

    /**
     * Physical address of the first frame without a linear address (max_low_pfn << PAGE_SHIFT,
     * arm_lowmem_limit). 64-bit arches map all RAM: no limit.
     */
    default long lowmemEnd() { return Long.MAX_VALUE; }

    /** PHYS_OFFSET: physical address of the start of RAM (ARM; 0 on x86). */
    default long physOffset() { return 0; }

    /** high_memory: the virtual address just above the direct map of lowmem. */
    default long highMemory() { return layout().directMapEnd(); }

    /** The fixmap holding the kmap_atomic / kmap_local slots (32-bit arches), else null. */
    default Fixmap fixmap() { return null; }

    /**
     * ARCH_NEEDS_KMAP_HIGH_GET (arch/arm/include/asm/highmem.h): kmap_atomic / kmap_local_page
     * of a page that has a pkmap address reuse it through kmap_high_get().
     */
    default boolean kmapHighGet() { return false; }

    /**
     * CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY (selected by ARM's HIGHMEM, arch/arm/Kconfig, since
     * 6.0): the kmap slot ptes are not one array, so mm/highmem.c
     * kmap_get_pte() looks up the pte of the address itself.
     */
    default boolean kmapLocalNonLinearPteArray() { return false; }

    /** 2.6.32's enum km_type of this arch: the fixed kmap_atomic slot types, KM_TYPE_NR = its size. */
    default java.util.List<String> kmTypes2632() { return KmTypes.GENERIC; }

    // ------------------------------------------------------------------ run time

    /** __pa(va) describes the frame behind {@code va}: a linear address (32-bit: also below high_memory). */
    default boolean paMeaningful(long va) { return linearAddress(va); }

    /**
     * What CONFIG_DEBUG_VIRTUAL reports when __pa() / virt_to_page() get a non-linear address
     * {@code va} (in {@code region}) in kernel function {@code fn}.
     */
    Diagnostic debugVirtual(String fn, long va, String region);

    /**
     * dma_alloc_coherent() remaps the buffer uncached in the vmalloc area (ARM __dma_alloc ->
     * dma_common_contiguous_remap, arch/arm/mm/dma-mapping.c); elsewhere it is direct-map memory.
     */
    default boolean dmaCoherentRemap() { return false; }

    /** pmd_trans_huge() can be true in this paging mode (transparent huge pages at the pmd: x86 PAE and 64-bit). */
    default boolean thpPmd() { return false; }

    /**
     * HUGETLB_PAGE_ORDER = HPAGE_SHIFT - PAGE_SHIFT of a CONFIG_HUGETLB_PAGE kernel, or -1 where
     * the arch has no huge pages (32-bit ARM without LPAE: ARCH_SUPPORTS_HUGETLBFS needs ARM_LPAE,
     * arch/arm/Kconfig). It decides pageblock_order (include/linux/pageblock-flags.h).
     */
    default int hugetlbPageOrder() { return -1; }

    /**
     * THREAD_SIZE_ORDER: kernel stacks are PAGE_SIZE << order bytes. 1 (8 KiB) on i386
     * (arch/x86/include/asm/page_32_types.h), ARM (arch/arm/include/asm/thread_info.h) and 2.6.32
     * x86_64 (THREAD_ORDER 1).
     */
    default int threadSizeOrder(KernelProfile profile) { return 1; }

    /** HAVE_ARCH_SOFT_DIRTY (arch/x86/Kconfig: if X86_64): CONFIG_MEM_SOFT_DIRTY can be set. */
    default boolean softDirty() { return false; }

    /**
     * Physical load address of the kernel image: the spec's `kernel-image at`, by default 16 MiB
     * (x86 CONFIG_PHYSICAL_START).
     */
    default long kernelImageAt(MachineSpec spec) { return spec.kernelImageAt(); }

    /**
     * KMALLOC_MIN_SIZE (include/linux/slab.h): ARCH_KMALLOC_MINALIGN when it is above 8, which an
     * arch gets from an ARCH_DMA_MINALIGN above 8; else 8 (x86 defines no ARCH_DMA_MINALIGN).
     */
    default int kmallocMinSize(KernelProfile profile) { return 8; }

    /** HAVE_ARCH_VMAP_STACK: whether CONFIG_VMAP_STACK can put kernel stacks in vmalloc space. */
    default boolean vmapStack(KernelProfile profile) { return false; }

    /** THREAD_ALIGN of a vmapped stack (include/linux/thread_info.h default: THREAD_SIZE). */
    default long threadAlign(KernelProfile profile) { return 4096L << threadSizeOrder(profile); }

    /**
     * PREALLOCATED_PMDS (arch/x86/mm/pgtable.c): pmd tables pgd_alloc() creates for the user half
     * up front, one per user pgd entry (i386 PAE: the CPU loads the four PDPT entries with CR3).
     */
    default int preallocatedPmds() { return 0; }

    /**
     * The oops a kernel-mode fault at {@code addr} prints (the arch's page_fault_oops /
     * __do_kernel_fault with its page-table dump), as {headline, full text}.
     *
     * @param errorCode the x86 page-fault error code (P, W, U bits)
     * @param nr        this oops's number ([#nr])
     * @param walk      the entries the walk of {@code addr} read, top level first
     * @param read32    reads a 32-bit word of physical memory (for hardware words beside the entries)
     */
    String[] kernelOops(long addr, boolean write, int errorCode, int nr, List<? extends TableEntry> walk, LongUnaryOperator read32);
}
