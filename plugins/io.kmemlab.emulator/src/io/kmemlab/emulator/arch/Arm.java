package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * 32-bit ARM (ARMv7, short descriptors, no LPAE).
 *
 * <ul>
 * <li>Paging: Linux's folded view of the 2-level hardware format ({@link ArmEntry}):
 *     pgd 2048 x 8 bytes (PGDIR_SHIFT 21), p4d/pud/pmd folded, pte 512 x 4 bytes
 *     (arch/arm/include/asm/pgtable-2level.h). The pgd is 16 KiB (4 pages, 16 KiB aligned).</li>
 * <li>Conversions (arch/arm/include/asm/memory.h): {@code __virt_to_phys(x) = x - PAGE_OFFSET +
 *     PHYS_OFFSET}, {@code __phys_to_virt(x) = x - PHYS_OFFSET + PAGE_OFFSET}, ARCH_PFN_OFFSET =
 *     PHYS_PFN_OFFSET; {@code virt_addr_valid(x) = x >= PAGE_OFFSET && x < high_memory &&
 *     pfn_valid(virt_to_pfn(x))}.</li>
 * <li>Lowmem (arch/arm/mm/mmu.c): vmalloc_min = VMALLOC_END - (240 MiB) - VMALLOC_OFFSET;
 *     arm_lowmem_limit = min(end of RAM, __pa(vmalloc_min - 1) + 1): with VMALLOC_END
 *     0xff800000 that is 768 MiB of lowmem. 2.6.32 (sanity_check_meminfo): VMALLOC_MIN =
 *     VMALLOC_END - 128 MiB (vmalloc_reserve), with VMALLOC_END 0xff000000 880 MiB of lowmem.
 *     high_memory = __va(arm_lowmem_limit - 1) + 1.</li>
 * <li>Layout (arch/arm/include/asm/pgtable.h, highmem.h, memory.h, fixmap.h):
 *     VMALLOC_START = (high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET-1); PKMAP_BASE =
 *     PAGE_OFFSET - PMD_SIZE, LAST_PKMAP = PTRS_PER_PTE = 512; MODULES_VADDR = PAGE_OFFSET -
 *     16 MiB = TASK_SIZE; fixmap 0xffc80000 .. 0xfff00000 (0xffc00000 before the device-tree
 *     mapping moved to 0xff800000 in 5.11) with FIXADDR_TOP = FIXADDR_END - PAGE_SIZE
 *     and FIX_KMAP_BEGIN = __end_of_permanent_fixed_addresses = 1 (FIX_EARLYCON_MEM_BASE only);
 *     2.6: fixmap 0xfff00000 .. 0xfffe0000, FIX_KMAP_BEGIN 0, indexes growing upwards.</li>
 * <li>Lowmem is mapped with 1 MiB sections (map_lowmem / alloc_init_pmd: a section whenever
 *     addr, next and phys are section aligned), everything else through pte tables.</li>
 * </ul>
 */
public final class Arm implements Arch32 {
    public static final long DEFAULT_PAGE_OFFSET = 0xC0000000L;
    public static final long VMALLOC_OFFSET = 8L << 20;
    public static final long SECTION_SIZE = 1L << 20, PMD_SIZE = 2L << 20;

    private final PagingMode paging;
    private final Layout layout;
    private final Fixmap fixmap;
    private final ArmEntry format;
    private final long pageOffset, physOffset, lowmemEnd;
    private final long imageStart, imageEnd, imagePhys;
    private final boolean old26;                    // kernel 2.6 (2.6.32)
    /** TEXT_OFFSET (arch/arm/Makefile textofs-y 0x00008000): the image starts 32 KiB into RAM. */
    static final long TEXT_OFFSET = 0x8000;

