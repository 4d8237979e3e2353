package io.kmemlab.emulator.arch;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** i386 rules with numbers from the kernel's formulas (arch/x86/include/asm/page_32*.h, pgtable-2level/3level*.h). */
class I386ArchTest {
    static final Trace N = Trace.NONE;

    static I386 arch(String paging, long ramEnd) {
        return new I386(new MachineSpec().arch("i386").paging(paging).ram(0, ramEnd - 1));
    }

    @Test void paAndVaArePageOffsetArithmetic() {
        I386 a = arch("2-level", 2L << 30);
        assertEquals(0x01000000L, a.pa(0xC1000000L, N));               // __pa(x) = x - PAGE_OFFSET
        assertEquals(0xC0100000L, a.va(0x00100000L, N));
        assertEquals(0x00100000L, a.paSymbol(0xC0100000L, N));         // no phys_base on 32-bit
        assertEquals(0xC0000000L + (16L << 20), a.kernelTextVa(16L << 20));
    }

    @Test void pageOffsetIsConfigurable() {
        I386 a = new I386(new MachineSpec().arch("i386").pageOffset(0x80000000L).ram(0, (1L << 30) - 1));
        assertEquals(0x80000000L, a.layout().pageOffset());
        assertEquals(0x1000L, a.pa(0x80001000L, N));
        assertEquals(512, a.kernelPgdBoundary());                       // pgd_index(0x80000000) = 0x80000000 >> 22
        assertEquals(0x80000000L, a.layout().userTop());               // TASK_SIZE = PAGE_OFFSET
    }

    /** 10/10/12: pgd_index = va >> 22, pte_index = (va >> 12) & 1023. */
    @Test void twoLevelIndexSplit() {
        PagingMode p = arch("2-level", 1L << 30).paging();
        long va = 0xC0A01234L;
        assertEquals(0x302, p.level(PagingMode.PGD).index(va));
        assertEquals(0, p.level(PagingMode.PMD).index(va));            // folded
        assertEquals(0x201, p.level(PagingMode.PTE).index(va));
        assertEquals(1024, p.level(PagingMode.PGD).ptrs());
        assertEquals(4, p.level(PagingMode.PGD).entryBytes());
        assertTrue(p.level(PagingMode.P4D).folded() && p.level(PagingMode.PUD).folded() && p.level(PagingMode.PMD).folded());
        assertEquals(768, arch("2-level", 1L << 30).kernelPgdBoundary());
    }

    /** 2/9/9/12: pgd_index = va >> 30, pmd_index = (va >> 21) & 511, pte_index = (va >> 12) & 511. */
    @Test void paeIndexSplit() {
        I386 a = arch("pae", 1L << 30);
        PagingMode p = a.paging();
        long va = 0xC0A01234L;
        assertEquals(3, p.level(PagingMode.PGD).index(va));
        assertEquals(5, p.level(PagingMode.PMD).index(va));
        assertEquals(1, p.level(PagingMode.PTE).index(va));
        assertEquals(4, p.level(PagingMode.PGD).ptrs());
        assertEquals(8, p.level(PagingMode.PTE).entryBytes());
        assertEquals(3, a.kernelPgdBoundary());
        assertEquals(512, a.layout().lastPkmap());
        assertEquals(36, a.maxPhysmemBits());
        assertEquals(29, a.sectionSizeBits());
    }

    /** _PAGE_PRESENT|RW|ACCESSED|DIRTY|GLOBAL = 0x163 (PAGE_KERNEL without NX), + PSE 0x80 for __PAGE_KERNEL_LARGE. */
    @Test void twoLevelEntryFormat() {
        EntryFormat f = new I386Entry();
        assertEquals(0x01234163L, f.makeLeaf(PagingMode.PTE, 0x01234000L, Prot.KERNEL));
        long big = f.makeLeaf(PagingMode.PMD, 0x00400000L, Prot.KERNEL);
        assertEquals(0x004001e3L, big);
        assertTrue(f.leaf(PagingMode.PGD, big));
        assertEquals(0x00400000L, f.leafPhys(PagingMode.PMD, big));
        assertEquals(0x00400000L + 0x123456, f.leafAddress(PagingMode.PMD, big, 0xC0400000L + 0x123456, 4L << 20));
        assertEquals(0x00567067L, f.makeTable(PagingMode.PGD, 0x00567000L, 0));   // _PAGE_TABLE
        assertFalse(f.noExec(PagingMode.PTE, 0x01234163L));              // no NX bit without PAE
        long swp = f.makeSwap(3, 0x1234);
        assertFalse(f.present(PagingMode.PTE, swp));
        assertEquals(3, f.swapType(swp));
        assertEquals(0x1234, f.swapOffset(swp));
    }

