package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.ArmEntry;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** Booted ARM machines: section-mapped lowmem, second-level tables elsewhere, pte_offset_map per profile, dma. */
class ArmMachineTest {
    static final Trace N = Trace.NONE;

    @Test void lowmemIsSectionsEverythingElseIsTables() {
        Machine m = Machine.boot(Machines32.board());
        // lowmem: one pgd pair of sections, the odd MiB in the second word
        // (outside the kernel image, which is at PHYS_OFFSET + TEXT_OFFSET, its text up to 17 MiB)
        WalkResult w = m.walk(m.kernel(), 0xC2312345L, N);
        assertEquals(1, w.steps().size());
        assertEquals(PagingMode.PGD, w.leafLevel());
        assertEquals(0x02312345L, w.pa());
        long raw = w.steps().get(0).raw();
        assertEquals(0x0220041eL, raw & 0xffffffffL);                        // UP: PMD_SECT_WB | XN | AP_WRITE | SECT
        assertEquals(0x0230041eL, raw >>> 32);
        // the last lowmem MiB below 760 MiB is a section, high_memory is not mapped
        assertEquals(0x2f7fffffL, m.walk(m.kernel(), 0xEF7FFFFFL, N).pa());
        assertFalse(m.walk(m.kernel(), 0xEF800000L, N).mapped());
        // vmalloc: pgd table word -> pte (Linux pte at +0, hardware pte at +2048)
        long v = m.vmalloc(4096, N);
        WalkResult vw = m.walk(m.kernel(), v, N);
        assertEquals(PagingMode.PTE, vw.leafLevel());
        WalkResult.Step pte = vw.last();
        long hw = m.kernelState().phys.read(pte.entryPa() + 2048, 4);
        assertEquals(ArmEntry.hwPte(pte.raw(), false), hw);
        assertEquals((vw.pa() & ~0xfffL) | 0x1f, hw);
        // a table word points at the hardware table: (pte page + 2048) | 0x11
        assertEquals(0x811, vw.steps().get(0).raw() & 0xfff);
    }

    /** 6.12: pte_offset_map on a section is "bad pmd", the pair cleared, NULL - and that lowmem is gone. */
    @Test void pteOffsetMapOnASection612() {
        Machine m = Machine.boot(Machines32.board());
        long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        long pmd = m.pmdOffset(m.pudOffset(m.p4dOffset(m.pgdOffsetK(k, N), k, N), k, N), k, N);
        long sect = m.readEntry(pmd, PagingMode.PMD, N);
        assertTrue(m.pmdBad(sect));
        Recorder r = new Recorder();
        assertEquals(0, m.pteOffsetMap(pmd, k, r));
        assertTrue(r.has(Diagnostic.Kind.WARN));
        assertEquals(String.format("mm/pgtable-generic.c: bad pmd %08x.", sect), r.diagnostics().get(0).headline());
        assertTrue(r.diagnostics().get(0).text().contains("1 MiB section"));
        assertEquals(0, m.readEntry(pmd, PagingMode.PGD, N));                // both words cleared
        Recorder o = new Recorder();
        m.read(m.kernel(), k, 4, o);
        assertTrue(o.hasOops(), o::toString);
    }

