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
 * i386 (3G/1G split) with 2-level (10/10/12, 32-bit entries) or PAE (2/9/9/12, 64-bit
 * entries) paging.
 *
 * <ul>
 * <li>Levels: arch/x86/include/asm/pgtable-2level_types.h (PGDIR_SHIFT 22, PTRS_PER_PGD 1024,
 *     PTRS_PER_PTE 1024, pmd folded) and pgtable-3level_types.h (PGDIR_SHIFT 30, PTRS_PER_PGD 4,
 *     PMD_SHIFT 21, PTRS_PER_PMD 512, PTRS_PER_PTE 512).</li>
 * <li>Conversions: arch/x86/include/asm/page_32.h {@code __phys_addr_nodebug(x) = x - PAGE_OFFSET},
 *     the kernel image lives in the direct map (no phys_base); __virt_addr_valid from
 *     arch/x86/mm/physaddr.c (32-bit variant).</li>
 * <li>Lowmem: MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (128 MiB)
 *     (arch/x86/include/asm/pgtable_32_areas.h in 6.x, pgtable_32_types.h in 2.6.32; the 896 MiB of
 *     textbooks is the pre-2.6.27 -PAGE_OFFSET - __VMALLOC_RESERVE), unless {@code lowmem-limit} is
 *     set; max_low_pfn = min(max_pfn, MAXMEM_PFN) (arch/x86/mm/init_32.c find_low_pfn_range).</li>
 * <li>Layout: arch/x86/include/asm/pgtable_32_areas.h (6.x: PKMAP_BASE below the LDT remap and
 *     the cpu_entry_area) and, for the 2.6 profile, pgtable_32_types.h of 2.6.32
 *     (PKMAP_BASE = (FIXADDR_BOOT_START - PAGE_SIZE*(LAST_PKMAP+1)) & PMD_MASK);
 *     VMALLOC_START = high_memory + VMALLOC_OFFSET (8 MiB), VMALLOC_END = PKMAP_BASE - 2 pages.</li>
 * <li>Fixmap: arch/x86/include/asm/fixmap.h with FIXADDR_TOP = 0xfffff000
 *     (arch/x86/mm/pgtable_32.c __FIXADDR_TOP). The enum is modelled for a typical config:
 *     FIX_HOLE, (2.6: FIX_VDSO,) FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE,
 *     FIX_IO_APIC_BASE_0..63 (MAX_IO_APICS 64 on 32-bit), FIX_KMAP_BEGIN..END, FIX_PCIE_MCFG
 *     (2.6: FIX_TEXT_POKE1/0), then the boot-time FIX_BTMAP slots; CPU_ENTRY_AREA_PAGES NR_CPUS * 43
 *     (+1 for the read-only IDT page). The exact values depend on
 *     the kernel config (kernel-semantics.md 10.8); the formulas are the kernel's.</li>
 * </ul>
 */
public final class I386 implements Arch32 {
    public static final long DEFAULT_PAGE_OFFSET = 0xC0000000L;
    /** __VMALLOC_RESERVE (arch/x86/mm/pgtable_32.c). */
    public static final long VMALLOC_RESERVE = 128L << 20;
    /** VMALLOC_OFFSET (arch/x86/include/asm/pgtable_32_areas.h). */
    public static final long VMALLOC_OFFSET = 8L << 20;
    public static final long FIXADDR_TOP = 0xfffff000L;
    /** MAX_IO_APICS for CONFIG_X86_32 (arch/x86/include/asm/apicdef.h). */
    static final int MAX_IO_APICS = 64;
    /** CPU_ENTRY_AREA_PAGES = NR_CPUS * 43 (arch/x86/include/asm/pgtable_32_areas.h, an upper bound on sizeof(struct cpu_entry_area)). */
    static final int CEA_PAGES_PER_CPU = 43;
    static final long PAGE_SIZE = 4096;

    private final boolean pae;
    private final KernelProfile profile;
    private final PagingMode paging;
    private final Layout layout;
    private final Fixmap fixmap;
    private final long pmdSize, lowmemEnd, pageOffset;
    private final long textStart, textEnd;            // is_kernel_text(): _text .. __init_end (the image's first half here)