    /** PAE: 64-bit entries with NX (bit 63); the PDPT entry is __pa(pmd) | _PAGE_PRESENT only. */
    @Test void paeEntryFormat() {
        EntryFormat f = new PaeEntry();
        assertEquals(0x8000000001234163L, f.makeLeaf(PagingMode.PTE, 0x01234000L, Prot.KERNEL));
        assertEquals(0x00000000012341e3L | 0x8000000000000000L, f.makeLeaf(PagingMode.PMD, 0x01200000L, Prot.KERNEL) | 0x34000L);
        assertEquals(0x0000000000200000L, f.leafPhys(PagingMode.PMD, f.makeLeaf(PagingMode.PMD, 0x00200000L, Prot.KERNEL)));
        assertEquals(0x00345001L, f.makeTable(PagingMode.PGD, 0x00345000L, 0));
        assertEquals(0x00345067L, f.makeTable(PagingMode.PMD, 0x00345000L, 0));
        assertFalse(f.leaf(PagingMode.PGD, 0x00345081L));
        assertTrue(f.noExec(PagingMode.PTE, 0x8000000001234163L));
    }

    /**
     * MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (arch/x86/include/asm/pgtable_32_areas.h,
     * v6.12); high_memory = __va(max_low_pfn << 12); VMALLOC_START = high_memory + 8 MiB;
     * VMALLOC_END = PKMAP_BASE - 2 pages; PKMAP_BASE is PMD aligned.
     */
    @Test void layoutFromTheKernelFormulas() {
        I386 a = arch("2-level", 2L << 30);
        Layout l = a.layout();
        long maxmem = l.vmallocEnd() - 0xC0000000L - (128L << 20);
        assertEquals(maxmem, l.lowmemLimit());
        assertEquals(0xC0000000L + maxmem, l.directMapEnd());
        assertEquals(0xC0000000L + maxmem + (8L << 20), l.vmallocStart());
        assertEquals(l.pkmapBase() - 8192, l.vmallocEnd());
        assertEquals(0, l.pkmapBase() & ((4L << 20) - 1));
        assertEquals(1024, l.lastPkmap());
        assertTrue(l.pkmapBase() + 1024L * 4096 <= l.fixaddrStart());
        assertEquals(0xfffff000L, l.fixaddrTop());
        // FIXADDR_START = FIXADDR_TOP - (__end_of_permanent_fixed_addresses << PAGE_SHIFT)
        Fixmap fx = a.fixmap();
        assertEquals(0xfffff000L - ((long) fx.virtToFix(l.fixaddrStart()) << 12), l.fixaddrStart());
        for (int i = 0; i < fx.slotsPerCpu() * fx.cpus(); i++) {
            long va = fx.kmapSlotVa(i);
            assertTrue(va >= l.fixaddrStart() && va < l.fixaddrTop(), Long.toHexString(va));
            assertEquals(l.fixaddrTop() - ((long) (fx.kmapBegin() + i) << 12), va);   // __fix_to_virt
        }
        // a smaller machine: lowmem = RAM
        I386 small = arch("2-level", 512L << 20);
        assertEquals(0xE0000000L, small.layout().directMapEnd());
        assertEquals(0xE0800000L, small.layout().vmallocStart());
        // lowmem-limit overrides MAXMEM
        I386 lim = new I386(new MachineSpec().arch("i386").lowmemLimit(512L << 20).ram(0, (2L << 30) - 1));
        assertEquals(0xE0000000L, lim.layout().directMapEnd());
    }

    /**
     * 6.x, NR_CPUS 1, 2-level: __end_of_permanent_fixed_addresses = FIX_HOLE + DBGP + EARLYCON + APIC
     * + 64 IO-APIC + 16 KM_MAX_IDX + PCIE_MCFG = 85 -> FIXADDR_START = 0xfffff000 - 85 pages = 0xfffaa000;
     * FIX_BTMAP_END = 85 (85..596 do not cross a 1024-entry table), __end_of_fixed_addresses = 597 ->
     * FIXADDR_TOT_START = 0xffdaa000; CPU_ENTRY_AREA_BASE = (0xffdaa000 - 44 pages) & PMD_MASK = 0xffc00000;
     * LDT_BASE_ADDR = 0xff800000; PKMAP_BASE = 0xff400000; VMALLOC_END = PKMAP_BASE - 2 pages.
     */
    @Test void kernel612FixmapAndPkmap() {
        I386 a = arch("2-level", 2L << 30);
        assertEquals(0xfffaa000L, a.layout().fixaddrStart());
        assertEquals(68, a.fixmap().kmapBegin());
        assertEquals(0xfffbb000L, a.fixmap().kmapSlotVa(0));
        assertEquals(0xff400000L, a.layout().pkmapBase());
        assertEquals(0xff3fe000L, a.layout().vmallocEnd());
        // MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE = 0xff3fe000 - 0xc0000000 - 128 MiB: pfn 0x373fe
        assertEquals(0xff3fe000L - 0xc0000000L - (128L << 20), a.layout().lowmemLimit());
        assertEquals(0x373fe000L, a.layout().lowmemLimit());
    }

