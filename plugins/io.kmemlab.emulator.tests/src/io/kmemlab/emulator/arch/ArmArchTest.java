package io.kmemlab.emulator.arch;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** ARM short descriptors (arch/arm/include/asm/pgtable-2level*.h, memory.h, mm/mmu.c). */
class ArmArchTest {
    static final Trace N = Trace.NONE;

    /**
     * A kernel RW section (MT_MEMORY_RW, ARMv7): PMD_TYPE_SECT (2) | PMD_SECT_AP_WRITE (1 << 10) |
     * PMD_SECT_XN (1 << 4) | the cache policy: UP PMD_SECT_WB = C | B (0xc) -> phys | 0x41e;
     * SMP PMD_SECT_WBWA | PMD_SECT_S = TEX(1) | C | B | (1 << 16) -> phys | 0x1141e;
     * executable (MT_MEMORY_RWX) without XN.
     */
    @Test void sectionEntries() {
        ArmEntry up = new ArmEntry(false, false), smp = new ArmEntry(false, true);
        assertEquals(0x0010041eL, up.section(0x00100000L, Prot.KERNEL));
        assertEquals(0x0010040eL, up.section(0x00100000L, Prot.KERNEL_EXEC));
        assertEquals(0x0011141eL, smp.section(0x00100000L, Prot.KERNEL));
        long s = up.makeLeaf(PagingMode.PMD, 0x2f700000L, Prot.KERNEL);
        assertTrue(up.leaf(PagingMode.PMD, s));                           // pmd_leaf(pmd) = pmd_val(pmd) & PMD_TYPE_SECT
        assertTrue(up.bad(s));                                            // pmd_bad(pmd) = pmd_leaf(pmd)
        assertEquals(0x2f700000L, up.leafPhys(PagingMode.PMD, s));
        // a pgd entry is the pair (even MiB, odd MiB)
        long pair = up.makeLeaf(PagingMode.PGD, 0x00200000L, Prot.KERNEL);
        assertEquals(0x0020041eL, pair & 0xffffffffL);
        assertEquals(0x0030041eL, pair >>> 32);
        assertEquals(0x00312345L, up.leafAddress(PagingMode.PGD, pair, 0xC0312345L, 2L << 20));
        assertEquals(0x00212345L, up.leafAddress(PagingMode.PGD, pair, 0xC0212345L, 2L << 20));
    }

    /** __pmd_populate: (pte + PTE_HWTABLE_OFF) | _PAGE_KERNEL_TABLE (0x11), the second word 1 KiB further. */
    @Test void tableEntriesPointAtTheHardwareTables() {
        ArmEntry f = new ArmEntry(false, false);
        long pair = f.makeTable(PagingMode.PGD, 0x00345000L, 0);
        assertEquals(0x00345811L, pair & 0xffffffffL);
        assertEquals(0x00345c11L, pair >>> 32);
        assertEquals(0x00345000L, f.tablePhys(PagingMode.PMD, pair));     // pmd_page_vaddr: & PAGE_MASK
        assertFalse(f.leaf(PagingMode.PMD, pair));
        // 2.6 layout: hardware tables at +0, Linux at +2048
        ArmEntry old = new ArmEntry(true, false);
        long p2 = old.makeTable(PagingMode.PGD, 0x00345000L, 0);
        assertEquals(0x00345011L, p2 & 0xffffffffL);
        assertEquals(0x00345800L, old.tablePhys(PagingMode.PMD, p2));
        // 2.6 pte_offset_map on a section: (sect & ~2047) + 2048 - a "table" in the middle of data
        assertEquals(0x00e00800L + 0x1000, old.tablePhys(PagingMode.PMD, 0x00e0141eL));
    }

    /**
     * PAGE_KERNEL Linux pte, UP: L_PTE_PRESENT | YOUNG | DIRTY | MT_WRITEBACK (0x0c) | XN (0x200) = 0x24f;
     * cpu_v7_set_pte_ext: keep bits 0-3 and 10+, clear type, | AP0 | small page, no TEX(1) (bit 4 clear),
     * no APX (dirty, writable), XN -> 0x01f. SMP: MT_WRITEALLOC (0x1c) | SHARED (0x400) = 0x65f -> TEX(1), S: 0x45f.
     */
    @Test void linuxAndHardwarePtes() {
        ArmEntry f = new ArmEntry(false, false);
        long pte = f.makeLeaf(PagingMode.PTE, 0x12345000L, Prot.KERNEL);
        assertEquals(0x1234524fL, pte);
        assertEquals(0x1234501fL, ArmEntry.hwPte(pte, false));
        long smp = new ArmEntry(false, true).makeLeaf(PagingMode.PTE, 0x12345000L, Prot.KERNEL);
        assertEquals(0x1234565fL, smp);
        assertEquals(0x1234545fL, ArmEntry.hwPte(smp, false));
        // read-only user page: RDONLY -> APX, USER -> AP1 and nG
        long ro = f.makeLeaf(PagingMode.PTE, 0x1000L, Prot.USER | Prot.ACCESSED);
        long hw = ArmEntry.hwPte(ro, true);
        assertTrue((hw & ArmEntry.PTE_EXT_APX) != 0 && (hw & ArmEntry.PTE_EXT_AP1) != 0 && (hw & ArmEntry.PTE_EXT_NG) != 0);
        // not young: the hardware entry is 0 (young is emulated by faulting)
        assertEquals(0, ArmEntry.hwPte(f.makeLeaf(PagingMode.PTE, 0x1000L, Prot.WRITE), false));
        assertEquals(0x800 + 5 * 4, f.shadowAddress(PagingMode.PTE, 5 * 4) );
    }