    public I386(MachineSpec spec) {
        pae = "pae".equalsIgnoreCase(spec.paging());
        KernelProfile kp = KernelProfile.byVersion(spec.kernel());
        profile = kp == null ? KernelProfile.V6_12 : kp;
        boolean old = profile.kmapTypes();
        pageOffset = spec.pageOffset() != null ? spec.pageOffset() : DEFAULT_PAGE_OFFSET;
        if (pae) {
            paging = new PagingMode("pae", List.of(
                    new PageTableLevel("pgd", 30, 4, 8, false, false),
                    new PageTableLevel("p4d", 30, 1, 8, true, false),
                    new PageTableLevel("pud", 30, 1, 8, true, false),
                    new PageTableLevel("pmd", 21, 512, 8, false, true),
                    new PageTableLevel("pte", 12, 512, 8, false, true)), new PaeEntry(), 32);
        } else {
            paging = new PagingMode("2-level", List.of(
                    new PageTableLevel("pgd", 22, 1024, 4, false, false),
                    new PageTableLevel("p4d", 22, 1, 4, true, false),
                    new PageTableLevel("pud", 22, 1, 4, true, false),
                    new PageTableLevel("pmd", 22, 1, 4, true, true),
                    new PageTableLevel("pte", 12, 1024, 4, false, true)), new I386Entry(), 32);
        }
        pmdSize = pae ? 2L << 20 : 4L << 20;
        int lastPkmap = pae ? 512 : 1024;                    // LAST_PKMAP (arch/x86/include/asm/highmem.h)
        int cpus = Math.max(1, spec.cpus());
        // ---- fixmap enum (modelled, see class comment) ----
        int slotsPerCpu = old ? KmTypes.GENERIC.size() : (spec.config(io.kmemlab.emulator.spec.ConfigOption.DEBUG_KMAP_LOCAL) ? 33 : 16);
        int idx = 1;                                         // FIX_HOLE
        if (old) idx++;                                      // FIX_VDSO (2.6)
        idx += 3;                                            // FIX_DBGP_BASE (EARLY_PRINTK_DBGP), FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE
        idx += MAX_IO_APICS;                                 // FIX_IO_APIC_BASE_0 .. _END
        int kmapBegin = idx;
        idx += slotsPerCpu * cpus;                           // FIX_KMAP_BEGIN .. FIX_KMAP_END
        idx += old ? 3 : 1;                                  // FIX_PCIE_MCFG (2.6: + FIX_TEXT_POKE1, FIX_TEXT_POKE0)
        int permanentEnd = idx;                              // __end_of_permanent_fixed_addresses
        fixmap = new Fixmap(FIXADDR_TOP, FIXADDR_TOP - ((long) permanentEnd << 12), false, kmapBegin, slotsPerCpu, cpus);
        // boot-time ioremap slots: NR_FIX_BTMAPS 64 * FIX_BTMAPS_SLOTS (2.6: 4, 6.x: 8)
        int totalBtmaps = 64 * (old ? 4 : 8);
        int ptrsPerPte = pae ? 512 : 1024;
        int btmapEnd, endOfFixed;
        if (old) {
            // 2.6.32 arch/x86/include/asm/fixmap.h: FIX_BTMAP_END = __end_of_permanent_fixed_addresses + 256 -
            // (__end_of_permanent_fixed_addresses & 255), always rounded up to the next 256 slots;
            // FIX_BTMAP_BEGIN = FIX_BTMAP_END + NR_FIX_BTMAPS*FIX_BTMAPS_SLOTS - 1, then FIX_WP_TEST (X86_32)
            btmapEnd = permanentEnd + 256 - (permanentEnd & 255);
            endOfFixed = btmapEnd + totalBtmaps + 1;         // FIX_BTMAP_BEGIN + 1 + FIX_WP_TEST = __end_of_fixed_addresses
        } else {
            // 6.x fixmap.h: FIX_BTMAP_END rounded only when the slots would cross a page-table boundary
            btmapEnd = ((permanentEnd ^ (permanentEnd + totalBtmaps - 1)) & -ptrsPerPte) != 0
                    ? permanentEnd + totalBtmaps - (permanentEnd & (totalBtmaps - 1)) : permanentEnd;
            endOfFixed = btmapEnd + totalBtmaps;             // FIX_BTMAP_BEGIN + 1 = __end_of_fixed_addresses
        }
        long fixaddrTotStart = FIXADDR_TOP - ((long) endOfFixed << 12);
        long pmdMask = -pmdSize;
        boolean highmemOn = spec.config(io.kmemlab.emulator.spec.ConfigOption.HIGHMEM);
        long pkmapBase, ldtBase = 0;
        if (old) {
            // 2.6.32 pgtable_32_types.h: PKMAP_BASE = (FIXADDR_BOOT_START - PAGE_SIZE*(LAST_PKMAP + 1)) & PMD_MASK
            pkmapBase = (fixaddrTotStart - PAGE_SIZE * (lastPkmap + 1)) & pmdMask;
        } else {
            // pgtable_32_areas.h: CPU_ENTRY_AREA_BASE, LDT_BASE_ADDR, PKMAP_BASE, each PMD-aligned below the previous
            long ceaPages = (long) cpus * CEA_PAGES_PER_CPU;
            long ceaBase = (fixaddrTotStart - PAGE_SIZE * (ceaPages + 1)) & pmdMask;
            ldtBase = (ceaBase - PAGE_SIZE) & pmdMask;
            pkmapBase = (ldtBase - PAGE_SIZE) & pmdMask;
        }
        // VMALLOC_END: PKMAP_BASE - 2 pages with HIGHMEM; without it LDT_BASE_ADDR - 2 pages (6.x
        // pgtable_32_areas.h) or FIXADDR_START - 2 pages (2.6.32 pgtable_32_types.h)
        long vmallocEnd = (highmemOn ? pkmapBase : old ? fixmap.start() : ldtBase) - 2 * PAGE_SIZE;
        // MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE, in whole pages (MAXMEM_PFN = PFN_DOWN(MAXMEM))
        long maxmem = spec.lowmemLimit() != null ? spec.lowmemLimit() : (vmallocEnd - pageOffset - VMALLOC_RESERVE) & -PAGE_SIZE;
        long ramEnd = 0;
        for (MachineSpec.Ram r : spec.ram()) ramEnd = Math.max(ramEnd, r.end() + 1);
        lowmemEnd = Math.min(ramEnd & ~0xfffL, maxmem);      // max_low_pfn << PAGE_SHIFT
        long highMemory = pageOffset + lowmemEnd;            // high_memory = __va(max_low_pfn << PAGE_SHIFT)
        long vmallocStart = highMemory + VMALLOC_OFFSET;     // VMALLOC_START
        long userTop = pageOffset;                           // TASK_SIZE = PAGE_OFFSET
        long mmapBase = userTop - (128L << 20);              // arch/x86/mm/mmap.c: gap clamped to 128 MiB
        textStart = spec.kernelImageAt();
        textEnd = spec.kernelImageAt() + spec.kernelImageSize() / 2;
        layout = new Layout(pageOffset, highMemory, vmallocStart, vmallocEnd, true, 0,
                pageOffset, maxmem, vmallocStart, vmallocEnd,   // MODULES_VADDR/END = the vmalloc range
                fixmap.start(), FIXADDR_TOP, highmemOn ? pkmapBase : 0, highmemOn ? lastPkmap : 0,
                userTop, mmapBase, maxmem);
    }