    /**
     * Without HIGHMEM VMALLOC_END = LDT_BASE_ADDR - 2 pages (pgtable_32_areas.h, v6.12): with the chain of
     * kernel612FixmapAndPkmap LDT_BASE_ADDR = 0xff800000, so MAXMEM = 0xff7fe000 - 0xc0000000 - 128 MiB.
     */
    @Test void kernel612NoHighmemVmallocEnd() {
        I386 a = new I386(new MachineSpec().arch("i386").paging("2-level").config(io.kmemlab.emulator.spec.ConfigOption.HIGHMEM, false).ram(0, (2L << 30) - 1));
        assertEquals(0xff800000L - 2 * 4096, a.layout().vmallocEnd());
        assertEquals(0xff7fe000L - 0xc0000000L - (128L << 20), a.layout().lowmemLimit());
    }

    /**
     * 2.6.32 (arch/x86/include/asm/pgtable_32_types.h): MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE
     * with VMALLOC_END = PKMAP_BASE - 2 pages (HIGHMEM) or FIXADDR_START - 2 pages (no HIGHMEM).
     */
    @Test void kernel26Maxmem() {
        I386 hi = new I386(new MachineSpec().arch("i386").kernel("2.6").config(io.kmemlab.emulator.spec.ConfigOption.HIGHMEM, true).ram(0, (2L << 30) - 1));
        assertEquals(0xff800000L, hi.layout().pkmapBase());
        assertEquals(0xff800000L - 2 * 4096 - 0xc0000000L - (128L << 20), hi.layout().lowmemLimit());
        I386 lo = new I386(new MachineSpec().arch("i386").kernel("2.6").config(io.kmemlab.emulator.spec.ConfigOption.HIGHMEM, false).ram(0, (2L << 30) - 1));
        assertEquals(lo.layout().fixaddrStart() - 2 * 4096, lo.layout().vmallocEnd());
        assertEquals(lo.layout().fixaddrStart() - 2 * 4096 - 0xc0000000L - (128L << 20), lo.layout().lowmemLimit());
    }

    /**
     * 2.6.32 arch/x86/include/asm/fixmap.h (X86_32): FIX_HOLE, FIX_VDSO, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE,
     * FIX_APIC_BASE, FIX_IO_APIC_BASE_0 .. + MAX_IO_APICS (64) - 1, FIX_KMAP_BEGIN .. + KM_TYPE_NR (19) * NR_CPUS - 1,
     * FIX_PCIE_MCFG, FIX_TEXT_POKE1, FIX_TEXT_POKE0, __end_of_permanent_fixed_addresses; FIX_BTMAP_END =
     * that + 256 - (that & 255) (always rounded up), FIX_BTMAP_BEGIN = FIX_BTMAP_END + NR_FIX_BTMAPS (64) *
     * FIX_BTMAPS_SLOTS (4) - 1, FIX_WP_TEST, __end_of_fixed_addresses. pgtable_32_types.h: PKMAP_BASE =
     * (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK, VMALLOC_END = PKMAP_BASE - 2 * PAGE_SIZE,
     * MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE. PAE with one CPU: PKMAP_BASE 0xffa00000;
     * 2-level with 24 CPUs: 0xff400000.
     */
    @Test void kernel26FixmapRoundsTheBootSlotsUpAndEndsWithWpTest() {
        record Case(String paging, int cpus, int lastPkmap, long pmdSize, long pkmapBase) { }
        for (Case c : List.of(new Case("pae", 1, 512, 2L << 20, 0xffa00000L), new Case("2-level", 24, 1024, 4L << 20, 0xff400000L),
                new Case("2-level", 1, 1024, 4L << 20, 0xff800000L))) {
            I386 a = new I386(new MachineSpec().arch("i386").kernel("2.6").paging(c.paging()).cpus(c.cpus())
                    .config(io.kmemlab.emulator.spec.ConfigOption.HIGHMEM, true).ram(0, (2L << 30) - 1));
            int kmapBegin = 5 + 64;
            assertEquals(kmapBegin, a.fixmap().kmapBegin(), c.toString());
            int permanentEnd = kmapBegin + 19 * c.cpus() + 3;
            int btmapEnd = permanentEnd + 256 - (permanentEnd & 255);
            int btmapBegin = btmapEnd + 64 * 4 - 1;
            int endOfFixed = btmapBegin + 1 + 1;                                 // FIX_WP_TEST, then __end_of_fixed_addresses
            long fixaddrBootStart = 0xfffff000L - ((long) endOfFixed << 12);
            long pkmapBase = (fixaddrBootStart - 4096L * (c.lastPkmap() + 1)) & -c.pmdSize();
            assertEquals(c.pkmapBase(), pkmapBase, c.toString());              // the formula's value, written out
            assertEquals(pkmapBase, a.layout().pkmapBase(), c.toString());
            assertEquals(pkmapBase - 2 * 4096, a.layout().vmallocEnd(), c.toString());
            assertEquals(pkmapBase - 2 * 4096 - 0xc0000000L - (128L << 20), a.layout().lowmemLimit(), c.toString());
        }
    }

