package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** 32-bit: boot phases, frame owners, oops texts, page_to_virt, user memory and swap. */
class Boot32Test {
    static final Trace N = Trace.NONE;

    @Test void bootPhasesAsOnX86_64() {
        Machine m = Machine.create(Machines32.pc32old());
        m.bootTo(BootPhase.MEMBLOCK, N);
        assertEquals(BootPhase.MEMBLOCK, m.phase());
        Recorder r = new Recorder();
        m.bootStep(r);                                                  // PAGE_TABLES
        assertEquals(BootPhase.PAGE_TABLES, m.phase());
        assertTrue(r.toString().contains("page_table_range_init"), r::toString);
        m.bootStep(N);                                                  // MEMMAP
        assertEquals(0xC1000000L, m.memMap());
        m.bootStep(N);                                                  // ZONES
        assertEquals(4096, m.zone("DMA").spanned());
        m.boot();
        assertTrue(m.booted());
        for (Machine b : new Machine[]{Machine.boot(Machines32.pc32()), Machine.boot(Machines32.board())}) assertTrue(b.booted());
    }

    /** frame_owner: mem_map, the kernel image, page tables (ARM's 16 KiB swapper_pg_dir below the image), slab. */
    @Test void frameOwners() {
        Machine m = Machine.boot(Machines32.board());
        long pgdPa = m.pa(m.symbol("swapper_pg_dir"), N);
        assertEquals(0, pgdPa & 0x3fff);                                   // 16 KiB aligned
        for (int i = 0; i < 4; i++) assertEquals("page-table", m.frameOwner((pgdPa >>> 12) + i));
        assertEquals("kernel", m.frameOwner(m.pa(m.symbol("_text"), N) >>> 12));
        assertTrue(m.framesOwnedBy("page-table", null) >= 4 + 120);          // + the vmalloc/pkmap/fixmap pte pages
        long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        assertEquals("slab", m.frameOwner(m.pa(k, N) >>> 12));
        assertEquals("memmap", m.frameOwner(m.pa(m.memMap(), N) >>> 12));
        long v = m.vmalloc(4096, N);
        assertEquals("vmalloc", m.frameOwner(m.vmallocToPfn(v, N)));
        assertEquals("stack", m.frameOwner(m.vmallocToPfn(m.stackBuffer(m.kthread("w"), 64, N), N)));
        Task app = m.process("app");
        long u = m.mmap(app, 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, N);
        m.write(app, u, 1, 1, N);
        long upfn = m.walk(app, u, N).pa() >>> 12;
        assertEquals("user", m.frameOwner(upfn));
        assertTrue(m.framesOwnedBy("user", m.zone("HighMem")) >= 1);       // GFP_HIGHUSER_MOVABLE
        assertEquals(0, m.framesOwnedBy("slab", m.zone("HighMem")));         // slab is never highmem
        assertEquals("free", m.frameOwner(0x70000));
        Machine pc = Machine.boot(Machines32.pc32());
        assertEquals("kernel", pc.frameOwner(pc.pa(pc.symbol("swapper_pg_dir"), N) >>> 12));   // i386: swapper_pg_dir is in the image's bss
        assertEquals("page-table", pc.frameOwner(pc.walk(pc.kernel(), 0xC0001000L, N).steps().get(0).raw() >>> 12));  // the first 4 MiB's pte table
    }

