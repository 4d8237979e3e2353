package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.trace.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * x86_64 with 4-level or 5-level paging. Layout: Documentation/arch/x86/x86_64/mm.rst,
 * arch/x86/include/asm/page_64_types.h, arch/x86/include/asm/pgtable_64_types.h,
 * arch/x86/include/asm/fixmap.h. Conversions: arch/x86/include/asm/page_64.h
 * (__phys_addr_nodebug), arch/x86/mm/physaddr.c (__virt_addr_valid).
 */
public final class X86_64 implements Arch {
    public static final long START_KERNEL_MAP = 0xffffffff80000000L;
    /** KERNEL_IMAGE_SIZE with CONFIG_RANDOMIZE_BASE (distribution kernels): 1 GiB. */
    public static final long KERNEL_IMAGE_SIZE = 1L << 30;
    public static final long MODULES_END = 0xffffffffff000000L;
    /** FIXADDR_TOP = round_up(VSYSCALL_ADDR + PAGE_SIZE, PMD_SIZE) - PAGE_SIZE. */
    public static final long FIXADDR_TOP = 0xffffffffff7ff000L;
    /**
     * FIXADDR_SIZE = __end_of_permanent_fixed_addresses << PAGE_SHIFT
     * (arch/x86/include/asm/fixmap.h, x86_64): VSYSCALL_PAGE = (FIXADDR_TOP - VSYSCALL_ADDR)
     * >> PAGE_SHIFT = 511, then FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_OHCI1394_BASE
     * (PROVIDE_OHCI1394_DMA_INIT), FIX_APIC_BASE, FIX_IO_APIC_BASE_0 .. +MAX_IO_APICS (128) - 1,
     * FIX_PARAVIRT_BOOTMAP (PARAVIRT_XXL), FIX_APEI_GHES_IRQ, FIX_APEI_GHES_NMI: 647 slots for a
     * distribution configuration, so FIXADDR_START = 0xffffffffff578000. Config-dependent.
     */
    public static final long FIXADDR_SIZE = 647L * 4096;
    /**
     * 2.6.32 (arch/x86/include/asm/fixmap.h, asm/vsyscall.h at v2.6.32): FIXADDR_TOP =
     * VSYSCALL_END - PAGE_SIZE with VSYSCALL_END = -2UL << 20. The x86_64 enum starts with the
     * vsyscall pages VSYSCALL_LAST_PAGE .. VSYSCALL_FIRST_PAGE = (VSYSCALL_END - VSYSCALL_START)
     * >> PAGE_SHIFT - 1 (VSYSCALL_START = -10UL << 20: 2048 pages), VSYSCALL_HPET, then as in 6.x
     * FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_OHCI1394_BASE, FIX_APIC_BASE, 128 IO-APIC slots,
     * FIX_PARAVIRT_BOOTMAP, and FIX_TEXT_POKE1 / FIX_TEXT_POKE0: 2184 slots with the same
     * configuration as {@link #FIXADDR_SIZE}.
     */
    public static final long FIXADDR_TOP_2632 = (-2L << 20) - 4096, FIXADDR_SIZE_2632 = 2184L * 4096;
    static final long PUD_SIZE = 1L << 30, PMD_SIZE = 1L << 21, PAGE_SIZE = 4096;

    private final boolean la57;
    private final PagingMode paging;
    private final Layout layout;
    private final long physBase, textVa;
    private final KernelProfile profile;
    private final long imageSize;
    /** CONFIG_PHYSICAL_START. */
    public static final long PHYSICAL_START = 16L << 20;