    /** FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1: each CPU adds 16 slots below FIXADDR_TOP. */
    @Test void cpusSizeTheFixmap() {
        I386 one = arch("2-level", 1L << 30);
        I386 four = new I386(new MachineSpec().arch("i386").cpus(4).ram(0, (1L << 30) - 1));
        assertEquals(one.layout().fixaddrStart() - 48L * 4096, four.layout().fixaddrStart());
        assertEquals(64, four.fixmap().kmapEnd() - four.fixmap().kmapBegin() + 1);
        assertEquals(four.fixmap().kmapSlotVa(0) - 16L * 4096, four.fixmap().kmapSlotVa(16));   // cpu 1's first slot
        I386 dbg = new I386(new MachineSpec().arch("i386").config(io.kmemlab.emulator.spec.ConfigOption.DEBUG_KMAP_LOCAL, true).ram(0, (1L << 30) - 1));
        assertEquals(33, dbg.fixmap().slotsPerCpu());                       // KM_MAX_IDX with DEBUG_KMAP_LOCAL
    }

    /** Kernel 2.6: PKMAP_BASE = (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK; KM_TYPE_NR slots per CPU. */
    @Test void kernel26Layout() {
        I386 a = new I386(new MachineSpec().arch("i386").kernel("2.6").cpus(2).ram(0, (1L << 30) - 1));
        assertEquals(19, a.fixmap().slotsPerCpu());
        assertEquals(0xff800000L, a.layout().pkmapBase());               // the classic value (kernel-semantics.md 7.1)
        assertEquals(38, a.fixmap().kmapEnd() - a.fixmap().kmapBegin() + 1);
    }

    /**
     * split_mem_range on 32-bit: the first PMD_SIZE with 4K pages, then large pages, then a 4K tail;
     * nothing above lowmem. kernel_physical_mapping_init: _EXEC only where a page touches kernel text.
     */
    @Test void directMapChunks() {
        I386 a = new I386(new MachineSpec().arch("i386").paging("pae").ram(0, (2L << 30) - 1).kernelImage(16L << 20, 16L << 20));
        var c = a.directMapChunks(1L << 20, 0x7fffffffL + 1, false);
        assertEquals(PagingMode.PTE, c.get(0).leafLevel());
        assertEquals(2L << 20, c.get(0).pa() + c.get(0).size());             // PAE: PMD_SIZE 2 MiB
        long at = 1L << 20;
        long maxmem = a.layout().vmallocEnd() - 0xC0000000L - (128L << 20);
        for (MapChunk m : c) {
            assertEquals(at, m.pa());
            assertEquals(0xC0000000L + m.pa(), m.va());
            // large pages from the first PMD boundary up to MAXMEM & PMD_MASK, then a 4K tail
            if (m.pa() >= (2L << 20)) assertEquals(m.pa() < (maxmem & -(2L << 20)) ? PagingMode.PMD : PagingMode.PTE, m.leafLevel());
            boolean text = m.pa() < (24L << 20) && m.pa() + m.size() > (16L << 20);   // text = the image's first half
            assertEquals(text ? Prot.KERNEL_EXEC : Prot.KERNEL, m.prot(), Long.toHexString(m.pa()));
            at += m.size();
        }
        assertEquals(maxmem, at);                                                   // up to MAXMEM
        // the PAE leaf outside the text is NX
        assertTrue(a.paging().format().noExec(PagingMode.PMD, a.paging().format().makeLeaf(PagingMode.PMD, 64L << 20, Prot.KERNEL)));
    }
}
