package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Booted i386 machines: zones, FLATMEM, bootmem placement, walks, conversions. */
class I386MachineTest {
    static final Trace N = Trace.NONE;

    /**
     * zone_sizes_init: DMA < 16 MiB, Normal < max_low_pfn, HighMem < max_pfn (2 GiB = 0x80000).
     * max_low_pfn = MAXMEM_PFN = (VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE) >> 12
     * (arch/x86/include/asm/pgtable_32_areas.h, v6.12): VMALLOC_END = PKMAP_BASE - 2 pages = 0xff3fe000
     * for NR_CPUS 1 (I386ArchTest.kernel612FixmapAndPkmap), so pfn 0x373fe. 6.12 trims page 0: DMA starts at pfn 1.
     */
    @Test void pc32Zones() {
        Machine m = Machine.boot(Machines32.pc32());
        long lowPfn = (0xff3fe000L - 0xC0000000L - (128L << 20)) >>> 12;
        Zone dma = m.zone("DMA"), normal = m.zone("Normal"), high = m.zone("HighMem");
        assertEquals(1, dma.startPfn());
        assertEquals(4095, dma.spanned());
        assertEquals(0x9f + (4096 - 0x100), dma.present());                // [1, 0xa0) + [0x100, 0x1000)
        assertEquals(4096, normal.startPfn());
        assertEquals(lowPfn - 4096, normal.spanned());
        assertEquals(lowPfn, high.startPfn());
        assertEquals(0x80000 - lowPfn, high.spanned());
        assertEquals(0xC0000000L + (lowPfn << 12), m.layout().directMapEnd());   // high_memory
        assertEquals(high.present(), high.managed());                      // nothing reserved in highmem
        assertEquals(0, m.zone("DMA").index());
        assertEquals(1, m.zone("Normal").index());
        assertEquals(2, m.zone("HighMem").index());
    }

    /** FLATMEM with bootmem: alloc_node_mem_map -> alloc_bootmem_node, goal MAX_DMA_ADDRESS (16 MiB). */
    @Test void flatmemBootmemMemMap() {
        Machine m = Machine.boot(Machines32.pc32old());
        assertEquals(0xC1000000L, m.memMap());
        assertEquals(m.memMap(), m.nodeMemMap(0));
        // 0x20000 descriptors of 32 bytes = 4 MiB = 1024 frames, all owned by the memmap
        assertEquals(1024, m.framesOwnedBy("memmap", null));
        assertEquals("memmap", m.frameOwner(0x1000));
        assertEquals("memmap", m.frameOwner(0x13ff));
        assertNotEquals("memmap", m.frameOwner(0x1400));
        assertEquals("kernel", m.frameOwner(0x100));                       // the 7 MiB image at 1 MiB
        assertEquals(m.memMap() + 0x100 * 32, m.virtToPage(0xC0100000L, N));
        assertEquals(m.memMap() + 0x1234L * 32, m.pfnToPage(0x1234, N));
        // early page tables come from low memory (find_early_table_space from 0x7000), not from the 16 MiB goal
        assertEquals("page-table", m.frameOwner(0x7));
        assertTrue(m.pfnValid(0, N));
        assertTrue(m.pfnValid(0x1ffff, N));
        assertFalse(m.pfnValid(0x20000, N));
    }

    /** memblock (6.12): mem_map comes from the top of lowmem, still "memmap", still FLATMEM arithmetic. */
    @Test void flatmemMemblockMemMap() {
        Machine m = Machine.boot(Machines32.pc32().memoryModel(MemoryModelKind.FLATMEM));
        long mm = m.memMap();
        assertTrue(mm >= 0xC0000000L && mm < 0xF8000000L, Long.toHexString(mm));
        assertEquals(0x80000L * 32 / 4096, m.framesOwnedBy("memmap", null));
        assertEquals(0, m.framesOwnedBy("memmap", m.zone("HighMem")));
        assertEquals(mm + 0x40000L * 32, m.pfnToPage(0x40000, N));          // highmem pages have descriptors too
    }