    public X86_64(MachineSpec spec) {
        KernelProfile kp = KernelProfile.byVersion(spec.kernel());
        profile = kp == null ? KernelProfile.V6_12 : kp;
        la57 = "5-level".equals(spec.paging());
        List<PageTableLevel> lv = List.of(
                new PageTableLevel("pgd", la57 ? 48 : 39, 512, 8, false, false),
                new PageTableLevel("p4d", 39, la57 ? 512 : 1, 8, !la57, false),
                new PageTableLevel("pud", 30, 512, 8, false, true),
                new PageTableLevel("pmd", 21, 512, 8, false, true),
                new PageTableLevel("pte", 12, 512, 8, false, true));
        paging = new PagingMode(la57 ? "5-level" : "4-level", lv,
                new X86Entry(PagingMode.PUD, PagingMode.PMD, PagingMode.PTE, !profile.atLeast(3, 0)), la57 ? 57 : 48);
        // __PAGE_OFFSET_BASE_L4/L5, __VMALLOC_BASE_L4/L5, __VMEMMAP_BASE_L4/L5
        // 2.6.32 arch/x86/include/asm/page_64_types.h: __PAGE_OFFSET 0xffff880000000000 (the LDT remap
        // hole below 0xffff888000000000 came with PTI in 4.15)
        boolean v2632 = !profile.atLeast(3, 0);
        long pageOffset = la57 ? 0xff11000000000000L : v2632 ? 0xffff880000000000L : 0xffff888000000000L;
        // KERNEL_IMAGE_SIZE: 1 GiB with RANDOMIZE_BASE (6.x distributions), 512 MiB in 2.6.32, so
        // MODULES_VADDR = __START_KERNEL_map + KERNEL_IMAGE_SIZE = 0xffffffffa0000000 there
        imageSize = v2632 ? 512L << 20 : KERNEL_IMAGE_SIZE;
        long vmallocStart = la57 ? 0xffa0000000000000L : 0xffffc90000000000L;
        long vmallocSizeTb = la57 ? 12800 : 32;            // VMALLOC_SIZE_TB_L5 / _L4
        long vmemmap = la57 ? 0xffd4000000000000L : 0xffffea0000000000L;
        long virtOffset = 0;
        long directSize = la57 ? (32L << 50) : (64L << 40);
        if (!v2632 && (spec.kaslrSeed() != null || spec.kaslrBases() != null)) {
            // CONFIG_RANDOMIZE_MEMORY: see X86Kaslr
            long maxPfn = 0;
            for (MachineSpec.Ram r : spec.ram()) maxPfn = Math.max(maxPfn, (r.end() + 1) >>> 12);
            long[] sizeTb = X86Kaslr.sizesTb(la57, maxPfn, structPageSize());
            MachineSpec.KaslrBases given = spec.kaslrBases();
            X86Kaslr.Bases b = given != null
                    ? new X86Kaslr.Bases(given.pageOffsetBase(), given.vmallocBase(), given.vmemmapBase())
                    : X86Kaslr.randomize(spec.kaslrSeed(), la57, maxPfn, structPageSize());
            pageOffset = b.pageOffsetBase();
            directSize = sizeTb[0] << 40;                   // physmem_end = __pa(end of the region)
            vmallocStart = b.vmallocBase();
            vmemmap = b.vmemmapBase();
        }
        if (!v2632) {
            // CONFIG_RANDOMIZE_BASE: _text given as a dump shows it, or the decompressor's
            // find_random_virt_addr() with its own "Virtual" draw derived from the seed
            if (spec.kaslrText() != null) {
                virtOffset = spec.kaslrText() - START_KERNEL_MAP - PHYSICAL_START;
            } else if (spec.kaslrSeed() != null && spec.kaslrBases() == null) {
                virtOffset = X86Kaslr.textOffset(X86Kaslr.virtualDraw(spec.kaslrSeed()), KERNEL_IMAGE_SIZE, spec.kernelImageSize())
                        - PHYSICAL_START;
            }
        }
        // _text = __START_KERNEL_map + CONFIG_PHYSICAL_START (16 MiB) + KASLR offset;
        // phys_base = (physical _text) - (_text - __START_KERNEL_map)
        textVa = START_KERNEL_MAP + PHYSICAL_START + virtOffset;
        physBase = spec.kernelImageAt() - (textVa - START_KERNEL_MAP);
        long userTop = la57 ? (1L << 56) - PAGE_SIZE : (1L << 47) - PAGE_SIZE;  // TASK_SIZE_MAX
        long defaultMapWindow = (1L << 47) - PAGE_SIZE;    // DEFAULT_MAP_WINDOW caps default mmaps
        // arch/x86/mm/mmap.c mmap_base(): gap = clamp(8 MiB stack + guard, 128 MiB, ...) = 128 MiB
        long mmapBase = defaultMapWindow - (128L << 20);
        layout = new Layout(pageOffset, pageOffset + directSize,
                vmallocStart, vmallocStart + (vmallocSizeTb << 40) - 1, false,
                vmemmap, START_KERNEL_MAP, imageSize,
                START_KERNEL_MAP + imageSize, MODULES_END,
                v2632 ? FIXADDR_TOP_2632 - FIXADDR_SIZE_2632 : FIXADDR_TOP - FIXADDR_SIZE,
                v2632 ? FIXADDR_TOP_2632 : FIXADDR_TOP, 0, 0, userTop, mmapBase,
                1L << (la57 ? 52 : 46));
    }