    @Override public String name() { return "i386"; }
    @Override public PagingMode paging() { return paging; }
    @Override public Layout layout() { return layout; }
    @Override public Fixmap fixmap() { return fixmap; }
    @Override public long lowmemEnd() { return lowmemEnd; }
    @Override public long pgdBytes() { return pae ? 32 : 4096; }
    public boolean pae() { return pae; }
    @Override public int wordBytes() { return 4; }
    @Override public int structPageSize() { return 32; }
    @Override public MemoryModelKind defaultMemoryModel() { return MemoryModelKind.FLATMEM; }
    /** arch/x86/include/asm/sparsemem.h: SECTION_SIZE_BITS 29 / MAX_PHYSMEM_BITS 36 with PAE, else 26 / 32. */
    @Override public int sectionSizeBits() { return pae ? 29 : 26; }
    @Override public int maxPhysmemBits() { return pae ? 36 : 32; }
    @Override public long archPfnOffset() { return 0; }

    /** arch/x86/mm/init.c zone_sizes_init: DMA < MAX_DMA_PFN (16 MiB), Normal < max_low_pfn, HighMem < max_pfn. */
    @Override public List<ZoneSpec> defaultZones() {
        List<ZoneSpec> z = new ArrayList<>();
        z.add(ZoneSpec.until("DMA", 16L << 20));
        if (layout.pkmapBase() != 0) {
            z.add(ZoneSpec.until("Normal", layout.lowmemLimit()));
            z.add(ZoneSpec.rest("HighMem"));
        } else {
            z.add(ZoneSpec.until("Normal", layout.lowmemLimit()));   // CONFIG_NOHIGHMEM: RAM above is ignored
        }
        return z;
    }