    public Arm(MachineSpec spec) {
        KernelProfile profile = KernelProfile.byVersion(spec.kernel());
        boolean old = profile != null && profile.kmapTypes();
        old26 = old;
        int cpus = Math.max(1, spec.cpus());
        format = new ArmEntry(old, cpus > 1, profile == null || profile.atLeast(6, 3));
        paging = new PagingMode("short", List.of(
                new PageTableLevel("pgd", 21, 2048, 8, false, false),
                new PageTableLevel("p4d", 21, 1, 8, true, false),
                new PageTableLevel("pud", 21, 1, 8, true, false),
                new PageTableLevel("pmd", 21, 1, 4, true, true),
                new PageTableLevel("pte", 12, 512, 4, false, true)), format, 32);
        pageOffset = spec.pageOffset() != null ? spec.pageOffset() : DEFAULT_PAGE_OFFSET;
        long po = Long.MAX_VALUE, ramEnd = 0;
        for (MachineSpec.Ram r : spec.ram()) { po = Math.min(po, r.start()); ramEnd = Math.max(ramEnd, r.end() + 1); }
        physOffset = po == Long.MAX_VALUE ? 0 : po & ~0xfffL;
        long vmallocEnd = old ? 0xff000000L : 0xff800000L;                 // VMALLOC_END
        // vmalloc_min (arch/arm/mm/mmu.c): VMALLOC_END - (240 MiB) - VMALLOC_OFFSET; 2.6.32: VMALLOC_MIN =
        // VMALLOC_END - vmalloc_reserve, the reserve 128 MiB by default
        long vmallocMin = old ? vmallocEnd - (128L << 20) : vmallocEnd - (240L << 20) - VMALLOC_OFFSET;
        long vmallocLimit = vmallocMin - 1 - pageOffset + physOffset + 1;   // __pa(vmalloc_min - 1) + 1
        long limit = spec.lowmemLimit() != null ? physOffset + spec.lowmemLimit() : vmallocLimit;
        lowmemEnd = Math.min(ramEnd & ~0xfffL, limit);                      // arm_lowmem_limit
        long highMemory = lowmemEnd - 1 - physOffset + pageOffset + 1;      // __va(arm_lowmem_limit - 1) + 1
        long vmallocStart = (highMemory + VMALLOC_OFFSET) & -VMALLOC_OFFSET;
        boolean highmemOn = spec.config(ConfigOption.HIGHMEM);
        long pkmapBase = pageOffset - PMD_SIZE;                              // PKMAP_BASE
        long modulesVaddr = pageOffset - (16L << 20);                        // MODULES_VADDR
        long modulesEnd = highmemOn ? pkmapBase : pageOffset;                // MODULES_END
        int slotsPerCpu = old ? KmTypes.ARM.size() : (spec.config(ConfigOption.DEBUG_KMAP_LOCAL) ? 33 : 16);   // KM_TYPE_NR / KM_MAX_IDX
        if (old) fixmap = new Fixmap(0xfffe0000L, 0xfff00000L, true, 0, slotsPerCpu, cpus);
        else fixmap = new Fixmap(0xfff00000L - 4096, 0xffc80000L, false, 1, slotsPerCpu, cpus);   // FIXADDR_START 0xffc80000 since 5.11 (FDT at 0xff800000)
        long userTop = modulesVaddr;                                         // TASK_SIZE = MODULES_VADDR
        long mmapBase = userTop - (128L << 20);                              // arch/arm/mm/mmap.c: MIN_GAP 128 MiB
        layout = new Layout(pageOffset, highMemory, vmallocStart, vmallocEnd, true, 0,
                pageOffset, limit - physOffset, modulesVaddr, modulesEnd,
                fixmap.start(), fixmap.top(), highmemOn ? pkmapBase : 0, highmemOn ? 512 : 0,
                userTop, mmapBase, limit);
        // map_lowmem: kernel_x_start = round_down(__pa(KERNEL_START), SECTION_SIZE), kernel_x_end =
        // round_up(__pa(__init_end), SECTION_SIZE) - text + init, the image's first half in the emulator's model
        imagePhys = kernelImageAt(spec);
        imageStart = imagePhys & -SECTION_SIZE;
        imageEnd = (imagePhys + spec.kernelImageSize() / 2 + SECTION_SIZE - 1) & -SECTION_SIZE;
    }