    @Override public String name() { return "x86_64"; }
    @Override public PagingMode paging() { return paging; }
    @Override public Layout layout() { return layout; }
    @Override public int wordBytes() { return 8; }
    /**
     * sizeof(struct page): 64 in 6.x (flags, five-word union, _mapcount/_refcount, memcg_data;
     * include/linux/mm_types.h). 2.6.32 (include/linux/mm_types.h at v2.6.32, no
     * WANT_PAGE_VIRTUAL or KMEMCHECK): flags 8, _count 4, _mapcount 4, {private, mapping} 16,
     * index 8, lru 16 = 56, so vmemmap + pfn steps by 56.
     */
    @Override public int structPageSize() { return profile.atLeast(3, 0) ? 64 : 56; }
    @Override public MemoryModelKind defaultMemoryModel() { return MemoryModelKind.SPARSEMEM_VMEMMAP; }
    @Override public int sectionSizeBits() { return 27; }
    /** MAX_PHYSMEM_BITS = pgtable_l5_enabled() ? 52 : 46 (arch/x86/include/asm/sparsemem.h). */
    @Override public int maxPhysmemBits() { return la57 ? 52 : 46; }
    @Override public long archPfnOffset() { return 0; }
    public long physBase() { return physBase; }
    public boolean la57() { return la57; }

    /** arch/x86/mm/init.c zone_sizes_init: MAX_DMA_PFN (16 MiB), MAX_DMA32_PFN (4 GiB), max_low_pfn. */
    @Override public List<ZoneSpec> defaultZones() {
        return List.of(ZoneSpec.until("DMA", 16L << 20), ZoneSpec.until("DMA32", 4L << 30), ZoneSpec.rest("Normal"));
    }

    @Override public long pa(long x, Trace t) {
        long y = x - START_KERNEL_MAP;
        long r;
        if (Long.compareUnsigned(x, y) > 0) {   // x >= __START_KERNEL_map: kernel image
            r = y + physBase;
            if (t.enabled()) t.formula(String.format("__pa(0x%x) = x - __START_KERNEL_map + phys_base = 0x%x - 0x%x + 0x%x = 0x%x",
                    x, x, START_KERNEL_MAP, physBase, r));
        } else {
            r = x - layout.pageOffset();
            if (t.enabled()) t.formula(String.format("__pa(0x%x) = x - PAGE_OFFSET = 0x%x - 0x%x = 0x%x",
                    x, x, layout.pageOffset(), r));
        }
        return r;
    }

    @Override public long paSymbol(long x, Trace t) {
        long r = x - START_KERNEL_MAP + physBase;
        if (t.enabled()) t.formula(String.format("__pa_symbol(0x%x) = x - __START_KERNEL_map + phys_base = 0x%x", x, r));
        return r;
    }

    @Override public long va(long pa, Trace t) {
        long r = pa + layout.pageOffset();
        if (t.enabled()) t.formula(String.format("__va(0x%x) = pa + PAGE_OFFSET = 0x%x", pa, r));
        return r;
    }

    /** arch/x86/mm/physaddr.c __virt_addr_valid, without the final pfn_valid(). */
    @Override public boolean linearAddress(long x) {
        long y = x - START_KERNEL_MAP;
        if (Long.compareUnsigned(x, y) > 0) return Long.compareUnsigned(y, imageSize) < 0;
        long p = y + (START_KERNEL_MAP - layout.pageOffset());
        if (Long.compareUnsigned(p, y) > 0) return false;          // x < PAGE_OFFSET
        return (p >>> physBits()) == 0;                             // phys_addr_valid()
    }

    /** Bits [63:47] (or [63:56]) equal bit 47 (56). */
    @Override public boolean isCanonical(long va) {
        int bits = paging.vaBits();
        return (va << (64 - bits)) >> (64 - bits) == va;
    }

    @Override public int kernelPgdBoundary() { return 256; }

    /**
     * arch/x86/mm/init.c split_mem_range(): 4K up to the first 2M boundary, 2M up to the
     * first 1G boundary, 1G pages (with gbpages) up to the last 1G boundary, then 2M, then 4K.
     */
    @Override public List<MapChunk> directMapChunks(long pa, long end, boolean gbpages) {
        List<MapChunk> out = new ArrayList<>();
        long po = layout.pageOffset();
        long s = pa;
        long s2m = Math.min(roundUp(s, PMD_SIZE), end);
        add(out, po, s, s2m, PagingMode.PTE);
        s = s2m;
        if (gbpages) {
            long s1g = Math.min(roundUp(s, PUD_SIZE), roundDown(end, PMD_SIZE));
            if (s1g > s) add(out, po, s, s1g, PagingMode.PMD);
            s = Math.max(s, s1g);
            long e1g = roundDown(end, PUD_SIZE);
            if (e1g > s) { add(out, po, s, e1g, PagingMode.PUD); s = e1g; }
        }
        long e2m = roundDown(end, PMD_SIZE);
        if (e2m > s) { add(out, po, s, e2m, PagingMode.PMD); s = e2m; }
        if (end > s) add(out, po, s, end, PagingMode.PTE);
        return out;
    }