    /** Stepping back over the bad-pmd clearing brings the section (and the kernel's access) back. */
    @Test void restoreUndoesTheBadPmdClear() {
        Machine m = Machine.boot(Machines32.board());
        long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        long pmd = m.pgdOffsetK(k, N);
        long before = m.readEntry(pmd, PagingMode.PGD, N);
        Checkpoint c = m.checkpoint();
        m.pteOffsetMap(pmd, k, N);
        assertEquals(0, m.readEntry(pmd, PagingMode.PGD, N));
        m.restore(c);
        assertEquals(before, m.readEntry(pmd, PagingMode.PGD, N));
        Recorder r = new Recorder();
        m.read(m.kernel(), k, 4, r);
        assertFalse(r.hasOops());
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /** 2.6: pte_offset_map has no check: (section & ~2047) + 2048 + pte_index * 4 - inside the data the section maps. */
    @Test void pteOffsetMapOnASection26() {
        Machine m = Machine.boot(Machines32.board().kernel("2.6"));
        long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        long pmd = m.pgdOffsetK(k, N);
        long sect = m.readEntry(pmd, PagingMode.PMD, N);
        Recorder r = new Recorder();
        long p = m.pteOffsetMap(pmd, k, r);
        long expect = m.va((sect & ~2047L) + 2048, N) + ((k >>> 12) & 511) * 4;
        assertEquals(expect, p);
        assertTrue(r.toString().contains("1 MiB section"), r::toString);
        assertFalse(r.hasOops());
    }

    /** dma_alloc_coherent on ARM: a vmalloc-area remap; virt_to_phys on it is wrong and says so. */
    @Test void dmaAllocCoherentIsOutsideTheLinearMap() {
        Machine m = Machine.boot(Machines32.board());
        long d = m.dmaAllocCoherent(8192, N);
        assertNotEquals(0, d);
        assertTrue(m.isVmallocAddr(d, N));
        assertFalse(m.virtAddrValid(d, N));
        Recorder r = new Recorder();
        long wrong = m.virtToPhys(d, r);
        // without DEBUG_VIRTUAL arch/arm/mm/physaddr.c is not built: a kmemlab note, not a kernel WARN
        assertTrue(r.has(Diagnostic.Kind.ERROR));
        assertTrue(r.diagnostics().get(0).headline().startsWith("kmemlab note: "));
        assertTrue(r.diagnostics().get(0).headline().contains("dma_alloc_coherent"));
        long real = m.walk(m.kernel(), d, N).pa();
        assertNotEquals(real, wrong);
        m.write(m.kernel(), d + 4096, 4, 0xcafe, N);
        assertEquals(0xcafe, m.kernelState().phys.read(real + 4096, 4));
        // uncached: L_PTE_MT_BUFFERABLE
        assertEquals(ArmEntry.L_PTE_MT_BUFFERABLE, m.walk(m.kernel(), d, N).last().raw() & ArmEntry.L_PTE_MT_MASK);
    }

    /** Custom zones on ARM: GFP_HIGHUSER falls back HighMem -> Normal, never into the allocator-none zone. */
    @Test void zonelistSkipsAllocatorNoneZone() {
        MachineSpec s = new MachineSpec().arch("arm").lowmemLimit(32L << 20).ramSize(0, 64L << 20).kernelImage(1L << 20, 4L << 20)
                .zones(java.util.List.of(io.kmemlab.emulator.spec.ZoneSpec.until("Normal", 32L << 20),
                        io.kmemlab.emulator.spec.ZoneSpec.size("NewMem", 16L << 20, true), io.kmemlab.emulator.spec.ZoneSpec.rest("HighMem")))
                .config(ConfigOption.HIGHMEM, true);
        Machine m = Machine.boot(s);
        var newMem = m.zone("NewMem");
        assertEquals(0x2000, newMem.startPfn());
        assertEquals(4096, newMem.spanned());
        int inHigh = 0, inNormal = 0;
        for (int i = 0; i < 20000; i++) {
            long p = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
            if (p == 0) break;
            var z = m.pageZone(p, N);
            assertNotSame(newMem, z);
            if (z == m.zone("HighMem")) inHigh++; else inNormal++;
        }
        assertTrue(inHigh > 4000 && inNormal > 0, inHigh + " " + inNormal);
        assertEquals(newMem.spanned(), m.framesOwnedBy("reserved", newMem));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /** DEBUG_VIRTUAL on ARM: virt_to_phys of a non-linear address is a WARN (arch/arm/mm/physaddr.c), not a BUG. */
    @Test void debugVirtualWarnsOnArm() {
        Machine m = Machine.boot(Machines32.board().config(ConfigOption.DEBUG_VIRTUAL, true));
        long v = m.vmalloc(4096, N);
        Recorder r = new Recorder();
        m.virtToPhys(v, r);
        assertTrue(r.has(Diagnostic.Kind.WARN));
        assertFalse(r.has(Diagnostic.Kind.BUG));
        assertTrue(r.diagnostics().get(0).headline().contains("virt_to_phys used for non-linear address"));
    }

    /** A user process on ARM: its pgd is 16 KiB, kernel entries copied from USER_PTRS_PER_PGD (TASK_SIZE >> 21). */
    @Test void userProcessOnArm() {
        Machine m = Machine.boot(Machines32.board());
        Task app = m.process("app");
        long u = m.mmap(app, 8192, io.kmemlab.emulator.process.UserFlags.PROT_READ | io.kmemlab.emulator.process.UserFlags.PROT_WRITE, 0, N);
        assertTrue(u > 0 && u < 0xBF000000L, Long.toHexString(u));
        Recorder r = new Recorder();
        m.write(app, u + 0x10, 1, 0x5a, r);
        assertFalse(r.has(Diagnostic.Kind.SIGSEGV), r::toString);
        assertEquals(0x5a, m.read(app, u + 0x10, 1, N));
        long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        assertEquals(m.walk(m.kernel(), k, N).pa(), m.walk(app, k, N).pa());   // the kernel half is shared
    }
}