    @Override public String name() { return "arm"; }
    @Override public PagingMode paging() { return paging; }
    @Override public Layout layout() { return layout; }
    @Override public Fixmap fixmap() { return fixmap; }
    public ArmEntry format() { return format; }
    @Override public long physOffset() { return physOffset; }
    @Override public long lowmemEnd() { return lowmemEnd; }
    @Override public long pgdBytes() { return 16384; }
    @Override public int wordBytes() { return 4; }
    @Override public int structPageSize() { return 32; }
    @Override public MemoryModelKind defaultMemoryModel() { return MemoryModelKind.FLATMEM; }
    /** arch/arm/include/asm/sparsemem.h: SECTION_SIZE_BITS 28, MAX_PHYSMEM_BITS 36. */
    @Override public int sectionSizeBits() { return 28; }
    @Override public int maxPhysmemBits() { return 36; }
    @Override public int physBits() { return 32; }
    /** ARCH_PFN_OFFSET = PHYS_PFN_OFFSET = PHYS_OFFSET >> PAGE_SHIFT. */
    @Override public long archPfnOffset() { return physOffset >>> 12; }

    /** arch/arm/mm/init.c zone_sizes_init: Normal up to max_low, HighMem up to max_high (no ZONE_DMA by default). */
    @Override public List<ZoneSpec> defaultZones() {
        if (layout.pkmapBase() == 0) return List.of(ZoneSpec.until("Normal", layout.lowmemLimit()));
        return List.of(ZoneSpec.until("Normal", layout.lowmemLimit()), ZoneSpec.rest("HighMem"));
    }

    @Override public List<String> zoneEnumNames() { return List.of("Normal", "HighMem", "Movable"); }

    @Override public long pa(long va, Trace t) {
        long r = (va - pageOffset + physOffset) & 0xffffffffL;
        if (t.enabled()) t.formula(String.format("__virt_to_phys(0x%x) = x - PAGE_OFFSET + PHYS_OFFSET = 0x%x - 0x%x + 0x%x = 0x%x",
                va, va, pageOffset, physOffset, r));
        return r;
    }

    @Override public long paSymbol(long va, Trace t) {
        long r = (va - pageOffset + physOffset) & 0xffffffffL;
        if (t.enabled()) t.formula(String.format("__pa_symbol(0x%x) = x - PAGE_OFFSET + PHYS_OFFSET = 0x%x", va, r));
        return r;
    }

    @Override public long va(long pa, Trace t) {
        long r = (pa - physOffset + pageOffset) & 0xffffffffL;
        if (t.enabled()) t.formula(String.format("__phys_to_virt(0x%x) = x - PHYS_OFFSET + PAGE_OFFSET = 0x%x - 0x%x + 0x%x = 0x%x",
                pa, pa, physOffset, pageOffset, r));
        return r;
    }

    /** virt_addr_valid() without pfn_valid(): PAGE_OFFSET <= x < high_memory. */
    @Override public boolean linearAddress(long va) {
        return Long.compareUnsigned(va, pageOffset) >= 0 && Long.compareUnsigned(va, layout.directMapEnd()) < 0;
    }

    @Override public boolean isCanonical(long va) { return (va >>> 32) == 0; }

    /** USER_PTRS_PER_PGD = TASK_SIZE / PGDIR_SIZE: pgd_alloc copies init_mm's entries from there on. */
    @Override public int kernelPgdBoundary() { return (int) (layout.userTop() >>> 21); }

    /**
     * map_lowmem(): sections wherever 1 MiB aligned (leaf level PMD, in units of 1 MiB - the
     * page-table builder writes one hardware word per MiB, the odd one at pmd + 1), pte pages
     * for unaligned edges. MT_MEMORY_RWX over the kernel image's sections, MT_MEMORY_RW (XN)
     * elsewhere.
     */
    @Override public List<MapChunk> directMapChunks(long pa, long end, boolean gbpages) {
        List<MapChunk> out = new ArrayList<>();
        end = Math.min(end, lowmemEnd);
        if (end <= pa) return out;
        long s = pa, secStart = Math.min((pa + SECTION_SIZE - 1) & -SECTION_SIZE, end), secEnd = end & -SECTION_SIZE;
        add(out, s, secStart, PagingMode.PTE);
        if (secEnd > secStart) {
            // split at the kernel image so it gets executable sections
            long a = secStart;
            long[] cuts = {Math.max(secStart, Math.min(imageStart, secEnd)), Math.max(secStart, Math.min(imageEnd, secEnd)), secEnd};
            for (long c : cuts) { if (c > a) { add(out, a, c, PagingMode.PMD); a = c; } }
            s = secEnd;
        } else s = secStart;
        add(out, s, end, PagingMode.PTE);
        return out;
    }

