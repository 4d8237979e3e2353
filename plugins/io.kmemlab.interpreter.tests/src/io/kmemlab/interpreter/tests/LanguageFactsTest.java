package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static io.kmemlab.interpreter.tests.Sessions.output;
import static io.kmemlab.interpreter.tests.Sessions.runOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.lang.types.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a scenario can say and what it gets back, through the language on the real emulator:
 * the layout constants, the kernel profiles, the page tests, the 2.6 walk, values printed as
 * the kernel prints them. Expected values come from the kernel's headers (cited).
 */
class LanguageFactsTest {
    private static final int FIRST = Kmem.FIRST_BODY_LINE;

    private static Session run(String machine, String body) {
        Session s = Session.start(Kmem.scenarioOn(machine, body), Limits.defaults());
        s.runToEnd(null);
        return s;
    }

    /** docs/language.md section 5 documents PTRS_PER_PTE, PTRS_PER_PMD and PTRS_PER_PGD. */
    @Test
    void ptrsPerLevelAreTheArchsTableSizes() {
        // arch/x86/include/asm/pgtable_64_types.h: 512 entries per level with 4-level paging
        Session x86 = run("pc64", """
                expect PTRS_PER_PTE == 512
                expect PTRS_PER_PMD == 512
                expect PTRS_PER_PGD == 512
                """);
        assertEquals(List.of(), errors(x86));
        // arch/x86/include/asm/pgtable-2level_types.h: 1024-entry pgd and pte, the pmd folded
        // into the pgd (include/asm-generic/pgtable-nopmd.h: PTRS_PER_PMD 1)
        Session i386 = run("pc32", """
                expect PTRS_PER_PTE == 1024
                expect PTRS_PER_PMD == 1
                expect PTRS_PER_PGD == 1024
                expect PTRS_PER_PGD * PTRS_PER_PTE * PAGE_SIZE == 0x100000000
                """);
        assertEquals(List.of(), errors(i386));
    }

    /** Layout constants the emulator computes and the language now names. */
    @Test
    void theLayoutOfX8664IsTheKernels() {
        // arch/x86/include/asm/page_64_types.h: __START_KERNEL_map 0xffffffff80000000,
        // TASK_SIZE_MAX ((1UL << 47) - PAGE_SIZE); pgtable_64_types.h: MODULES_VADDR =
        // __START_KERNEL_map + KERNEL_IMAGE_SIZE (1 GiB with RANDOMIZE_BASE), MODULES_END
        // 0xffffffffff000000; fixmap.h: FIXADDR_TOP = round_up(VSYSCALL_ADDR + PAGE_SIZE,
        // PMD_SIZE) - PAGE_SIZE with VSYSCALL_ADDR = -10 MiB; mmzone.h: NR_PAGE_ORDERS =
        // MAX_PAGE_ORDER + 1, MAX_PAGE_ORDER 10 (CONFIG_ARCH_FORCE_MAX_ORDER default)
        long vsyscall = -(10L << 20), pmdSize = 1L << 21;
        long fixaddrTop = ((vsyscall + 4096 + pmdSize - 1) & -pmdSize) - 4096;
        Session s = run("pc64", String.format("""
                expect __START_KERNEL_map == 0xffffffff80000000
                expect TASK_SIZE == (1 << 47) - PAGE_SIZE
                expect MODULES_VADDR == __START_KERNEL_map + 0x40000000
                expect MODULES_END == 0xffffffffff000000
                expect FIXADDR_TOP == 0x%x
                expect FIXADDR_START < FIXADDR_TOP
                expect NR_PAGE_ORDERS == MAX_PAGE_ORDER + 1
                expect NR_PAGE_ORDERS == 11
                """, fixaddrTop));
        assertEquals(List.of(), errors(s));
    }

    @Test
    void theLayoutOfI386IsTheKernels() {
        // arch/x86/include/asm/page_32_types.h: __START_KERNEL_map = __PAGE_OFFSET, TASK_SIZE =
        // __PAGE_OFFSET (3G/1G); pgtable_32_areas.h: MODULES_VADDR = VMALLOC_START, MODULES_END =
        // VMALLOC_END; fixmap.h: FIXADDR_TOP = 0xfffff000 (__FIXADDR_TOP, no vsyscall page)
        Session s = run("pc32", """
                expect __START_KERNEL_map == PAGE_OFFSET
                expect TASK_SIZE == 0xc0000000
                expect MODULES_VADDR == VMALLOC_START
                expect MODULES_END == VMALLOC_END
                expect FIXADDR_TOP == 0xfffff000
                expect PKMAP_BASE < FIXADDR_START
                """);
        assertEquals(List.of(), errors(s));
    }

    @Test
    void aConstantOfAnAreaTheMachineLacksSaysSo() {
        Session s = run("pc64", "let k = PKMAP_BASE");
        assertEquals(1, errors(s).size(), errors(s)::toString);
        assertTrue(errors(s).get(0).message().startsWith("PKMAP_BASE: this machine (x86_64) has no kmap window"), errors(s).toString());
    }

    /** PageSlab() tests the page type; page_slab() is a different function returning a struct slab *. */
    @Test
    void pageSlabIsThePageTypeTestNotPageSlabTheFunction() {
        Session s = run("pc64", """
                let k = kmalloc(64, GFP_KERNEL)
                let slab = PageSlab(virt_to_page(k))
                let plain = PageSlab(alloc_page(GFP_KERNEL))
                let sp = page_slab(virt_to_page(k))
                """);
        assertEquals(List.of(), errors(s));
        assertEquals(Kind.BOOL, s.variables().get("slab").kind());
        assertEquals(1, s.variables().get("slab").bits());
        assertEquals(Kind.BOOL, s.variables().get("plain").kind());
        assertEquals(0, s.variables().get("plain").bits());
        assertEquals(Kind.SLAB, s.variables().get("sp").kind());
    }

