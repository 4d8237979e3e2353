package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.exec.TraceItem;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.types.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmap_to_page, pfn_to_section and the mem_section helpers, the struct folio kind, dump_page()'s
 * output and `expect oops` of a NULL entry pointer, each against the kernel's own rule.
 */
class KernelAnswersTest {
    @TempDir Path dir;

    private record Run(List<Problem> problems, Session session) {
        long var(String name) {
            Value v = session.variables().get(name);
            assertTrue(v != null, () -> "no variable " + name + "; problems: " + problems);
            return v.bits();
        }

        Kind kind(String name) { return session.variables().get(name).kind(); }

        List<Problem> warnings() { return problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList(); }

        List<String> outputs() {
            List<String> out = new ArrayList<>();
            for (Step st : session.steps()) for (StepEvent e : st.events()) if (e instanceof StepEvent.Output o) out.add(o.text());
            return out;
        }

        List<String> reports() {
            List<String> out = new ArrayList<>();
            for (Step st : session.steps()) {
                for (StepEvent e : st.events()) {
                    if (e instanceof StepEvent.Report r) out.add(r.report().kind() + " " + r.report().headline());
                    if (e instanceof StepEvent.Trace t && t.item() instanceof TraceItem.Report r) out.add(r.kind() + " " + r.headline());
                }
            }
            return out;
        }
    }

    private KmemFiles.Loaded loaded(String machines, String machine, String body) throws Exception {
        Path f = dir.resolve("t" + System.nanoTime() + ".kmem");
        Files.writeString(f, machines + "scenario \"t\" on " + machine + " {\n" + body + "\n}\n");
        return KmemFiles.load(f);
    }

    private Run run(String machines, String machine, String body) throws Exception {
        KmemFiles.Loaded l = loaded(machines, machine, body);
        assertFalse(l.hasErrors(), () -> "errors: " + l.problems());
        Session s = Session.start(ScenarioRunner.scenarios(l.model()).get(0), Limits.defaults());
        s.runToEnd(null);
        assertEquals(List.of(), s.problems().stream().filter(Problem::isError).toList(), "run errors");
        return new Run(l.problems(), s);
    }

    private Run run(String machine, String body) throws Exception {
        return run(Kmem.PC64_AND_PC32, machine, body);
    }

    // ------------------------------------------------------------------ kmap_to_page

    /**
     * i386 with HIGHMEM, kernel 6.12 (mm/highmem.c __kmap_to_page): a pkmap address gives the
     * page in its pkmap pte, a kmap_local_page() address the page in the current task's slot,
     * each under WARN_ON_ONCE (since 6.2), a lowmem address virt_to_page().
     */
    @Test
    void kmapToPageFindsThePageBehindEachKindOfKmapAddress() throws Exception {
        Run r = run("pc32", """
                let hp = alloc_page(GFP_HIGHUSER)
                let a = kmap(hp)
                expect warn kmap_to_page(a)
                let back = kmap_to_page(a + 0x123)
                let hp2 = alloc_page(GFP_HIGHUSER)
                let l = kmap_local_page(hp2)
                let local = kmap_to_page(l)
                kunmap_local(l)
                let lp = alloc_page(GFP_KERNEL)
                let low = kmap_to_page(page_address(lp))
                """);
        assertEquals(r.var("hp"), r.var("back"), "pte_page(pkmap_page_table[PKMAP_NR(addr)])");
        assertEquals(r.var("hp2"), r.var("local"), "pte_page(kctrl->pteval[i]) of the slot at that address");
        assertEquals(r.var("lp"), r.var("low"), "virt_to_page(addr) for a direct-map address");
        // WARN_ON_ONCE: one WARN per condition for the whole boot
        long pkmapWarns = r.reports().stream().filter(x -> x.startsWith("WARN") && x.contains("kmap() address")).count();
        long localWarns = r.reports().stream().filter(x -> x.startsWith("WARN") && x.contains("kmap_local_page() address")).count();
        assertEquals(1, pkmapWarns, () -> "" + r.reports());
        assertEquals(1, localWarns, () -> "" + r.reports());
    }