    private void add(List<MapChunk> out, long s, long e, int level) {
        if (e <= s) return;
        // 2.6.32 arch/arm/mm/mmu.c: lowmem is MT_MEMORY (PMD_TYPE_SECT | PMD_SECT_AP_WRITE, no XN) throughout
        boolean text = old26 || (s < imageEnd && e > imageStart);
        out.add(new MapChunk(s - physOffset + pageOffset, s, e - s, level, text ? Prot.KERNEL_EXEC : Prot.KERNEL));
    }

    @Override public List<MapChunk> kernelImageChunks(long pa, long size) { return List.of(); }

    @Override public long kernelTextVa(long imagePhys) { return imagePhys - physOffset + pageOffset; }

    /**
     * The zImage decompressor puts the kernel at PHYS_OFFSET + TEXT_OFFSET (arch/arm/kernel/head.S
     * KERNEL_RAM_VADDR = PAGE_OFFSET + TEXT_OFFSET), wherever RAM starts, unless `kernel-image at` says
     * otherwise.
     */
    @Override public long kernelImageAt(MachineSpec spec) {
        if (spec.kernelImageGiven()) return spec.kernelImageAt();
        long po = Long.MAX_VALUE;
        for (MachineSpec.Ram r : spec.ram()) po = Math.min(po, r.start());
        return (po == Long.MAX_VALUE ? 0 : po & ~0xfffL) + TEXT_OFFSET;
    }

    /**
     * swapper_pg_dir = KERNEL_RAM_VADDR - PG_DIR_SIZE: the 16 KiB below the kernel (arch/arm/kernel/head.S),
     * PHYS_OFFSET + 0x4000 (virtual PAGE_OFFSET + 0x4000) for the default image.
     */
    @Override public long swapperPgDirBelowImage(long imagePhys) { return (imagePhys - pgdBytes()) & -pgdBytes(); }

    /** pgd_alloc(): __get_free_pages(GFP_KERNEL, 2) (arch/arm/mm/pgd.c). */
    @Override public int pgdOrder() { return 2; }

    /** ARMv7 without SMP-with-TLB_V6 defines ARCH_NEEDS_KMAP_HIGH_GET. */
    @Override public boolean kmapHighGet() { return true; }

    /** arch/arm/include/asm/kmap_types.h of 2.6.32: KM_TYPE_NR 14. */
    @Override public List<String> kmTypes2632() { return KmTypes.ARM; }

    /** arch/arm/Kconfig: config HIGHMEM selects KMAP_LOCAL_NON_LINEAR_PTE_ARRAY. */
    @Override public boolean kmapLocalNonLinearPteArray() { return true; }

    /**
     * __virt_to_phys() with CONFIG_DEBUG_VIRTUAL (arch/arm/mm/physaddr.c): WARN(!__virt_addr_valid(x),
     * "virt_to_phys used for non-linear address: %pK (%pS)"), and the formula's result.
     */
    @Override public Diagnostic debugVirtual(String fn, long va, String region) {
        return Diagnostic.of(Diagnostic.Kind.WARN, String.format(
                "WARNING: CPU: 0 PID: 1 at arch/arm/mm/physaddr.c __virt_to_phys: virt_to_phys used for non-linear address: %08x", va));
    }

    @Override public boolean dmaCoherentRemap() { return true; }