    /** 2-level walk of a direct-map address: one pgd entry with PSE (a 4 MiB page); the first 4 MiB use a pte table. */
    @Test void twoLevelWalks() {
        Machine m = Machine.boot(Machines32.pc32());
        Recorder r = new Recorder();
        WalkResult w = m.walk(m.kernel(), 0xC1234567L, r);
        assertTrue(w.mapped());
        assertEquals(0x01234567L, w.pa());
        assertEquals(1, w.steps().size());
        assertEquals(PagingMode.PGD, w.leafLevel());
        assertEquals(0x304, w.steps().get(0).index());                        // 0xC1234567 >> 22
        assertEquals(0x01000000L | 0x1e3, w.steps().get(0).raw() & ~0x0L);    // 4M page at 16 MiB, __PAGE_KERNEL_LARGE_EXEC
        WalkResult low = m.walk(m.kernel(), 0xC0005000L, N);
        assertEquals(2, low.steps().size());
        assertEquals(PagingMode.PTE, low.leafLevel());
        assertEquals(0x5000L, low.pa());
        // the Linux helpers: pmd_offset returns the pgd pointer (folded); pmd_leaf on the PSE entry
        long pgd = m.pgdOffsetK(0xC1234567L, N);
        long pmd = m.pmdOffset(m.pudOffset(m.p4dOffset(pgd, 0xC1234567L, N), 0xC1234567L, N), 0xC1234567L, N);
        assertEquals(pgd, pmd);
        assertTrue(m.pmdLeaf(m.readEntry(pmd, PagingMode.PMD, N)));
        // a vmalloc address is mapped through a pte table
        long v = m.vmalloc(3 * 4096, N);
        assertTrue(m.isVmallocAddr(v, N));
        assertFalse(m.virtAddrValid(v, N));
        WalkResult vw = m.walk(m.kernel(), v + 4096, N);
        assertEquals(PagingMode.PTE, vw.leafLevel());
        assertEquals(vw.pa() >>> 12, m.vmallocToPfn(v + 4096, N));
    }