    @Override public List<String> zoneEnumNames() { return List.of("DMA", "Normal", "HighMem", "Movable"); }

    @Override public long pa(long va, Trace t) {
        long r = (va - pageOffset) & 0xffffffffL;
        if (t.enabled()) t.formula(String.format("__pa(0x%x) = x - PAGE_OFFSET = 0x%x - 0x%x = 0x%x", va, va, pageOffset, r));
        return r;
    }

    @Override public long paSymbol(long va, Trace t) {
        long r = (va - pageOffset) & 0xffffffffL;
        if (t.enabled()) t.formula(String.format("__pa_symbol(0x%x) = x - PAGE_OFFSET = 0x%x", va, r));
        return r;
    }

    @Override public long va(long pa, Trace t) {
        long r = (pa + pageOffset) & 0xffffffffL;
        if (t.enabled()) t.formula(String.format("__va(0x%x) = pa + PAGE_OFFSET = 0x%x + 0x%x = 0x%x", pa, pa, pageOffset, r));
        return r;
    }

    /**
     * arch/x86/mm/physaddr.c (CONFIG_X86_32) __virt_addr_valid without pfn_valid():
     * x >= PAGE_OFFSET, not a vmalloc address, below FIXADDR_START. (The pkmap window passes
     * this test: the kernel then relies on pfn_valid().)
     */
    @Override public boolean linearAddress(long va) {
        return Long.compareUnsigned(va, pageOffset) >= 0 && !layout.isVmalloc(va)
                && Long.compareUnsigned(va, layout.fixaddrStart()) < 0;
    }

    @Override public boolean isCanonical(long va) { return (va >>> 32) == 0; }

    /** KERNEL_PGD_BOUNDARY = pgd_index(PAGE_OFFSET): 768 (2-level) or 3 (PAE). */
    @Override public int kernelPgdBoundary() { return paging.level(PagingMode.PGD).index(pageOffset); }

    /**
     * arch/x86/mm/init.c split_mem_range() for CONFIG_X86_32: the first PMD_SIZE of memory is
     * always mapped with 4 KiB pages ("there are often fixed size MTRRs in there"), then large
     * pages (4 MiB, or 2 MiB with PAE: PSE) from the first PMD boundary to the last, then 4 KiB.
     * Only lowmem is mapped (kernel_physical_mapping_init stops at max_low_pfn).
     */
    @Override public List<MapChunk> directMapChunks(long pa, long end, boolean gbpages) {
        List<MapChunk> out = new ArrayList<>();
        end = Math.min(end, lowmemEnd);
        if (end <= pa) return out;
        long s = pa;
        long head = s == 0 ? Math.min(pmdSize, end) : Math.min(roundUp(s, pmdSize), end);
        add(out, s, head, PagingMode.PTE);
        s = head;
        long bigEnd = end & -pmdSize;
        if (bigEnd > s) { add(out, s, bigEnd, PagingMode.PMD); s = bigEnd; }
        add(out, s, end, PagingMode.PTE);
        return out;
    }