    /**
     * __do_kernel_fault() and show_pte() (arch/arm/mm/fault.c): "8<--- cut here ---", "Unable to
     * handle kernel paging request at virtual address ... when read|write", "[addr] *pgd=...,
     * *pte=..., *ppte=..." (pgd_val = the first word of the pair; *ppte the hardware pte at
     * +PTE_HWTABLE_PTRS), "Internal error: Oops: FSR [#n] SMP ARM" with FSR 5 (section
     * translation fault) or 7 (page translation fault), | 0x800 for a write.
     * 2.6.32 (arch/arm/mm/fault.c, arch/arm/kernel/traps.c): no cut line, no "when read|write", a
     * "pgd = %p" line before the entries, and "Internal error: %s: %x [#%d]" S_PREEMPT S_SMP
     * without " ARM".
     */
    @Override public String[] kernelOops(long addr, boolean write, int errorCode, int nr, List<? extends TableEntry> walk, LongUnaryOperator read32) {
        StringBuilder sb = new StringBuilder();
        String what = addr < 4096 ? "NULL pointer dereference" : "paging request";
        String head = old26
                ? String.format("Unable to handle kernel %s at virtual address %08x", what, addr)
                : String.format("Unable to handle kernel %s at virtual address %08x when %s", what, addr, write ? "write" : "read");
        if (!old26) sb.append("8<--- cut here ---\n");
        sb.append(head).append('\n');
        if (old26 && !walk.isEmpty()) {
            // show_pte: printk("pgd = %p\n", mm->pgd) - the pgd's virtual address, entry index addr >> PGDIR_SHIFT (21), 8 bytes each
            long pgdPa = walk.get(0).entryPa() - (addr >>> 21) * 8;
            sb.append(String.format("pgd = %08x%n", (pgdPa - physOffset + pageOffset) & 0xffffffffL));
        }
        int fsr = 5;
        sb.append(String.format("[%08x] *pgd=%08x", addr, walk.isEmpty() ? 0 : walk.get(0).raw() & 0xffffffffL));
        if (!walk.isEmpty()) {
            long l1 = walk.get(0).raw() & 0xffffffffL;
            if (l1 != 0 && format.bad(l1)) sb.append("(bad)");
            else if (l1 != 0) {
                fsr = 7;
                long pte = walk.size() > 1 ? walk.get(1).raw() & 0xffffffffL : 0;
                long hw = walk.size() > 1 ? read32.applyAsLong(format.shadowAddress(PagingMode.PTE, walk.get(1).entryPa())) : 0;
                sb.append(String.format(", *pte=%08x, *ppte=%08x", pte, hw));
            }
        }
        sb.append('\n');
        if (write) fsr |= 0x800;
        sb.append(String.format(old26 ? "Internal error: Oops: %x [#%d] SMP" : "Internal error: Oops: %x [#%d] SMP ARM", fsr, nr));
        return new String[]{head, sb.toString()};
    }

    /**
     * arch/arm/Kconfig: HAVE_ARCH_VMAP_STACK (if MMU and ARM_HAS_GROUP_RELOCS) since 5.17; a
     * vmapped stack is aligned to 2 * THREAD_SIZE (arch/arm/include/asm/thread_info.h THREAD_ALIGN)
     * so that an overflow is one bit test of sp.
     */
    @Override public boolean vmapStack(KernelProfile profile) { return profile.atLeast(5, 17); }

    /**
     * arch/arm/include/asm/cache.h: ARCH_DMA_MINALIGN = L1_CACHE_BYTES, 64 with ARMv7's
     * CONFIG_ARM_L1_CACHE_SHIFT 6, so KMALLOC_MIN_SIZE is 64 in 6.x (include/linux/slab.h): no
     * kmalloc-8 / -16 / -32, and no kmalloc-96 (created only while KMALLOC_MIN_SIZE <= 32).
     * 2.6.32's L1_CACHE_SHIFT depended on the board; its 8 is kept.
     */
    @Override public int kmallocMinSize(KernelProfile profile) { return profile.atLeast(3, 0) ? 64 : 8; }

    @Override public long threadAlign(KernelProfile profile) { return 2 * (4096L << threadSizeOrder(profile)); }

}
