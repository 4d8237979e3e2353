package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * The i386 and ARM acceptance scenarios (seed000 "highmem needs kmap", seed001
 * "kernel lowmem is section-mapped on arm", seed002, seed004), step by step through the Java API.
 */
class Seed32ScenariosTest {
    static final Trace N = Trace.NONE;

    /** seed000 "highmem needs kmap" on pc32. */
    @Test void highmemNeedsKmap() {
        Machine m = Machine.boot(Machines32.pc32());
        assertTrue(m.booted(), () -> m.diagnostics().all().toString());
        long hp = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM, 0, N);
        assertNotEquals(0, hp);
        assertTrue(m.pageHighMem(hp, N));
        assertEquals(0, m.pageAddress(hp, N));
        long addr = m.kmap(hp, N);
        long pkmapBase = m.layout().pkmapBase(), lastPkmap = m.layout().lastPkmap();
        assertTrue(addr >= pkmapBase && addr < pkmapBase + lastPkmap * 4096, Long.toHexString(addr));
        assertEquals(addr, m.pageAddress(hp, N));
        Recorder r = new Recorder();
        m.memset(m.kernel(), addr, 0, 4096, r);
        assertFalse(r.hasOops(), r::toString);
        m.kunmap(hp, N);
        long a = m.kmapAtomic(hp, N);
        assertTrue(a >= m.layout().fixaddrStart(), Long.toHexString(a));
        Recorder w = new Recorder();
        m.write(m.kernel(), a, 4, 0xdeadbeefL, w);
        assertFalse(w.hasOops(), w::toString);
        // the write went to the highmem frame itself
        assertEquals(0xdeadbeefL, m.kernelState().phys.read(m.pageToPhys(hp, N), 4));
        m.kunmapAtomic(a, N);
        long lp = m.allocPage(Gfp.GFP_KERNEL, N);
        assertFalse(m.pageHighMem(lp, N));
        assertEquals(m.pageAddress(lp, N), m.kmap(lp, N));
        assertEquals(m.va(m.pageToPhys(lp, N), N), m.pageAddress(lp, N));
        m.kunmap(lp, N);
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        assertTrue(m.highmem().invariants().isEmpty(), () -> m.highmem().invariants().toString());
    }

    /** seed001 "kernel lowmem is section-mapped on arm" on board. */
    @Test void kernelLowmemIsSectionMappedOnArm() {
        Machine m = Machine.boot(Machines32.board());
        assertTrue(m.booted(), () -> m.diagnostics().all().toString());
        long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        assertNotEquals(0, k);
        long pmd = m.pmdOffset(m.pudOffset(m.p4dOffset(m.pgdOffsetK(k, N), k, N), k, N), k, N);
        long e = m.readEntry(pmd, PagingMode.PMD, N);
        assertTrue(m.pmdLeaf(e), Long.toHexString(e));
        assertEquals(m.pa(k, N) >>> 12, m.pageToPfn(m.virtToPage(k, N), N));
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /** seed002 "mem_map does not live in the private zone" on board. */
    @Test void memMapDoesNotLiveInThePrivateZone() {
        Machine m = Machine.boot(Machines32.board());
        Zone newMem = m.zone("NewMem");
        assertEquals(131072, newMem.spanned());
        assertEquals(131072, newMem.present());
        assertEquals(0x2f800, newMem.startPfn());
        assertEquals(0, m.framesOwnedBy("memmap", newMem));
        assertEquals(4096, m.framesOwnedBy("memmap", null));            // 524288 descriptors of 32 bytes
        assertEquals("memmap", m.frameOwner(m.pageToPfn(m.virtToPage(m.memMap(), N), N)));
        long p = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
        assertSame(m.zone("HighMem"), m.pageZone(p, N));
        assertFalse(m.zoneinfo().isEmpty());
        assertTrue(m.zoneinfo().contains("NewMem"));
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /** seed004 "mapping addresses to struct pages" on pc32old. */
    @Test void mappingAddressesToStructPages() {
        Machine m = Machine.boot(Machines32.pc32old());
        assertTrue(m.booted(), () -> m.diagnostics().all().toString());
        assertEquals(0xC0000000L, m.layout().pageOffset());
        assertEquals(0x01000000L, m.pa(0xC1000000L, N));
        assertEquals(0xC0100000L, m.va(0x00100000L, N));
        assertEquals(0xC1000000L, m.memMap());                          // bootmem: first free frame above ZONE_DMA
        assertEquals(m.memMap() + 0x100 * 32, m.virtToPage(0xC0100000L, N));   // mem_map + 0x100 (struct page is 32 bytes)
        assertEquals(0x2000, m.pageToPfn(m.virtToPage(0xC2000000L, N), N));
        assertEquals(0x2000000L, m.pageToPhys(m.pfnToPage(0x2000, N), N));
        assertEquals(0, m.zone("DMA").startPfn());                      // 2.6 kept page 0 as RAM
        assertEquals(4096, m.zone("DMA").spanned());
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }
}
