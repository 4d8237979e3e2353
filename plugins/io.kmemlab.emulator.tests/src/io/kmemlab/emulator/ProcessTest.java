package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.ConfigOption;
import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** mmap, demand faults, zero page, COW, hugetlb, GUP/pin, swap, and the reports for bad accesses. */
class ProcessTest {
    static final Trace N = Trace.NONE;

    @Test void mmapIsTopDownBelowMmapBase() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 8192, PROT_READ | PROT_WRITE, 0, N);
        // mmap_base = DEFAULT_MAP_WINDOW (2^47 - 4096) - 128 MiB gap = 0x7ffff7fff000
        assertEquals(0x7ffff7fff000L - 8192, a);
        long b = m.mmap(p, 4096, PROT_READ, 0, N);
        assertEquals(a - 4096, b);
        assertEquals(2, m.vmas(p).size());                      // different protections: no merge
    }

    @Test void readFaultMapsTheZeroPageAndWriteCopiesIt() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        assertEquals(0, m.read(p, a + 8, 8, N));
        var w = m.walk(p, a, N);
        assertEquals(m.kernelState().zeroPagePfn, w.pa() >>> 12);
        assertEquals(0, w.last().raw() & 0x2);                   // read-only
        assertNotEquals(0, w.last().raw() & 0x200);              // pte_special
        m.write(p, a + 8, 8, 0x1122334455667788L, N);
        var w2 = m.walk(p, a, N);
        assertNotEquals(m.kernelState().zeroPagePfn, w2.pa() >>> 12);
        // anon page: mapping = anon_vma | PAGE_MAPPING_ANON, index = linear page index (addr >> 12)
        long page = m.pfnToPage(w2.pa() >>> 12, N);
        assertEquals(1L, m.pageField(page, "mapping", N) & 1);
        assertEquals(a >>> 12, m.pageField(page, "index", N));
        assertEquals(1, m.pageMapcount(page, N));
        assertTrue(m.pageFlag("SwapBacked", page, N));
        // right after the fault the page waits in the per-CPU LRU batch: no PG_lru yet, and the
        // batch holds a reference (page_count 2 = mapping + batch)
        assertFalse(m.pageFlag("LRU", page, N));
        assertEquals(2, m.pageCount(page, N));
        assertEquals("user", m.frameOwner(w2.pa() >>> 12));
        assertEquals(0x1122334455667788L, m.read(p, a + 8, 8, N));
        // the PTE: P RW US A D NX and the pfn
        long pte = w2.last().raw();
        assertEquals(0x8000000000000067L, pte & ~0x000ffffffffff000L);
    }

    @Test void badUserAccessIsSigsegvAndBadKernelAccessIsAnOops() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        Recorder r = new Recorder();
        m.write(p, 0x1000, 1, 1, r);
        assertTrue(r.has(Diagnostic.Kind.SIGSEGV));
        assertTrue(r.diagnostics().get(0).headline().startsWith("app[" + p.pid() + "]: segfault at 1000 ip "), r.diagnostics().get(0).headline());
        assertTrue(r.diagnostics().get(0).headline().endsWith("error 6"));          // user | write, not present

        long v = m.vmalloc(4096, N);
        Recorder k = new Recorder();
        m.read(m.kernel(), v + 4096, 8, k);                                         // the guard page
        Diagnostic d = k.diagnostics().get(0);
        assertEquals(Diagnostic.Kind.OOPS, d.kind());
        assertEquals(String.format("BUG: unable to handle page fault for address: %016x", v + 4096), d.headline());
        assertTrue(d.text().contains("#PF: supervisor read access in kernel mode\n#PF: error_code(0x0000) - not-present page\nPGD "), d.text());
        // page_fault_oops: __die("Oops", ...) and, from 6.10, __die_header's "Oops: " prefix (arch/x86/kernel/dumpstack.c)
        assertTrue(d.text().contains(" PTE 0\nOops: Oops: 0000 [#1] PREEMPT SMP NOPTI"), d.text());

        Recorder z = new Recorder();
        m.read(m.kernel(), 0, 8, z);
        assertEquals("BUG: kernel NULL pointer dereference, address: 0000000000000000", z.diagnostics().get(0).headline());
        assertTrue(z.diagnostics().get(0).text().contains("\nPGD 0 P4D 0\n"), z.diagnostics().get(0).text());
    }

    @Test void hugetlbPoolAndPmdLeaves() {
        Machine m = Machine.boot(Machines.small());               // hugepages 2
        Task p = m.process("app");
        long a = m.mmap(p, 2L << 20, PROT_READ | PROT_WRITE, MAP_HUGETLB, N);
        assertEquals(0, a & ((2L << 20) - 1));
        long b = m.mmap(p, 2L << 20, PROT_READ | PROT_WRITE, MAP_HUGETLB, N);
        assertNotEquals(-1, b);
        assertEquals(-1, m.mmap(p, 2L << 20, PROT_READ | PROT_WRITE, MAP_HUGETLB, N));   // pool exhausted: MAP_FAILED
        m.write(p, a + 12345, 1, 7, N);
        var w = m.walk(p, a + 12345, N);
        assertEquals(PagingMode.PMD, w.leafLevel());
        long head = m.pfnToPage(w.pa() >>> 12 & ~511L, N);
        assertTrue(m.pageFlag("Hugetlb", head, N));
        assertEquals(9, m.compoundOrder(head, N));
        m.munmap(p, a, 2L << 20, N);
        assertNotEquals(-1, m.mmap(p, 2L << 20, PROT_READ | PROT_WRITE, MAP_HUGETLB, N));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @Test void gupAndPinCountReferences() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 4 * 4096, PROT_READ | PROT_WRITE, MAP_POPULATE, N);
        long[] g = m.getUserPages(p, a, 2, FOLL_WRITE, N);
        // 1 for the mapping + 1 held by the per-CPU LRU batch (folio_add_lru: 4 pages < 31,
        // not drained yet) + 1 for GUP
        assertEquals(3, m.pageRefCount(g[0], N));
        assertFalse(m.pageFlag("LRU", g[0], N));
        long[] pin = m.pinUserPages(p, a, 1, FOLL_WRITE, N);
        assertEquals(3 + 1024, m.pageRefCount(pin[0], N));        // GUP_PIN_COUNTING_BIAS
        m.unpinUserPage(pin[0], N);
        m.putPage(g[0], N);
        m.putPage(g[1], N);
        assertEquals(2, m.pageRefCount(g[0], N));
        m.kernelState().processes().lruAddDrain(N);                // lru_add_drain(): PG_lru, batch ref dropped
        assertTrue(m.pageFlag("LRU", g[0], N));
        assertEquals(1, m.pageRefCount(g[0], N));
        m.munmap(p, a, 4 * 4096, N);
        assertEquals("free", m.frameOwner(m.pageToPfn(g[0], N)));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /**
     * mm/gup.c (v6.12) try_grab_folio: "Don't take a pin on the zero page" (is_zero_folio, since 6.5),
     * and gup_put_folio returns early for it: pinning a never-written anonymous page (mapped to the
     * zero page by a read fault) leaves the zero page's refcount as it was; FOLL_GET still adds 1.
     */
    @Test void theZeroPageIsNeverPinned() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        assertEquals(0, m.read(p, a, 8, N));                     // read fault: the zero page
        long zero = m.pfnToPage(m.kernelState().zeroPagePfn, N);
        int before = m.pageRefCount(zero, N);
        long[] pin = m.pinUserPages(p, a, 1, 0, N);
        assertEquals(1, pin.length);
        assertEquals(zero, pin[0]);
        assertEquals(before, m.pageRefCount(zero, N));           // no GUP_PIN_COUNTING_BIAS
        m.unpinUserPage(pin[0], N);
        assertEquals(before, m.pageRefCount(zero, N));
        long[] got = m.getUserPages(p, a, 1, 0, N);
        assertEquals(before + 1, m.pageRefCount(got[0], N));     // try_grab_folio FOLL_GET: folio_ref_add
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    @Test void swapOutAndBackIn() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(p, a + 100, 4, 0xcafef00dL, N);
        long pfn = m.walk(p, a, N).pa() >>> 12;
        assertTrue(m.swapOut(p, a, N));
        var w = m.walk(p, a, N);
        assertFalse(w.mapped());
        long pte = w.last().raw();
        // __swp_entry(0, 1): (~1 << 14) >> 5 (logical) = 0x07fffffffffffc00, type 0 in bits 63..59;
        // the page was anon-exclusive: try_to_unmap_one sets _PAGE_SWP_EXCLUSIVE = _PAGE_PWT (bit 3, 5.19+)
        assertEquals(0x07fffffffffffc00L | (1L << 3), pte);
        assertEquals("free", m.frameOwner(pfn));
        assertEquals(0xcafef00dL, m.read(p, a + 100, 4, N));      // swap-in on the next access
        assertTrue(m.walk(p, a, N).mapped());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /**
     * CONFIG_MEM_SOFT_DIRTY (x86_64, arch/x86/include/asm/pgtable.h v6.12): pte_mkdirty() sets _PAGE_DIRTY and
     * _PAGE_SOFT_DIRTY (bit 11); swap-out keeps it as _PAGE_SWP_SOFT_DIRTY = _PAGE_RW (bit 1) next to
     * _PAGE_SWP_EXCLUSIVE = _PAGE_PWT (bit 3), and do_swap_page() gives it back (pte_swp_soft_dirty).
     */
    @Test void softDirtySurvivesSwap() {
        Machine m = Machine.boot(Machines.small().config(ConfigOption.MEM_SOFT_DIRTY, true));
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(p, a, 4, 0x1234, N);
        long pte = m.walk(p, a, N).last().raw();
        assertEquals(1L << 6, pte & (1L << 6));                   // _PAGE_DIRTY
        assertEquals(1L << 11, pte & (1L << 11));                 // _PAGE_SOFT_DIRTY
        assertTrue(m.swapOut(p, a, N));
        long swp = m.walk(p, a, N).last().raw();
        assertEquals((1L << 1) | (1L << 3), swp & 0xff);          // SWP_SOFT_DIRTY | SWP_EXCLUSIVE, P clear
        assertEquals(0x1234, m.read(p, a, 4, N));                 // read fault: swap-in
        assertEquals(1L << 11, m.walk(p, a, N).last().raw() & (1L << 11));
        // without the option no bit 11 (and 2.6.32 has no exclusive marker either)
        Machine plain = Machine.boot(Machines.small().kernel("2.6"));
        Task q = plain.process("app");
        long b = plain.mmap(q, 4096, PROT_READ | PROT_WRITE, 0, N);
        plain.write(q, b, 4, 1, N);
        assertEquals(0, plain.walk(q, b, N).last().raw() & (1L << 11));
        assertTrue(plain.swapOut(q, b, N));
        assertEquals(0, plain.walk(q, b, N).last().raw() & 0xff);
    }

    /**
     * pte_present() on x86 is _PAGE_PRESENT | _PAGE_PROTNONE (arch/x86/include/asm/pgtable.h), so a PROT_NONE
     * entry (P clear, bit 8 set, a pfn) is not a swap entry (is_swap_pte = !none && !present).
     */
    @Test void protNoneIsNotSwap() {
        var f = new io.kmemlab.emulator.arch.X86Entry(PagingMode.PUD, PagingMode.PMD, PagingMode.PTE);
        long protNone = 0x1234000L | (1L << 8) | (1L << 5) | (1L << 2) | (1L << 63);
        assertTrue(f.protNone(PagingMode.PTE, protNone));
        assertFalse(f.isSwap(PagingMode.PTE, protNone));
        assertEquals("PROT_NONE pfn=0x1234", f.decode(PagingMode.PTE, protNone));
        assertTrue(f.isSwap(PagingMode.PTE, f.makeSwap(0, 5)));
    }

    @Test void theLruBatchDrainsEvery31Pages() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 40 * 4096, PROT_READ | PROT_WRITE, MAP_POPULATE, N);
        // the 31st new page fills the folio_batch (PAGEVEC_SIZE 31): pages 0..30 get PG_lru and
        // lose the batch reference; pages 31..39 still wait in the batch
        long first = m.pfnToPage(m.walk(p, a, N).pa() >>> 12, N);
        long last = m.pfnToPage(m.walk(p, a + 39 * 4096, N).pa() >>> 12, N);
        assertTrue(m.pageFlag("LRU", first, N));
        assertEquals(1, m.pageCount(first, N));
        assertFalse(m.pageFlag("LRU", last, N));
        assertEquals(2, m.pageCount(last, N));
        assertEquals(9, m.kernelState().processes().lruBatchCount());
        m.munmap(p, a, 40 * 4096, N);                              // unmap_region drains, then frees
        assertEquals("free", m.frameOwner(m.pageToPfn(last, N)));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @Test void munmapFreesPageTablesNoVmaNeedsAnyMore() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(p, a, 1, 1, N);
        var w = m.walk(p, a, N);
        long pteTable = w.steps().get(3).tablePa() >>> 12, pmdTable = w.steps().get(2).tablePa() >>> 12;
        long pudTable = w.steps().get(1).tablePa() >>> 12;
        assertEquals("page-table", m.frameOwner(pteTable));
        long b = m.mmap(p, 4096, PROT_READ, 0, N);                  // below a, same pte table
        m.munmap(p, a, 4096, N);
        assertEquals("page-table", m.frameOwner(pteTable));         // b still needs it
        m.munmap(p, b, 4096, N);
        assertEquals("free", m.frameOwner(pteTable));               // no VMA left in its 2 MiB
        assertEquals("free", m.frameOwner(pmdTable));
        assertEquals("free", m.frameOwner(pudTable));
        assertFalse(m.walk(p, a, N).mapped());
        assertEquals(0, m.walk(p, a, N).steps().get(0).raw());     // the pgd entry is cleared
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @Test void processPgdSharesTheKernelHalf() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long kaddr = m.getFreePages(Gfp.GFP_KERNEL, 0, N);
        m.write(m.kernel(), kaddr, 8, 42, N);
        var kw = m.walk(m.kernel(), kaddr, N);
        var pw = m.walk(p, kaddr, N);
        assertEquals(kw.pa(), pw.pa());
        assertEquals(kw.steps().get(1).tablePa(), pw.steps().get(1).tablePa());   // same pud table
        assertNotEquals(kw.steps().get(0).tablePa(), pw.steps().get(0).tablePa()); // own pgd
        assertEquals("page-table", m.frameOwner(pw.steps().get(0).tablePa() >>> 12));
        assertTrue(m.pageFlag("Table", m.pfnToPage(pw.steps().get(0).tablePa() >>> 12, N), N));
    }

    @Test void vmapStackOffGivesDirectMapStacks() {
        Machine m = Machine.boot(Machines.small().config(ConfigOption.VMAP_STACK, false));
        long s = m.stackBuffer(m.kthread("w"), 64, N);
        assertFalse(m.isVmallocAddr(s, N));
        assertTrue(m.virtAddrValid(s, N));
        assertEquals("stack", m.frameOwner(m.pa(s, N) >>> 12));
    }
}
