package io.kmemlab.emulator;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The x86_64 parts of the acceptance scenarios seed000, seed001 and seed003, step by step through the Java API. */
class SeedScenariosTest {
    static final Trace N = Trace.NONE;
    Machine m;

    @BeforeEach void boot() { m = Machine.boot(Machines.pc24g()); }

    /** seed000 "a PTE holds a PFN". */
    @Test void pteHoldsPfn() {
        Task app = m.process("app");
        long u = m.mmap(app, 8192, PROT_READ | PROT_WRITE, 0, N);
        m.write(app, u + 0x10, 1, 0x5a, N);
        long pgd = m.pgdOffset(m.mmOf(app), u, N);
        long pmd = m.pmdOffset(m.pudOffset(m.p4dOffset(pgd, u, N), u, N), u, N);
        long ptep = m.pteOffsetMap(pmd, u, N);
        assertNotEquals(0, ptep);
        long pte = m.readEntry(ptep, PagingMode.PTE, N);
        assertTrue(m.ptePresent(pte));
        assertEquals(m.pfnToPage(m.ptePfn(pte), N), m.ptePage(pte, N));
        // vmemmap: pfn_to_page(pfn) = VMEMMAP_START + pfn * sizeof(struct page) (64)
        assertEquals(0xffffea0000000000L + m.ptePfn(pte) * 64, m.pfnToPage(m.ptePfn(pte), N));
        // read8(page_address(pte_page(*ptep)) + 0x10) inside the process block: a kernel-half
        // address, read in kernel mode through the direct map
        assertEquals(0x5a, m.read(app, m.pageAddress(m.ptePage(pte, N), N) + 0x10, 1, N));
        m.pteUnmap(ptep, N);
        Recorder r = new Recorder();
        var w = m.walk(app, u, r);
        assertTrue(w.mapped());
        assertEquals(4, r.entries().size());           // 4-level: pgd (p4d folded), pud, pmd, pte
        assertEquals(m.ptePfn(pte), w.pa() >>> 12);
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /** seed001 "struct page from any address" (x86_64 parts). */
    @Test void structPageFromAnyAddress() {
        long k = m.kmalloc(100, Gfp.GFP_KERNEL, N);
        assertTrue(m.virtAddrValid(k, N));
        assertTrue(m.pageFlag("Slab", m.virtToPage(k, N), N));
        assertEquals(m.pa(k, N) >>> 12, m.pageToPfn(m.virtToPage(k, N), N));

        long v = m.vmalloc(3 * 4096, N);
        assertTrue(m.isVmallocAddr(v, N));
        assertFalse(m.virtAddrValid(v, N));
        int before = m.diagnostics().size();
        assertNotEquals(m.vmallocToPage(v + 4096, N), m.virtToPage(v + 4096, N));
        // virt_to_page on vmalloc: without DEBUG_VIRTUAL __phys_addr (arch/x86/mm/physaddr.c) checks nothing and
        // the kernel prints nothing - a kmemlab note, not a kernel WARN
        assertEquals(Diagnostic.Kind.ERROR, m.diagnostics().all().get(before).kind());
        assertTrue(m.diagnostics().all().get(before).headline().startsWith("kmemlab note: "));
        assertEquals(m.pageToPfn(m.vmallocToPage(v + 4096, N), N), m.vmallocToPfn(v + 4096, N));

        long g = m.symbol("jiffies_buf");
        assertTrue(Long.compareUnsigned(g, 0xffffffff80000000L) >= 0);
        assertEquals(m.paSymbol(g, N) >>> 12, m.pageToPfn(m.virtToPage(g, N), N));

        Task worker = m.kthread("worker");
        long s = m.stackBuffer(worker, 64, N);
        assertTrue(m.isVmallocAddr(s, N));
        assertEquals("stack", m.frameOwner(m.vmallocToPfn(s, N)));

        Task app = m.process("app");
        long u = m.mmap(app, 16384, PROT_READ | PROT_WRITE, 0, N);
        m.write(app, u, 1, 1, N);
        long[] pages = m.getUserPages(app, u, 4, FOLL_WRITE, N);
        assertEquals(4, pages.length);
        assertTrue(m.pageCount(pages[0], N) >= 2);
        assertEquals(1, m.pageMapcount(pages[0], N));
        for (long p : pages) m.putPage(p, N);
        // back to the mapping's reference plus the LRU batch's (4 new pages < PAGEVEC_SIZE 31)
        assertEquals(2, m.pageCount(pages[0], N));
        int bugs = 0;
        for (Diagnostic d : m.diagnostics().all()) if (d.kind() != Diagnostic.Kind.WARN && d.kind() != Diagnostic.Kind.ERROR) bugs++;
        assertEquals(0, bugs, () -> m.diagnostics().all().toString());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /** seed003 "struct page unions and flags". */
    @Test void structPageUnionsAndFlags() {
        long s = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        long sp = m.virtToPage(s, N);
        assertTrue(m.pageFlag("Slab", sp, N));
        assertNotEquals(0L, m.slabField(m.pageSlab(sp, N), "slab_cache"));

        long c = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, N);
        assertTrue(m.pageFlag("Head", c, N));
        assertTrue(m.pageFlag("Tail", c + 64, N));                 // c + 1: pointer arithmetic in 64-byte units
        assertEquals(c, m.compoundHead(c + 3 * 64, N));
        assertEquals(2, m.compoundOrder(c, N));
        var tail = m.page(c + 64, N);
        assertEquals("compound-tail", tail.variant());
        assertEquals(c | 1, tail.field("compound_head"));
        assertEquals(2L, tail.field("_folio_order"));
        assertEquals(4L, tail.field("_folio_nr_pages"));

        // enum zone_type (include/linux/mmzone.h, 6.12): ZONE_DMA 0, ZONE_DMA32 1, ZONE_NORMAL 2
        assertEquals(0, m.pageZonenum(m.pfnToPage(0x10, N), N));
        assertEquals(1, m.pageZonenum(m.pfnToPage(0x1000, N), N));
        assertEquals(2, m.pageZonenum(m.pfnToPage(0x100000, N), N));

        long f = m.allocPage(Gfp.GFP_KERNEL, N);
        assertEquals(1, m.pageRefCount(f, N));
        m.getPage(f, N);
        assertEquals(2, m.pageRefCount(f, N));
        m.putPage(f, N);
        m.freePages(f, 0, N);
        assertTrue(m.pageFlag("Buddy", f, N) || m.pageRefCount(f, N) == 0);
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    @Test void nonCanonicalWriteIsGeneralProtectionFault() {
        Recorder r = new Recorder();
        m.write(m.kernel(), 0xdead000000000000L, 1, 1, r);
        assertTrue(r.hasOops());
        // arch/x86/kernel/dumpstack.c __die_header (6.10+): "Oops: %s: %04lx [#%d]" + PREEMPT SMP NOPTI
        assertEquals("Oops: general protection fault, probably for non-canonical address 0xdead000000000000: 0000 [#1] PREEMPT SMP NOPTI",
                r.diagnostics().get(0).headline());
        // the machine stays usable
        assertNotEquals(0, m.kmalloc(32, Gfp.GFP_KERNEL, N));
    }
}
