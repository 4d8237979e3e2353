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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each suggestion checked three ways: the input, the message (naming the user's own
 * expression), and that the suggested text validates cleanly and computes what the kernel
 * computes (values derived here from the kernel's formulas, not taken from the emulator).
 */
class SuggestionMessagesTest {
    @TempDir Path dir;

    private record Run(List<Problem> problems, Session session) {
        List<Problem> warnings() { return problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList(); }

        /** The warnings whose message names {@code function}. */
        List<Problem> about(String function) { return warnings().stream().filter(p -> p.message().contains(function + "(")).toList(); }

        long var(String name) {
            Value v = session.variables().get(name);
            assertTrue(v != null, () -> "no variable " + name + "; problems: " + problems);
            return v.bits();
        }
    }

    private Run load(String machine, String body) throws Exception {
        Path f = dir.resolve("t" + System.nanoTime() + ".kmem");
        Files.writeString(f, Kmem.PC64_AND_PC32 + "scenario \"t\" on " + machine + " {\n" + body + "\n}\n");
        KmemFiles.Loaded l = KmemFiles.load(f);
        assertFalse(l.hasErrors(), () -> "errors: " + l.problems());
        Session s = Session.start(ScenarioRunner.scenarios(l.model()).get(0), Limits.defaults());
        s.runToEnd(null);
        List<Problem> runErrors = s.problems().stream().filter(Problem::isError).toList();
        assertEquals(List.of(), runErrors, "run errors");
        return new Run(l.problems(), s);
    }

    @Test
    void paOfAPageOnAVmemmapMachineNamesTheFrameAndTheDescriptorHelpers() throws Exception {
        Run r = load("pc64", """
                let p = alloc_page(GFP_KERNEL)
                let x = __pa(p)
                """);
        List<Problem> pa = r.about("__pa");
        assertEquals(1, pa.size(), () -> "warnings: " + r.warnings());
        String m = pa.get(0).message();
        assertTrue(m.contains("__pa(p): struct pages live in the vmemmap"), m);
        assertTrue(m.contains("use page_to_phys(p)") && m.contains("slow_virt_to_phys(p)"), m);
        // applied: no warning, and PFN_PHYS(page_to_pfn(p)) (include/linux/mm.h)
        Run fixed = load("pc64", """
                let p = alloc_page(GFP_KERNEL)
                let pfn = page_to_pfn(p)
                let x = page_to_phys(p)
                let d = slow_virt_to_phys(p)
                """);
        assertEquals(List.of(), fixed.about("page_to_phys"));
        assertEquals(List.of(), fixed.about("slow_virt_to_phys"));
        assertEquals(fixed.var("pfn") << 12, fixed.var("x"));
        // the descriptor: vmemmap + pfn * 64 is mapped by the vmemmap's blocks, so it has a physical address of its own
        assertTrue(fixed.var("d") != fixed.var("x"));
    }

    @Test
    void paOfMemMapOnFlatmemIsTheArraysAddressAndNotFlagged() throws Exception {
        Run r = load("pc32", """
                let x = __pa(mem_map)
                """);
        assertEquals(List.of(), r.about("__pa"), "__pa(mem_map) is what the question asks on FLATMEM");
        // mem_map is in lowmem: __pa(x) = x - PAGE_OFFSET (0xc0000000 on i386 3G/1G)
        long memMap = r.session().machine().memMap();
        assertEquals(memMap - 0xc0000000L, r.var("x"));
    }

    @Test
    void pointersToPageTablesAreAddressesToo() throws Exception {
        Run r = load("pc64", """
                let pgd = pgd_offset_k(0xffff888000000000)
                let x = __pa(pgd)
                let p4d = p4d_offset(pgd, 0xffff888000000000)
                let pud = pud_offset(p4d, 0xffff888000000000)
                let pmd = pmd_offset(pud, 0xffff888000000000)
                let t = page_to_pfn(virt_to_page(pmd))
                let table = pud_pfn(*pud)
                """);
        assertEquals(List.of(), r.about("__pa"), "__pa(pgd) is normal kernel code");
        assertEquals(List.of(), r.about("virt_to_page"), "virt_to_page(pmd) is normal kernel code");
        // pgd_index(0xffff888000000000) = (va >> 39) & 511 = 273: the entry is 273 * 8 bytes into the table
        assertEquals(273 * 8, r.var("x") & 0xfff);
        // the pmd entry lives in the pmd table the pud entry points to
        assertEquals(r.var("table"), r.var("t"));
    }

    @Test
    void kunmapOfTheAddressNamesThePageThatWasMapped() throws Exception {
        Run r = load("pc32", """
                let hp = alloc_page(GFP_HIGHUSER)
                let addr = kmap(hp)
                kunmap(addr)
                """);
        List<Problem> w = r.about("kunmap");
        assertEquals(1, w.size(), () -> "warnings: " + r.warnings());
        assertTrue(w.get(0).message().contains("use kunmap(hp)"), w.get(0).message());
        Run fixed = load("pc32", """
                let hp = alloc_page(GFP_HIGHUSER)
                let addr = kmap(hp)
                kunmap(hp)
                let again = kmap(hp)
                """);
        assertEquals(List.of(), fixed.about("kunmap"));
        // pkmap addresses: PKMAP_BASE <= addr < PKMAP_BASE + LAST_PKMAP * PAGE_SIZE (arch/x86/include/asm/pgtable_32_areas.h)
        long pkmapBase = fixed.session().machine().layout().pkmapBase();
        assertTrue(Long.compareUnsigned(fixed.var("addr"), pkmapBase) >= 0, "a highmem page is kmapped into the pkmap area");
    }

    @Test
    void theRuntimeRemedyFitsTheRegion() throws Exception {
        Run r = load("pc32", """
                let hp = alloc_page(GFP_HIGHUSER)
                let addr = kmap(hp)
                let wrong = virt_to_page(addr)
                """);
        String report = reports(r.session());
        assertTrue(report.contains("a kmap() address"), report);
        assertFalse(report.contains("vmalloc_to_page"), report);
    }

    @Test
    void followPteIsABuiltinNotAMisspelling() throws Exception {
        Run r = load("pc64", """
                process app {
                    let u = mmap(4K, PROT_READ | PROT_WRITE)
                    write8(u, 1)
                    let ptep = follow_pte(u)
                    expect ptep != NULL
                    expect pte_pfn(*ptep) == page_to_pfn(get_user_pages(u, 1)[0])
                    expect follow_pte(u + 4096) == NULL
                }
                """);
        // load() checked that every expect held: a present pte for the written page, -EINVAL (NULL) past the VMA
        assertTrue(r.problems().stream().noneMatch(p -> p.message().contains("FOLL_WRITE")), () -> "" + r.problems());
    }

    @Test
    void anInclusiveZoneEndIsFlaggedAndTheFixGivesTheIntendedZone() throws Exception {
        String machine = """
                machine board {
                    arch arm
                    paging short
                    page-offset 0xC0000000
                    lowmem-limit 760M
                    memory-model flatmem
                    ram 0x0 size 1G
                    zones {
                        Normal  until %s
                        HighMem rest
                    }
                    config { HIGHMEM on }
                }
                scenario "z" on board {
                    let end = zone(Normal).end_pfn
                }
                """;
        Path bad = dir.resolve("bad.kmem");
        Files.writeString(bad, machine.formatted("0x2f7fffff"));
        KmemFiles.Loaded l = KmemFiles.load(bad);
        List<Problem> w = l.problems().stream().filter(p -> p.message().contains("until is exclusive")).toList();
        assertEquals(1, w.size(), () -> "" + l.problems());
        assertEquals(Problem.Severity.WARNING, w.get(0).severity());
        assertTrue(w.get(0).message().contains("write until 0x2f800000"), w.get(0).message());
        Path good = dir.resolve("good.kmem");
        Files.writeString(good, machine.formatted("0x2f800000"));
        KmemFiles.Loaded g = KmemFiles.load(good);
        assertTrue(g.problems().stream().noneMatch(p -> p.isError() || p.message().contains("until")), () -> "" + g.problems());
        Session s = Session.start(ScenarioRunner.scenarios(g.model()).get(0), Limits.defaults());
        s.runToEnd(null);
        // zone_end_pfn = PFN_DOWN(0x2f800000)
        assertEquals(0x2f800, s.variables().get("end").bits());
    }

    @Test
    void aKernelImageOutsideRamIsRefused() throws Exception {
        Path f = dir.resolve("image.kmem");
        Files.writeString(f, """
                machine small {
                    arch x86_64
                    ram 0x100000 .. 0x3fffffff
                    kernel-image at 0x40000000 size 32M
                }
                """);
        KmemFiles.Loaded l = KmemFiles.load(f);
        assertTrue(l.problems().stream().anyMatch(p -> p.isError() && p.message().startsWith(
                "kernel-image at 0x40000000 size 0x2000000 (0x40000000 .. 0x41ffffff) is not inside one RAM range")), () -> "" + l.problems());
        Files.writeString(f, Files.readString(f).replace("at 0x40000000", "at 16M"));
        assertFalse(KmemFiles.load(f).hasErrors(), () -> "" + KmemFiles.load(f).problems());
    }

    private List<Problem> problemsOf(String machines, String machine, String body) throws Exception {
        Path f = dir.resolve("p" + System.nanoTime() + ".kmem");
        Files.writeString(f, machines + "scenario \"t\" on " + machine + " {\n" + body + "\n}\n");
        return KmemFiles.load(f).problems();
    }

    private static Problem the(List<Problem> problems, String start) {
        return problems.stream().filter(p -> p.message().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem starting '" + start + "' in " + problems));
    }

    /**
     * A walk that skips levels: the suggestion goes down with the call's own address (va), not a
     * literal "addr"; applied, the pmd entry is entry pmd_index(va) = (va >> 21) & 511 of its
     * table (arch/x86/include/asm/pgtable_64_types.h PMD_SHIFT 21).
     */
    @Test
    void aSkippedLevelIsWalkedWithTheCallsOwnAddress() throws Exception {
        String body = """
                let va = 0xffff888012345000
                let pgd = pgd_offset_k(va)
                let pmd = pmd_offset(pgd, va)
                """;
        Problem p = the(problemsOf(Kmem.PC64_AND_PC32, "pc64", body), "pmd_offset() takes a pud_t * as pud, not a pgd_t *");
        assertTrue(p.isError());
        assertTrue(p.message().endsWith("; use pud_offset(p4d_offset(pgd, va), va)"), p.message());
        Run fixed = load("pc64", body.replace("pmd_offset(pgd, va)", "pmd_offset(pud_offset(p4d_offset(pgd, va), va), va)"));
        assertEquals(((0xffff888012345000L >>> 21) & 511) * 8, fixed.var("pmd") & 0xfff);
    }

    /** KM_ types are gone since 2.6.37: the suggestion keeps the user's page. */
    @Test
    void aKmTypeOnAModernKernelNamesTheUsersPage() throws Exception {
        Problem p = the(problemsOf(Kmem.PC64_AND_PC32, "pc32", "let hp = alloc_page(GFP_HIGHUSER)\nlet a = kmap_atomic(hp, KM_USER0)\nkunmap_atomic(a)"),
                "kmap_atomic() lost its KM_ type argument");
        assertTrue(p.message().contains("write kmap_atomic(hp), or better kmap_local_page(hp)"), p.message());
        Run fixed = load("pc32", "let hp = alloc_page(GFP_HIGHUSER)\nlet a = kmap_local_page(hp)\nlet back = kmap_to_page(a)\nkunmap_local(a)");
        assertEquals(fixed.var("hp"), fixed.var("back"), "the fixmap slot maps hp");
    }

    /** 2.6.32 has no kmap_local_page(): the older call keeps the user's argument (include/linux/highmem.h of 2.6.32). */
    @Test
    void anOlderKernelsCallKeepsTheArgument() throws Exception {
        Problem p = the(problemsOf(Kmem.PC26, "pc26", "let pg = alloc_page(GFP_KERNEL)\nlet a = kmap_local_page(pg)"),
                "kmap_local_page() is not in kernel 2.6");
        assertTrue(p.message().endsWith("; use kmap_atomic(pg, KM_USER0)"), p.message());
        Path f = dir.resolve("k26.kmem");
        Files.writeString(f, Kmem.PC26 + "scenario \"t\" on pc26 {\nlet pg = alloc_page(GFP_KERNEL)\nlet a = kmap_atomic(pg, KM_USER0)\n"
                + "let b = page_address(pg)\nkunmap_atomic(a, KM_USER0)\n}\n");
        KmemFiles.Loaded l = KmemFiles.load(f);
        assertFalse(l.hasErrors(), () -> "" + l.problems());
        Session s = Session.start(ScenarioRunner.scenarios(l.model()).get(0), Limits.defaults());
        s.runToEnd(null);
        // a lowmem page: kmap_atomic() is page_address() (include/linux/highmem.h)
        assertEquals(s.variables().get("b").bits(), s.variables().get("a").bits());
    }

    /** kunmap_atomic() of the page (a BUILD_BUG_ON in highmem-internal.h): the fix names the address the user kept. */
    @Test
    void kunmapAtomicOfThePageNamesTheMappedAddress() throws Exception {
        String body = "let hp = alloc_page(GFP_HIGHUSER)\nlet vaddr = kmap_atomic(hp)\nkunmap_atomic(hp)";
        Problem p = the(problemsOf(Kmem.PC64_AND_PC32, "pc32", body), "kunmap_atomic() takes the address kmap_atomic() returned, not the page");
        assertTrue(p.isError());
        assertTrue(p.message().contains("; use kunmap_atomic(vaddr)"), p.message());
        Run fixed = load("pc32", body.replace("kunmap_atomic(hp)", "kunmap_atomic(vaddr)") + "\nlet again = kmap_atomic(hp)\nkunmap_atomic(again)");
        // the slot is free again: the next kmap_atomic() takes the same one (kmap_local_idx_push/pop)
        assertEquals(fixed.var("vaddr"), fixed.var("again"));
    }

    /** show page and walk name the user's expression in their fix; applied, they show the pfn's page. */
    @Test
    void showPageAndWalkNameTheExpression() throws Exception {
        List<Problem> problems = problemsOf(Kmem.PC64_AND_PC32, "pc64", "let n = PHYS_PFN(0x1234000)\nshow page n + 1\nwalk n");
        assertTrue(the(problems, "show page takes a struct page *, not a pfn").message().endsWith("; use show page pfn_to_page(n + 1)"),
                () -> "" + problems);
        assertTrue(the(problems, "walk takes a virtual address, not a pfn").message().endsWith("; use walk page_address(pfn_to_page(n))"),
                () -> "" + problems);
        Run fixed = load("pc64", "let n = PHYS_PFN(0x1234000)\nshow page pfn_to_page(n + 1)\nwalk page_address(pfn_to_page(n))");
        String out = fixed.session().steps().stream().flatMap(st -> st.events().stream()).filter(e -> e instanceof StepEvent.Output)
                .map(e -> ((StepEvent.Output) e).text()).reduce("", String::concat);
        assertTrue(out.contains(String.format("pfn:%#x", 0x1234 + 1)), out);
        // page_address of pfn 0x1234 is PAGE_OFFSET + 0x1234000 (0xffff888000000000 on 4-level x86_64), mapped to phys 0x1234000
        assertTrue(out.contains("0xffff888001234000 -> phys 0x1234000"), out);
    }

    /** Unary * of an address: the hint reads the memory through the user's own pointer. */
    @Test
    void aDereferenceOfAnAddressNamesTheRead() throws Exception {
        List<Problem> problems = problemsOf(Kmem.PC64_AND_PC32, "pc64", "let buf = kmalloc(64, GFP_KERNEL)\nlet v = *buf");
        assertTrue(the(problems, "unary * reads the entry").message().endsWith("; read memory with read8/16/32/64(buf)"), () -> "" + problems);
        Run fixed = load("pc64", "let buf = kzalloc(64, GFP_KERNEL)\nlet v = read64(buf)");
        assertEquals(0, fixed.var("v"), "kzalloc() memory is zeroed");
    }

    private static String reports(Session s) {
        StringBuilder sb = new StringBuilder();
        for (Step st : s.steps()) {
            for (StepEvent e : st.events()) {
                if (e instanceof StepEvent.Report r) sb.append(r.report().headline()).append(' ').append(r.report().text()).append('\n');
                if (e instanceof StepEvent.Trace t && t.item() instanceof TraceItem.Report r) sb.append(r.headline()).append('\n');
            }
        }
        return sb.toString();
    }
}