    /** PAE: pgd (PDPT, P only) -> pmd (2 MiB PSE leaf) for the direct map. */
    @Test void paeWalks() {
        Machine m = Machine.boot(Machines32.pc32().paging("pae"));
        assertTrue(m.booted(), () -> m.diagnostics().all().toString());
        WalkResult w = m.walk(m.kernel(), 0xC1234567L, N);
        assertEquals(0x01234567L, w.pa());
        assertEquals(List.of(PagingMode.PGD, PagingMode.PMD), w.steps().stream().map(WalkResult.Step::level).toList());
        assertEquals(3, w.steps().get(0).index());
        assertEquals(1, w.steps().get(0).raw() & 0xfff);                        // __pa(pmd) | _PAGE_PRESENT
        assertEquals(9, w.steps().get(1).index());                              // (0xC1234567 >> 21) & 511
        assertEquals(0x1e3, w.steps().get(1).raw() & 0xfff);
        assertEquals(512, m.layout().lastPkmap());
        long hp = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
        assertTrue(m.pageHighMem(hp, N));
        long a = m.kmap(hp, N);
        m.write(m.kernel(), a, 8, 0x1122334455667788L, N);
        assertEquals(0x1122334455667788L, m.read(m.kernel(), a, 8, N));
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /** PAE pgd_alloc preallocates the user pmds: every PDPT entry of a new process is present. */
    @Test void paeProcessHasAllFourPdptEntries() {
        Machine m = Machine.boot(Machines32.pc32().paging("pae"));
        Task app = m.process("app");
        for (long va : new long[]{0x00001000L, 0x40001000L, 0x80001000L, 0xC0001000L}) {
            WalkResult w = m.walk(app, va, N);
            assertTrue((w.steps().get(0).raw() & 1) != 0, Long.toHexString(va));
        }
        WalkResult w = m.walk(app, 0x40001000L, N);
        assertFalse(w.mapped());
        assertEquals(PagingMode.PMD, w.failLevel());                         // the walk stops at an empty pmd
    }

    /** Highmem frames have no linear address: reading __va() of one is beyond high_memory (vmalloc space) and oopses. */
    @Test void highmemHasNoLinearAddress() {
        Machine m = Machine.boot(Machines32.pc32());
        long hp = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
        long bogus = m.va(m.pageToPhys(hp, N), N);
        assertFalse(m.virtAddrValid(bogus, N) && bogus < m.layout().directMapEnd());
        Recorder r = new Recorder();
        m.read(m.kernel(), bogus, 4, r);
        assertTrue(r.hasOops() || bogus >= 0x100000000L, r::toString);
    }

    /** pte_offset_map on a PSE pmd: 6.12 without THP (2-level) is pmd_bad -> "bad pmd", cleared, NULL; 2.6 indexes the data page. */
    @Test void pteOffsetMapOnALargePage() {
        Machine m = Machine.boot(Machines32.pc32());
        long va = 0xC2000000L;
        long pmd = m.pgdOffsetK(va, N);
        Recorder r = new Recorder();
        assertEquals(0, m.pteOffsetMap(pmd, va, r));
        assertTrue(r.has(Diagnostic.Kind.WARN));
        assertTrue(r.diagnostics().get(0).headline().contains("bad pmd"));
        assertEquals(0, m.readEntry(pmd, PagingMode.PMD, N));
        Machine old = Machine.boot(Machines32.pc32old());
        long pmd2 = old.pgdOffsetK(va, N);
        Recorder r2 = new Recorder();
        long p = old.pteOffsetMap(pmd2, va, r2);
        assertEquals(0xC2000000L, p);                                         // __va(data page) + pte_index(va) 0 * 4
        assertTrue(r2.toString().contains("4M page"), r2::toString);
    }

    /** PAE with THP: pte_offset_map on a 2 MiB kernel leaf is pmd_trans_huge -> NULL, quietly, the entry kept. */
    @Test void paePteOffsetMapOnAHugePmd() {
        Machine m = Machine.boot(Machines32.pc32().paging("pae").config(ConfigOption.THP, true));
        long va = 0xC2000000L;
        long pmd = m.pmdOffset(m.pudOffset(m.p4dOffset(m.pgdOffsetK(va, N), va, N), va, N), va, N);
        long e = m.readEntry(pmd, PagingMode.PMD, N);
        assertTrue(m.pmdLeaf(e));
        Recorder r = new Recorder();
        assertEquals(0, m.pteOffsetMap(pmd, va, r));
        assertTrue(r.diagnostics().isEmpty());
        assertTrue(r.toString().contains("pmd_trans_huge"), r::toString);
        assertEquals(e, m.readEntry(pmd, PagingMode.PMD, N));
    }

    /** Custom zones on i386: the allocator-none zone is sized but the buddy never hands out its frames. */
    @Test void customZonesOnI386() {
        MachineSpec s = Machines32.pc32().zones(List.of(ZoneSpec.until("DMA", 16L << 20), ZoneSpec.until("Normal", 512L << 20),
                ZoneSpec.size("NewMem", 64L << 20, true), ZoneSpec.rest("HighMem")));
        Machine m = Machine.boot(s);
        Zone nm = m.zone("NewMem");
        assertEquals(0x20000, nm.startPfn());
        assertEquals(16384, nm.spanned());
        assertEquals(0, nm.managed());
        for (int i = 0; i < 3000; i++) {
            long p = m.allocPages(i % 2 == 0 ? Gfp.GFP_HIGHUSER : Gfp.GFP_KERNEL, 0, N);
            assertNotEquals(0, p);
            assertNotSame(nm, m.pageZone(p, N));
        }
        assertEquals(0, m.framesOwnedBy("kernel", nm));
        assertEquals(16384, m.framesOwnedBy("reserved", nm));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }
}
