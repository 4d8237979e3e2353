package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.MachineSpec;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.trace.Recorder;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The conversion, page-table and highmem built-ins of docs/language.md section 5 on every 32-bit machine: each one traced, none oopses. */
class Builtins32Test {
    static Stream<MachineSpec> machines() {
        return Stream.of(Machines32.pc32(), Machines32.pc32().paging("pae"), Machines32.pc32old(), Machines32.board(),
                Machines32.board().kernel("2.6"));
    }

    static long traced(String what, Function<Recorder, Long> op) {
        Recorder r = new Recorder();
        long v = op.apply(r);
        assertFalse(r.events().isEmpty(), what + " left no trace");
        assertFalse(r.hasOops(), () -> what + ": " + r);
        return v;
    }

    @ParameterizedTest @MethodSource("machines")
    void everyBuiltinIsTraced(MachineSpec spec) {
        Machine m = Machine.boot(spec);
        assertTrue(m.booted(), () -> m.diagnostics().all().toString());
        long k = traced("kmalloc", r -> m.kmalloc(200, Gfp.GFP_KERNEL, r));
        long pg = traced("virt_to_page", r -> m.virtToPage(k, r));
        long pfn = traced("page_to_pfn", r -> m.pageToPfn(pg, r));
        assertEquals(pg, traced("pfn_to_page", r -> m.pfnToPage(pfn, r)));
        assertEquals(pfn << 12, traced("page_to_phys", r -> m.pageToPhys(pg, r)));
        assertEquals(pfn, traced("__pa", r -> m.pa(k, r)) >>> 12);
        assertEquals(k & ~0xfffL, traced("page_address", r -> m.pageAddress(pg, r)));
        assertEquals(k & ~0xfffL, traced("page_to_virt", r -> m.pageToVirt(pg, r)));
        assertEquals(k, traced("__va", r -> m.va(m.virtToPhys(k, r), r)));
        assertEquals(k, traced("phys_to_virt", r -> m.physToVirt(m.pa(k, r), r)));
        assertEquals(1L, traced("pfn_valid", r -> m.pfnValid(pfn, r) ? 1L : 0L));
        assertEquals(1L, traced("virt_addr_valid", r -> m.virtAddrValid(k, r) ? 1L : 0L));
        traced("page_zonenum", r -> (long) m.pageZonenum(pg, r));
        traced("page_to_nid", r -> (long) m.pageToNid(pg, r));
        traced("pfn_to_section_nr", r -> m.pfnToSectionNr(pfn, r));
        long text = m.symbol("_text");
        assertEquals(m.pa(text, io.kmemlab.emulator.trace.Trace.NONE), traced("__pa_symbol", r -> m.paSymbol(text, r)));
        long v = traced("vmalloc", r -> m.vmalloc(2 * 4096, r));
        assertEquals(1L, traced("is_vmalloc_addr", r -> m.isVmallocAddr(v, r) ? 1L : 0L));
        long vp = traced("vmalloc_to_page", r -> m.vmallocToPage(v + 4096, r));
        assertEquals(m.pageToPfn(vp, io.kmemlab.emulator.trace.Trace.NONE), traced("vmalloc_to_pfn", r -> m.vmallocToPfn(v + 4096, r)));
        // page tables, kernel and user
        long pgd = traced("pgd_offset_k", r -> m.pgdOffsetK(v, r));
        long pmd = traced("pmd_offset", r -> m.pmdOffset(m.pudOffset(m.p4dOffset(pgd, v, r), v, r), v, r));
        long ptep = traced("pte_offset_kernel", r -> m.pteOffsetKernel(pmd, v, r));
        long pte = traced("*ptep", r -> m.readEntry(ptep, PagingMode.PTE, r));
        assertTrue(m.ptePresent(pte));
        assertEquals(m.vmallocToPfn(v, io.kmemlab.emulator.trace.Trace.NONE), m.ptePfn(pte));
        traced("pte_page", r -> m.ptePage(pte, r));
        traced("lookup_address", r -> m.lookupAddress(k, r)[1]);
        traced("walk", r -> m.walk(m.kernel(), k, r).pa());
        Task app = m.process("app");
        long u = traced("mmap", r -> m.mmap(app, 8192, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, r));
        m.write(app, u, 4, 7, io.kmemlab.emulator.trace.Trace.NONE);
        long upgd = traced("pgd_offset", r -> m.pgdOffset(m.mmOf(app), u, r));
        long upmd = m.pmdOffset(m.pudOffset(m.p4dOffset(upgd, u, io.kmemlab.emulator.trace.Trace.NONE), u, io.kmemlab.emulator.trace.Trace.NONE), u, io.kmemlab.emulator.trace.Trace.NONE);
        long uptep = traced("pte_offset_map", r -> m.pteOffsetMap(upmd, u, r));
        assertNotEquals(0, uptep);
        long upage = m.ptePage(m.readEntry(uptep, PagingMode.PTE, io.kmemlab.emulator.trace.Trace.NONE), io.kmemlab.emulator.trace.Trace.NONE);
        traced("pte_unmap", r -> { m.pteUnmap(uptep, r); return 0L; });
        traced("get_user_pages", r -> (long) m.getUserPages(app, u, 1, UserFlags.FOLL_WRITE, r).length);
        // highmem
        long a = traced("kmap", r -> m.kmap(upage, r));
        assertEquals(7, m.read(m.kernel(), a, 4, io.kmemlab.emulator.trace.Trace.NONE));
        traced("kunmap", r -> { m.kunmap(upage, r); return 0L; });
        long at = traced("kmap_atomic", r -> m.kmapAtomic(m.kernel(), upage, spec.kernel().equals("2.6") ? "KM_USER0" : null, r));
        assertEquals(7, m.read(m.kernel(), at, 4, io.kmemlab.emulator.trace.Trace.NONE));
        traced("kunmap_atomic", r -> { m.kunmapAtomic(m.kernel(), at, spec.kernel().equals("2.6") ? "KM_USER0" : null, r); return 0L; });
        m.putPage(upage, io.kmemlab.emulator.trace.Trace.NONE);
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        assertTrue(m.highmem() == null || m.highmem().invariants().isEmpty());
    }
}