    /** Linux's folded view: 2048 x 8-byte pgd entries (PGDIR_SHIFT 21), pmd folded, 512 ptes. */
    @Test void foldedView() {
        Arm a = new Arm(new MachineSpec().arch("arm").ramSize(0, 1L << 30));
        PagingMode p = a.paging();
        assertEquals(2048, p.level(PagingMode.PGD).ptrs());
        assertEquals(8, p.level(PagingMode.PGD).entryBytes());
        assertEquals(21, p.level(PagingMode.PGD).shift());
        assertTrue(p.level(PagingMode.PMD).folded());
        assertEquals(512, p.level(PagingMode.PTE).ptrs());
        assertEquals(0x607, p.level(PagingMode.PGD).index(0xC0FF8000L));
        assertEquals(0x1f8, p.level(PagingMode.PTE).index(0xC0FF8000L));
        assertEquals(16384, a.pgdBytes());
    }

    /**
     * vmalloc_min = VMALLOC_END - 240 MiB - VMALLOC_OFFSET: 0xff800000 -> 768 MiB of lowmem. 2.6.32 arch/arm/mm/mmu.c:
     * VMALLOC_MIN = VMALLOC_END - vmalloc_reserve (SZ_128M), with the emulator's VMALLOC_END 0xff000000.
     */
    @Test void lowmemLimitFromTheVmallocArea() {
        Arm a = new Arm(new MachineSpec().arch("arm").ramSize(0, 2L << 30));
        assertEquals(768L << 20, a.lowmemEnd());
        assertEquals(0xF0000000L, a.layout().directMapEnd());             // high_memory
        assertEquals(0xF0800000L, a.layout().vmallocStart());              // (high_memory + 8M) & ~(8M - 1)
        assertEquals(0xff800000L, a.layout().vmallocEnd());
        assertEquals(0xBFE00000L, a.layout().pkmapBase());                 // PAGE_OFFSET - PMD_SIZE
        assertEquals(512, a.layout().lastPkmap());                         // PTRS_PER_PTE
        assertEquals(0xBF000000L, a.layout().userTop());                   // TASK_SIZE = PAGE_OFFSET - 16 MiB
        Arm old = new Arm(new MachineSpec().arch("arm").kernel("2.6").ramSize(0, 2L << 30));
        long oldVmallocMin = 0xff000000L - (128L << 20);
        assertEquals(oldVmallocMin - 1 - 0xC0000000L + 0 + 1, old.lowmemEnd());   // __pa(VMALLOC_MIN - 1) + 1, PHYS_OFFSET 0
        // PHYS_OFFSET: __pa(x) = x - PAGE_OFFSET + PHYS_OFFSET, ARCH_PFN_OFFSET = PHYS_OFFSET >> 12
        Arm off = new Arm(new MachineSpec().arch("arm").ramSize(0x80000000L, 1L << 30));
        assertEquals(0x80001000L, off.pa(0xC0001000L, N));
        assertEquals(0xC0001000L, off.va(0x80001000L, N));
        assertEquals(0x80000, off.archPfnOffset());
    }

    /** ARM fixmap: FIXADDR_START 0xffc00000, FIXADDR_TOP = 0xfff00000 - PAGE_SIZE, FIX_KMAP_BEGIN 1. */
    @Test void fixmapSlots() {
        Arm a = new Arm(new MachineSpec().arch("arm").cpus(2).ramSize(0, 1L << 30));
        Fixmap f = a.fixmap();
        assertEquals(0xffc80000L, a.layout().fixaddrStart());
        assertEquals(0xffeff000L - 4096, f.kmapSlotVa(0));
        for (int i = 0; i < 32; i++) assertTrue(f.kmapSlotVa(i) >= 0xffc80000L && f.kmapSlotVa(i) < 0xfff00000L);
        Arm old = new Arm(new MachineSpec().arch("arm").kernel("2.6").ramSize(0, 1L << 30));
        assertEquals(0xfff00000L, old.fixmap().kmapSlotVa(0));            // 2.6: __fix_to_virt(x) = FIXADDR_START + (x << PAGE_SHIFT)
        assertEquals(0xfff03000L, old.fixmap().kmapSlotVa(3));
    }
}