    /**
     * CONFIG_NOHIGHMEM (arch/x86/mm/init_32.c highmem_pfn_init, v6.12): "Warning only MAXMEM>>20 MB will be
     * used", max_pfn = MAXMEM_PFN, no HighMem zone, no pkmap; MAXMEM = VMALLOC_END - PAGE_OFFSET - 128 MiB.
     */
    @Test void highmemOffIgnoresRamAboveLowmem() {
        Machine m = Machine.boot(Machines32.pc32().config(ConfigOption.HIGHMEM, false));
        assertTrue(m.booted());
        long maxmemPfn = (m.layout().vmallocEnd() - 0xC0000000L - (128L << 20)) >>> 12;
        assertTrue(m.diagnostics().all().get(0).headline().startsWith("Warning only " + (maxmemPfn >>> 8) + "MB will be used"));
        assertNull(m.zone("HighMem"));
        assertEquals(maxmemPfn, m.zone("Normal").endPfn());
        assertNull(m.highmem());
        assertEquals(0, m.layout().pkmapBase());
        assertFalse(m.pfnValid(maxmemPfn, N));
        assertTrue(m.pfnValid(maxmemPfn - 1, N));
        long p = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);                 // __GFP_HIGHMEM falls back to Normal
        assertEquals(m.pageAddress(p, N), m.kmap(p, N));
    }

    /** ARM user page tables are _PAGE_USER_TABLE (domain 1), kernel ones _PAGE_KERNEL_TABLE (domain 0). */
    @Test void armUserTablesUseTheUserDomain() {
        Machine m = Machine.boot(Machines32.board());
        Task app = m.process("app");
        long u = m.mmap(app, 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, N);
        m.write(app, u, 1, 1, N);
        assertEquals(0x31, m.walk(app, u, N).steps().get(0).raw() & 0x3ff);
        long v = m.vmalloc(4096, N);
        assertEquals(0x11, m.walk(app, v, N).steps().get(0).raw() & 0x3ff);
    }

    @Test void i386OopsText() {
        Machine m = Machine.boot(Machines32.pc32());
        Recorder r = new Recorder();
        m.read(m.kernel(), m.layout().vmallocStart() + 0x100000, 4, r);
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(Diagnostic.Kind.OOPS, d.kind());
        assertEquals(String.format("BUG: unable to handle page fault for address: %08x", m.layout().vmallocStart() + 0x100000), d.headline());
        assertTrue(d.text().contains("*pde = "), d.text());
        Machine pae = Machine.boot(Machines32.pc32().paging("pae"));
        Recorder r2 = new Recorder();
        pae.write(pae.kernel(), 0x10, 4, 1, r2);
        assertTrue(r2.diagnostics().get(0).headline().startsWith("BUG: kernel NULL pointer dereference, address: 00000010"));
        assertTrue(r2.diagnostics().get(0).text().contains("*pdpt = "));
    }

    @Test void armOopsText() {
        Machine m = Machine.boot(Machines32.board());
        Recorder r = new Recorder();
        long va = m.layout().vmallocStart() + 0x100000;
        m.write(m.kernel(), va, 4, 1, r);
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(String.format("Unable to handle kernel paging request at virtual address %08x when write", va), d.headline());
        assertTrue(d.text().startsWith("8<--- cut here ---"));
        assertTrue(d.text().contains(String.format("[%08x] *pgd=", va)));
        assertTrue(d.text().contains("Internal error: Oops: 80"), d.text());
    }

    /**
     * 2.6.32 arch/arm/mm/fault.c __do_kernel_fault: "Unable to handle kernel %s at virtual address %08lx" (no
     * "when read|write", no cut line); show_pte: "pgd = %p" (init_mm's swapper_pg_dir = KERNEL_RAM_VADDR - 0x4000,
     * arch/arm/kernel/head.S, KERNEL_RAM_VADDR = PAGE_OFFSET + TEXT_OFFSET 0x8000) then "[addr] *pgd=";
     * arch/arm/kernel/traps.c __die: "Internal error: %s: %x [#%d]" S_PREEMPT S_SMP.
     */
    @Test void arm26OopsText() {
        Machine m = Machine.boot(Machines32.board().kernel("2.6"));
        Recorder r = new Recorder();
        long va = m.layout().vmallocStart() + 0x100000;
        m.write(m.kernel(), va, 4, 1, r);
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(String.format("Unable to handle kernel paging request at virtual address %08x", va), d.headline());
        assertTrue(d.text().startsWith(d.headline() + "\n"), d.text());
        assertTrue(d.text().contains(String.format("pgd = %08x\n[%08x] *pgd=", 0xC0000000L + 0x8000 - 0x4000, va)), d.text());
        assertTrue(d.text().contains("Internal error: Oops: 80"), d.text());
        assertTrue(d.text().strip().endsWith("[#1] SMP"), d.text());
    }

    @Test void pageToVirtOfHighmemIsTheFormulaAndWarns() {
        Machine m = Machine.boot(Machines32.pc32());
        long hp = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
        Recorder r = new Recorder();
        long v = m.pageToVirt(hp, r);
        assertEquals((m.pageToPhys(hp, N) + 0xC0000000L) & 0xffffffffL, v);
        // page_to_virt() is arithmetic: the kernel prints nothing, so it is a kmemlab note
        assertTrue(r.has(Diagnostic.Kind.ERROR));
        assertFalse(r.has(Diagnostic.Kind.WARN));
        assertEquals(0, m.pageAddress(hp, N));
        // virt_to_page on a kmap address: __virt_addr_valid accepts the pkmap window on i386, but it is not the direct map
        long a = m.kmap(hp, N);
        assertEquals("pkmap", m.describe(a));
        Recorder r2 = new Recorder();
        long wrong = m.virtToPage(a, r2);
        assertNotEquals(hp, wrong);
        assertTrue(r2.has(Diagnostic.Kind.ERROR));                                  // a kmemlab note: no DEBUG_VIRTUAL
    }

    @Test void userMemoryAndSwapOn32Bit() {
        for (MachineSpec s : new MachineSpec[]{Machines32.pc32(), Machines32.pc32().paging("pae"), Machines32.board()}) {
            Machine m = Machine.boot(s);
            Task app = m.process("app");
            long u = m.mmap(app, 16384, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, N);
            assertTrue(u > 0 && u < m.layout().userTop());
            m.write(app, u + 8, 4, 0x1234, N);
            long[] pages = m.getUserPages(app, u, 1, UserFlags.FOLL_WRITE, N);
            assertTrue(m.pageHighMem(pages[0], N), s.arch());           // GFP_HIGHUSER_MOVABLE
            assertEquals(0, m.pageAddress(pages[0], N));
            long ka = m.kmapLocalPage(pages[0], N);                     // the kernel reaches user data through kmap
            assertEquals(0x1234, m.read(m.kernel(), ka + 8, 4, N));
            m.kunmapLocal(ka, N);
            m.putPage(pages[0], N);
            Recorder r = new Recorder();
            assertTrue(m.swapOut(app, u, r), () -> s.arch() + r);
            long ptep = m.pteOffsetMap(m.pmdOffset(m.pudOffset(m.p4dOffset(m.pgdOffset(m.mmOf(app), u, N), u, N), u, N), u, N), u, N);
            long swp = m.readEntry(ptep, PagingMode.PTE, N);
            assertFalse(m.ptePresent(swp));
            assertEquals(0x1234, m.read(app, u + 8, 4, N));              // swap-in
            assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
            assertTrue(m.diagnostics().all().isEmpty(), () -> s.arch() + m.diagnostics().all());
        }
    }
}