    /** Without HIGHMEM kmap_to_page() is virt_to_page() (include/linux/highmem-internal.h): no warning. */
    @Test
    void kmapToPageWithoutHighmemIsVirtToPage() throws Exception {
        Run r = run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                let a = kmap(p)
                let back = kmap_to_page(a)
                """);
        assertEquals(r.var("p"), r.var("back"));
        assertTrue(r.reports().stream().noneMatch(x -> x.startsWith("WARN")), () -> "" + r.reports());
    }

    /** kmap_to_page() appeared in 3.6 (mm/highmem.c, "mm: add support for direct_IO to highmem pages"): not in 2.6.32. */
    @Test
    void kmapToPageIsNotIn26() throws Exception {
        KmemFiles.Loaded l = loaded(Kmem.PC26, "pc26", "let p = alloc_page(GFP_KERNEL)\nlet q = kmap_to_page(page_address(p))");
        assertTrue(l.problems().stream().anyMatch(p -> p.isError() && p.message().startsWith("kmap_to_page() is not in kernel 2.6 (it appeared in 3.6)")),
                () -> "" + l.problems());
    }

    // ------------------------------------------------------------------ pfn_to_section

    /**
     * SPARSEMEM_VMEMMAP x86_64: PFN_SECTION_SHIFT = SECTION_SIZE_BITS 27 - PAGE_SHIFT 12 = 15; the
     * coded mem_map of every section is vmemmap itself (sparse_encode_mem_map(vmemmap + start) =
     * vmemmap), so __section_mem_map_addr(ms) + pfn = pfn_to_page(pfn) (include/asm-generic/memory_model.h).
     * 1 GiB of RAM is sections 0..7.
     */
    @Test
    void pfnToSectionOnVmemmap() throws Exception {
        Run r = run("pc64", """
                let ms = pfn_to_section(0x12345)
                let nr = __section_nr(ms)
                let coded = __section_mem_map_addr(ms)
                let page = pfn_to_page(0x12345)
                let present = present_section(ms)
                let beyond = present_section(__nr_to_section(8))
                let same = pfn_to_section(0x12000) == __pfn_to_section(0x12345)
                """);
        assertEquals(Kind.MEM_SECTION, r.kind("ms"));
        assertEquals(0x12345 >> 15, r.var("nr"));
        assertEquals(r.var("page"), r.var("coded") + 0x12345L * 64);
        assertEquals(0xffffea0000000000L, r.var("coded"), "vmemmap_base of 4-level paging without KASLR");
        assertEquals(1, r.var("present"));
        assertEquals(0, r.var("beyond"));
        assertEquals(1, r.var("same"));
    }

    /** Classic SPARSEMEM: each section's own memmap, coded as mem_map - section_nr_to_pfn(nr) (mm/sparse.c sparse_encode_mem_map). */
    @Test
    void pfnToSectionOnSparsemem() throws Exception {
        String machine = """
                machine sp {
                    arch x86_64
                    memory-model sparsemem
                    ram 0x1000 .. 0x9fbff
                    ram 0x100000 .. 0x3fffffff
                }
                """;
        Run r = run(machine, "sp", """
                let ms = pfn_to_section(0x23456)
                let first = pfn_to_page(0x20000)
                let page = pfn_to_page(0x23456)
                let coded = __section_mem_map_addr(ms)
                """);
        assertEquals(r.var("page"), r.var("coded") + 0x23456L * 64);
        assertEquals(r.var("first"), r.var("coded") + ((0x23456L >> 15) << 15) * 64, "the section's memmap starts at its first pfn");
    }

    /** FLATMEM has one mem_map and no mem_section: the validator says so before the run. */
    @Test
    void pfnToSectionOnFlatmemIsRefused() throws Exception {
        KmemFiles.Loaded l = loaded(Kmem.PC64_AND_PC32, "pc32", "let ms = pfn_to_section(0x100)");
        assertTrue(l.problems().stream().anyMatch(p -> p.isError() && p.message().startsWith(
                "pfn_to_section() needs SPARSEMEM: this machine is FLATMEM")), () -> "" + l.problems());
    }

    // ------------------------------------------------------------------ struct folio

    /**
     * page_folio() of a tail is its head (include/linux/page-flags.h _compound_head); a folio is
     * accepted where a struct page * is (show page, fields) with no message; a page where a folio
     * is expected is a warning naming page_folio() of the user's expression, whose application
     * validates cleanly and gives the folio's values (folio_nr_pages = 1 << order, include/linux/mm.h).
     */
    @Test
    void folioIsAKindOfItsOwn() throws Exception {
        Run r = run("pc64", """
                let p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                let tail = p + 1
                let f = page_folio(tail)
                let head = page_to_pfn(p)
                let n = folio_nr_pages(f)
                let fp = folio_pfn(f)
                let refs = f->_refcount
                show page f
                """);
        assertEquals(Kind.FOLIO, r.kind("f"));
        assertEquals(r.var("p"), r.var("f"));
        assertEquals(1 << 2, r.var("n"));
        assertEquals(r.var("head"), r.var("fp"));
        assertEquals(1, r.var("refs"));
        assertEquals(List.of(), r.warnings());
        assertTrue(r.outputs().get(0).startsWith("page: refcount:1 "), () -> "" + r.outputs());

        Run w = run("pc64", """
                let p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                let n = folio_nr_pages(p + 1)
                """);
        assertEquals(1, w.warnings().size(), () -> "" + w.warnings());
        String m = w.warnings().get(0).message();
        assertTrue(m.startsWith("folio_nr_pages() takes a struct folio * as folio, not a struct page *; use page_folio(p + 1)"), m);
        assertEquals(1 << 2, w.var("n"), "programs that passed pages keep working: the compound head is read");
        Run fixed = run("pc64", """
                let p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                let n = folio_nr_pages(page_folio(p + 1))
                """);
        assertEquals(List.of(), fixed.warnings());
        assertEquals(1 << 2, fixed.var("n"));
    }

    // ------------------------------------------------------------------ dump_page

    /** dump_page(p) prints mm/debug.c's lines (v6.12 __dump_folio) as the statement's output: the first lines of show page. */
    @Test
    void dumpPagePrintsIntoTheOutput() throws Exception {
        Run r = run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                let pfn = page_to_pfn(p)
                dump_page(p)
                show page p
                """);
        List<String> out = r.outputs();
        assertEquals(2, out.size(), () -> "" + out);
        String dump = out.get(0);
        assertTrue(dump.startsWith(String.format("page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#x\n", r.var("pfn"))), dump);
        assertTrue(out.get(1).startsWith(dump), () -> "show page begins with the same lines:\n" + out.get(1));
    }

    // ------------------------------------------------------------------ expect oops pte_page(*ptep)

    /**
     * The kernel text map is mapped with 2 MiB pmd leaves (arch/x86/kernel/head_64.S level2_kernel_pgt), and
     * pte_offset_map() returns NULL for a huge pmd (mm/pgtable-generic.c __pte_offset_map, 6.5+):
     * *ptep of it is a NULL dereference, which oopses; `expect oops pte_page(*ptep)` is accepted
     * and holds. A none pte is no oops: pte_page() of it is pfn_to_page(pte_pfn(0)) = pfn_to_page(0).
     */
    @Test
    void aNullEntryPointerOopsesAndANonePteDoesNot() throws Exception {
        Run r = run("pc64", """
                let va = 0xffffffff81000000
                let pmd = pmd_offset(pud_offset(p4d_offset(pgd_offset_k(va), va), va), va)
                let ptep = pte_offset_map(pmd, va)
                expect ptep == NULL
                expect oops pte_page(*ptep)
                """);
        assertTrue(r.reports().stream().anyMatch(x -> x.startsWith("OOPS") || x.contains("NULL pointer dereference")), () -> "" + r.reports());
        Run none = run("pc64", """
                process app {
                    let u = mmap(8K, PROT_READ | PROT_WRITE)
                    write8(u, 1)
                    let pgd = pgd_offset(current->mm, u + 4096)
                    let pmd = pmd_offset(pud_offset(p4d_offset(pgd, u + 4096), u + 4096), u + 4096)
                    let ptep = pte_offset_map(pmd, u + 4096)
                    let pte = *ptep
                    expect pte == 0
                    expect pte_page(pte) == pfn_to_page(0)
                    pte_unmap(ptep)
                }
                """);
        // run() checked the expects: the none pte reads 0 and pte_page() of it is pfn 0's struct page, without an oops
        assertTrue(none.reports().stream().noneMatch(x -> x.startsWith("OOPS")), () -> "" + none.reports());
    }
}