    /**
     * kernel_physical_mapping_init (arch/x86/mm/init_32.c): PAGE_KERNEL(_LARGE)_EXEC where the page
     * touches kernel text (is_kernel_text), PAGE_KERNEL(_LARGE) - NX with PAE - elsewhere.
     */
    private void add(List<MapChunk> out, long s, long e, int level) {
        if (e <= s) return;
        long unit = level == PagingMode.PTE ? 4096 : pmdSize;
        long a = s;
        while (a < e) {                                   // split into runs of equal protection
            boolean text = a < textEnd && a + unit > textStart;
            long b = a + unit;
            while (b < e && (b < textEnd && b + unit > textStart) == text) b += unit;
            b = Math.min(b, e);
            out.add(new MapChunk(pageOffset + a, a, b - a, level, text ? Prot.KERNEL_EXEC : Prot.KERNEL));
            a = b;
        }
    }

    /** The kernel image is part of the direct map on i386 (no separate text mapping). */
    @Override public List<MapChunk> kernelImageChunks(long pa, long size) { return List.of(); }

    /** _text = PAGE_OFFSET + physical load address. */
    @Override public long kernelTextVa(long imagePhys) { return pageOffset + imagePhys; }

    @Override public boolean biosFirstMegabyte() { return true; }

    /** 2.6 find_early_table_space(): the early tables go from 0x7000 up (arch/x86/mm/init.c). */
    @Override public long bootmemEarlyTables() { return 0x7000; }

    @Override public Diagnostic debugVirtual(String fn, long va, String region) { return X86Oops.debugVirtual(fn, va, region); }

    /** Transparent huge pages at the pmd need PAE (HAVE_ARCH_TRANSPARENT_HUGEPAGE if X86_64 || X86_PAE). */
    @Override public boolean thpPmd() { return pae; }

    /** HPAGE_SHIFT = PMD_SHIFT (arch/x86/include/asm/page_types.h): 21 with PAE, 22 (a 4 MiB pde) without. */
    @Override public int hugetlbPageOrder() { return pae ? 9 : 10; }

    /** PREALLOCATED_PMDS = KERNEL_PGD_BOUNDARY with PAE while the kernel pmd is shared; 0 without. */
    @Override public int preallocatedPmds() { return pae ? kernelPgdBoundary() : 0; }

    /**
     * page_fault_oops() on 32-bit (arch/x86/mm/fault.c, 32-bit dump_pagetable): addresses in 8
     * digits, "*pdpt = ..." (PAE), "*pde = ...", "*pte = ..." unless the pde is not present or a
     * leaf; the Oops line has no NOPTI.
     */
    @Override public String[] kernelOops(long addr, boolean write, int errorCode, int nr, List<? extends TableEntry> walk, LongUnaryOperator read32) {
        EntryFormat f = paging.format();
        boolean v2632 = !profile.atLeast(3, 0);
        String head = v2632 ? X86Oops.headline2632(addr, 8) : X86Oops.headline(addr, 8);
        StringBuilder sb = new StringBuilder(head).append('\n');
        if (!v2632) X86Oops.pfLines(sb, write, errorCode);
        int i = 0;
        if (pae && !walk.isEmpty()) sb.append(String.format("*pdpt = %016x ", walk.get(i++).raw()));
        if (i < walk.size()) {
            TableEntry pmd = walk.get(i++);
            sb.append(pae ? String.format("*pde = %016x ", pmd.raw()) : String.format("*pde = %08x ", pmd.raw()));
            if (f.present(pmd.level(), pmd.raw()) && !f.leaf(pmd.level(), pmd.raw()) && i < walk.size())
                sb.append(pae ? String.format("*pte = %016x ", walk.get(i).raw()) : String.format("*pte = %08x ", walk.get(i).raw()));
        }
        sb.setLength(sb.length() - (sb.charAt(sb.length() - 1) == ' ' ? 1 : 0));
        sb.append('\n').append(X86Oops.dieLine(profile, "Oops", errorCode, nr, false));
        return new String[]{head, sb.toString()};
    }

    static long roundUp(long v, long a) { return (v + a - 1) & -a; }
}