    private static void add(List<MapChunk> out, long po, long s, long e, int level) {
        if (e > s) out.add(new MapChunk(po + s, s, e - s, level, Prot.KERNEL));
    }

    /** level2_kernel_pgt: 2 MiB pages from __START_KERNEL_map (arch/x86/kernel/head_64.S). */
    @Override public List<MapChunk> kernelImageChunks(long pa, long size) {
        long s = roundDown(pa, PMD_SIZE), e = roundUp(pa + size, PMD_SIZE);
        return List.of(new MapChunk(START_KERNEL_MAP + s - physBase, s, e - s, PagingMode.PMD, Prot.KERNEL_EXEC));
    }

    @Override public long kernelTextVa(long imagePhys) { return START_KERNEL_MAP + imagePhys - physBase; }

    /** _text. */
    public long textVa() { return textVa; }

    @Override public boolean biosFirstMegabyte() { return true; }

    @Override public String pgdSymbol() { return "init_top_pgt"; }

    /**
     * preallocate_vmalloc_pages() (arch/x86/mm/init_64.c): the level below the pgd for every
     * vmalloc pgd slot, so vmalloc mappings never need syncing into process pgds; and the
     * page table under FIXADDR_TOP, which exists from head_64.S (level1_fixmap_pgt).
     */
    @Override public void preallocateKernelTables(KernelTables tables, Trace t) {
        int below = paging.level(PagingMode.P4D).folded() ? PagingMode.PUD : PagingMode.P4D;
        long span = paging.level(PagingMode.PGD).entrySpan();
        for (long va = layout.vmallocStart(); Long.compareUnsigned(va, layout.vmallocEnd()) < 0; va += span) {
            tables.ensure(va, below);
            if (va + span < va) break;
        }
        tables.ensure(layout.fixaddrTop(), PagingMode.PTE);
    }

    /** ZONE_DEVICE is configured in distribution kernels (CONFIG_ZONE_DEVICE); it exists from 4.3 on. */
    @Override public boolean zoneDevice() { return profile.atLeast(4, 3); }


    @Override public Diagnostic debugVirtual(String fn, long va, String region) { return X86Oops.debugVirtual(fn, va, region); }

    @Override public boolean thpPmd() { return true; }

    /** HPAGE_SHIFT = PMD_SHIFT 21 (arch/x86/include/asm/page_types.h): order 9. */
    @Override public int hugetlbPageOrder() { return 9; }

    @Override public boolean softDirty() { return true; }

    /** THREAD_SIZE_ORDER 2 (16 KiB, arch/x86/include/asm/page_64_types.h since 3.15); 2.6.32: THREAD_ORDER 1. */
    @Override public int threadSizeOrder(KernelProfile profile) { return profile.atLeast(3, 15) ? 2 : 1; }

    /** arch/x86/Kconfig: select HAVE_ARCH_VMAP_STACK if X86_64 (since 4.9; never in 2.6.32). */
    @Override public boolean vmapStack(KernelProfile profile) { return profile.atLeast(4, 9); }

    /**
     * page_fault_oops() (arch/x86/mm/fault.c): headline, the #PF lines, dump_pagetable()
     * "PGD v P4D v PUD v PMD v PTE v" up to the non-present or leaf entry (a folded p4d repeats
     * the pgd: pgd_present() is always 1 on 4-level), then the Oops line.
     */
    @Override public String[] kernelOops(long addr, boolean write, int errorCode, int nr, List<? extends TableEntry> walk, LongUnaryOperator read32) {
        boolean v2632 = !profile.atLeast(3, 0);
        String head = v2632 ? X86Oops.headline2632(addr, 16) : X86Oops.headline(addr, 16);
        StringBuilder sb = new StringBuilder(head).append('\n');
        if (!v2632) X86Oops.pfLines(sb, write, errorCode);             // show_fault_oops's #PF lines (4.19+)
        StringBuilder dump = new StringBuilder();
        for (TableEntry s : walk) {
            dump.append(String.format("%s %x ", dumpName(s.level()), s.raw()));
            // 2.6.32 dump_pagetable has no P4D level
            if (!v2632 && s.level() == PagingMode.PGD && paging.level(PagingMode.P4D).folded()) dump.append(String.format("P4D %x ", s.raw()));
        }
        sb.append(dump.toString().stripTrailing()).append('\n');
        sb.append(X86Oops.dieLine(profile, "Oops", errorCode, nr, true));
        return new String[]{head, sb.toString()};
    }

    static long roundUp(long v, long a) { return (v + a - 1) & -a; }
    static long roundDown(long v, long a) { return v & -a; }
}