    private static final String V614 = """
            machine new {
                arch x86_64
                kernel 6.14
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            }
            machine now {
                arch x86_64
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            }
            """;

    /**
     * `kernel 6.14` selects the emulator's 6.14 profile: PG_dropbehind sits after
     * PG_unevictable there (include/linux/page-flags.h of v6.14), so PG_mlocked is bit 20,
     * where 6.12 has it at bit 19.
     */
    @Test
    void kernel614SelectsItsOwnPageFlags() {
        String body = """
                let p = alloc_page(GFP_KERNEL)
                SetPageMlocked(p)
                let bit = MLOCKED
                expect PageMlocked(p)
                expect (p->flags >> bit) & 1 == 1
                """;
        Session v614 = runOn(V614, "new", body.replace("MLOCKED", "20"));
        assertEquals(List.of(), errors(v614));
        assertEquals("6.14", v614.machine().profile().version());
        Session v612 = runOn(V614, "now", body.replace("MLOCKED", "19"));
        assertEquals(List.of(), errors(v612));
        assertEquals("6.12", v612.machine().profile().version());
    }

    /**
     * 2.6.32 x86_64 has no p4d level: pud_offset takes the pgd entry
     * (arch/x86/include/asm/pgtable_64.h of 2.6.32), and the manual walk reaches the same page
     * as vmalloc_to_page.
     */
    @Test
    void aManualWalkInKernel26GoesFromThePgdToThePud() {
        Session s = runOn("""
                machine old {
                    arch x86_64
                    kernel 2.6
                    ram 0x1000 .. 0x9fbff
                    ram 0x100000 .. 0x3fffffff
                }
                """, "old", """
                let v = vmalloc(3 * PAGE_SIZE) + PAGE_SIZE
                let pgd = pgd_offset_k(v)
                let pud = pud_offset(pgd, v)
                let pmd = pmd_offset(pud, v)
                let pte = pte_offset_kernel(pmd, v)
                expect pte_present(*pte)
                expect pte_page(*pte) == vmalloc_to_page(v)
                expect pte_pfn(*pte) == vmalloc_to_pfn(v)
                """);
        assertEquals(List.of(), errors(s));
    }

    /** An address-sized literal in a failed expect is printed in hex, never as a negative number. */
    @Test
    void aLargeLiteralInAFailedExpectIsPrintedInHex() {
        Session s = run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                expect page_to_virt(p) == 0xffff880000000000
                """);
        assertEquals(1, errors(s).size());
        String message = errors(s).get(0).message();
        assertTrue(message.contains("right: 0xffff880000000000)"), message);
        assertTrue(message.contains("left: (virtual address) 0xffff888"), message);
        assertFalse(message.matches(".*-\\d{6,}.*"), message);
    }

    /** `show page`: the descriptor's fields under their kernel names, pointers in hex, counts in decimal. */
    @Test
    void showPageRendersTheStructPage() {
        Session s = run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                get_page(p)
                show page p
                """);
        assertEquals(List.of(), errors(s));
        long page = s.variables().get("p").bits();
        long pfn = (page - 0xffffea0000000000L) / 64;           // vmemmap + pfn, sizeof(struct page) 64
        String out = output(s);
        assertFalse(out.contains("StructPage["), out);
        // dump_page() (mm/debug.c v6.12): refcount 2 after alloc + get_page; not mapped: mapcount 0 (_mapcount -1)
        assertTrue(out.startsWith(String.format("page: refcount:2 mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#x%n", pfn)), out);
        assertTrue(out.contains(String.format("struct page %#x: pfn %#x", page, pfn)), out);
        assertTrue(out.contains("refcount 2, mapcount 0 (_mapcount 0xffffffff)"), out);
        assertTrue(out.matches("(?s).*\\nflags: 0x[0-9a-f]+\\(.*"), out);
        assertTrue(out.matches("(?s).*\\n\\* page +flags=0x[0-9a-f]+ lru.next=0x0 lru.prev=0x0 mapping=0x0 .*"), out);
    }

    /**
     * `current` is the task of the block; its mm is NULL outside a process, as in the kernel;
     * pgd_offset(mm, addr) = mm->pgd + pgd_index(addr) (include/linux/pgtable.h, C pointer arithmetic).
     */
    @Test
    void currentAndItsMm() {
        Session s = run("pc64", """
                expect current->mm == NULL
                expect current->active_mm == init_mm
                process app {
                    let u = mmap(2 * PAGE_SIZE, PROT_READ | PROT_WRITE)
                    expect current->mm != NULL
                    expect current->mm->map_count == 1
                    expect current->mm->total_vm == 2
                    expect current->mm->pgd != init_mm->pgd
                    expect pgd_offset(current->mm, u) == current->mm->pgd + pgd_index(u)
                }
                """);
        assertEquals(List.of(), errors(s));
    }

    @Test
    void gfpValuesPrintInHexWithTheirKind() {
        Session s = run("pc64", "print GFP_KERNEL | __GFP_ZERO");
        // include/linux/gfp_types.h: GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS = 0xcc0, __GFP_ZERO 0x100
        assertTrue(output(s).contains("(gfp_t) 0xdc0"), output(s));
    }
}
