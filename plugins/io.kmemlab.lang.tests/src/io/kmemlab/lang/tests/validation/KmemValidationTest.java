package io.kmemlab.lang.tests.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.tests.KmemFiles;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import io.kmemlab.lang.validation.IssueCodes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One test per validation message: each feeds the smallest program that triggers it. */
@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class KmemValidationTest {

    private static final String PC = """
            machine pc { arch x86_64  ram 0x1000 .. 0x9fbff  ram 0x100000 .. 0xbfffffff  symbol jiffies_buf in data size 8K }
            machine old { arch i386  kernel 2.6  ram 0 .. 0x1fffffff  config { HIGHMEM on } }
            machine board { arch arm  ram 0 size 2G
                zones { Normal until 0x2f800000  NewMem size 512M allocator none  HighMem rest } }
            """;

    @Inject
    private ParseHelper<Model> parser;

    @Inject
    private ValidationTestHelper validator;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private IResourceValidator resourceValidator;

    private Model scenario(String machine, String body) throws Exception {
        Model m = parser.parse(PC + "scenario \"t\" on " + machine + " {\n" + body + "\n}\n");
        assertTrue(m.eResource().getErrors().isEmpty(), () -> "syntax: " + m.eResource().getErrors());
        return m;
    }

    private Model machine(String clauses) throws Exception {
        Model m = parser.parse("machine m {\n" + clauses + "\n}\n");
        assertTrue(m.eResource().getErrors().isEmpty(), () -> "syntax: " + m.eResource().getErrors());
        return m;
    }

    private void error(Model m, EClass type, String code, String message) {
        validator.assertError(m, type, code, message);
    }

    private void clean(Model m) {
        validator.assertNoIssues(m);
    }

    // ---------------------------------------------------------------- acceptance files

    @Test
    void acceptanceFilesHaveNoErrors() {
        List<Path> files = KmemFiles.allKnownFiles();
        assumeTrue(!files.isEmpty(), "no examples/ and no ../shared/acceptance: skipped");
        XtextResourceSet set = resourceSets.get();
        for (Path file : files) {
            XtextResource r = (XtextResource) set.getResource(URI.createFileURI(file.toString()), true);
            List<Issue> errors = resourceValidator.validate(r, CheckMode.ALL, null).stream()
                    .filter(i -> i.getSeverity() == Severity.ERROR).toList();
            assertEquals(List.of(), errors.stream().map(i -> file.getFileName() + ":" + i.getLineNumber() + ": "
                    + i.getMessage()).collect(Collectors.toList()));
        }
        System.out.println("KmemValidationTest: validated " + files.size() + " files of examples/ and ../shared/acceptance");
    }

    @Test
    void correctScenarioHasNoIssues() throws Exception {
        clean(scenario("pc", """
                let buf = kmalloc(100, GFP_KERNEL)
                let pg = virt_to_page(buf)
                expect page_to_pfn(pg) == __pa(buf) >> PAGE_SHIFT
                let c = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                expect compound_head(c + 3) == c
                let g = symbol(jiffies_buf)
                for i in 0 .. 3 { print i }
                process init {
                    let u = mmap(16K, PROT_READ | PROT_WRITE)
                    expect sigsegv write8(0, 1)
                    let pages = get_user_pages(u, 4, FOLL_WRITE)
                    put_page(pages[0])
                }
                walk buf
                show vmas init
                expect oops write8(0xdead000000000000, 1)
                """));
    }

    // ---------------------------------------------------------------- names and scoping

    @Test
    void unknownNameSuggestsTheClosestBuiltin() throws Exception {
        error(scenario("pc", "let p = alloc_page(GFP_KERNL)"), KmemPackage.Literals.NAME_REF, IssueCodes.UNKNOWN_NAME,
                "unknown name 'GFP_KERNL'; did you mean GFP_KERNEL?");
    }

    @Test
    void unknownNameSuggestsAVariable() throws Exception {
        error(scenario("pc", "let buffer = kmalloc(8, GFP_KERNEL)\nkfree(bufer)"), KmemPackage.Literals.NAME_REF,
                IssueCodes.UNKNOWN_NAME, "did you mean buffer?");
    }

    @Test
    void useBeforeLetIsUnknown() throws Exception {
        error(scenario("pc", "kfree(b)\nlet b = kmalloc(8, GFP_KERNEL)"), KmemPackage.Literals.NAME_REF,
                IssueCodes.USED_BEFORE_LET, "unknown name 'b': its let is on line");
    }

    @Test
    void letIsScopedByItsBlock() throws Exception {
        error(scenario("pc", "if 1 { let inner = 1 }\nprint inner"), KmemPackage.Literals.NAME_REF,
                IssueCodes.UNKNOWN_NAME, "unknown name 'inner'");
    }

    @Test
    void processVariablesStayInTheProcess() throws Exception {
        error(scenario("pc", "process a { let u = mmap(4K, PROT_READ) }\nwalk u"), KmemPackage.Literals.NAME_REF,
                IssueCodes.UNKNOWN_NAME, "unknown name 'u'");
    }

    @Test
    void customZoneNamesResolveAndSuggest() throws Exception {
        clean(scenario("board", "expect zone(NewMem).spanned == 131072\nexpect frames_owned_by(\"memmap\", NewMem) == 0"));
        error(scenario("board", "print zone(NewMme).spanned"), KmemPackage.Literals.NAME_REF, IssueCodes.UNKNOWN_NAME,
                "did you mean NewMem?");
    }

    @Test
    void zoneOfAnotherArchIsUnknown() throws Exception {
        error(scenario("old", "print zone(DMA32).spanned"), KmemPackage.Literals.NAME_REF, IssueCodes.UNKNOWN_NAME,
                "unknown name 'DMA32'");
    }

    @Test
    void unknownSymbolListsTheMachinesSymbols() throws Exception {
        error(scenario("pc", "let g = symbol(jiffies)"), KmemPackage.Literals.NAME_REF, IssueCodes.UNKNOWN_NAME,
                "unknown symbol 'jiffies': the machine declares jiffies_buf");
    }

    @Test
    void walkInUnknownProcess() throws Exception {
        error(scenario("pc", "process app { let u = mmap(4K, PROT_READ) }\nwalk 0x1000 in ap"), KmemPackage.Literals.WALK,
                IssueCodes.UNKNOWN_PROCESS, "unknown process 'ap': processes of this scenario: app; did you mean app?");
    }

    @Test
    void showVmasOfUnknownProcess() throws Exception {
        error(scenario("pc", "show vmas nobody"), KmemPackage.Literals.NAME_REF, IssueCodes.UNKNOWN_PROCESS,
                "this scenario has no process blocks");
    }

    @Test
    void unknownMachineSuggests() throws Exception {
        Model m = parser.parse(PC + "scenario \"t\" on pcc { }");
        validator.assertError(m, KmemPackage.Literals.SCENARIO, org.eclipse.xtext.diagnostics.Diagnostic.LINKING_DIAGNOSTIC,
                "unknown machine 'pcc'; did you mean pc?");
    }

    @Test
    void unknownFunctionSuggests() throws Exception {
        error(scenario("pc", "let b = kmaloc(8, GFP_KERNEL)"), KmemPackage.Literals.CALL, IssueCodes.UNKNOWN_FUNCTION,
                "unknown function 'kmaloc'; did you mean kmalloc?");
    }

    // ---------------------------------------------------------------- kinds

    @Test
    void pfnWhereStructPageIsExpectedNamesPfnToPage() throws Exception {
        error(scenario("pc", "let pfn = page_to_pfn(alloc_page(GFP_KERNEL))\nlet a = kmap(pfn)"), KmemPackage.Literals.CALL,
                IssueCodes.WRONG_KIND, "kmap() takes a struct page * as page, not a pfn; use pfn_to_page(pfn)");
    }

    @Test
    void paOfStructPageIsAWarningNamingPageToPhys() throws Exception {
        validator.assertWarning(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nprint __pa(p)"), KmemPackage.Literals.CALL,
                IssueCodes.SUSPICIOUS_KIND, "__pa(p): struct pages live in the vmemmap on this machine", "use page_to_phys(p)");
    }

    @Test
    void askingWhereADescriptorLivesIsNotAWarning() throws Exception {
        // docs/language.md section 3 (walk): a struct page * is an address too; virt_to_page(mem_map) is the page holding the array (acceptance seed002).
        validator.assertNoIssues(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nlet holder = virt_to_page(p)\nexpect virt_addr_valid(p)"));
    }

    @Test
    void usingADescriptorAsTheMemoryIsStillAWarning() throws Exception {
        validator.assertWarning(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nmemset(p, 0, PAGE_SIZE)"), KmemPackage.Literals.CALL,
                IssueCodes.SUSPICIOUS_KIND, "use page_address(p)");
    }

    @Test
    void virtualAddressWhereStructPageIsExpectedIsAWarning() throws Exception {
        validator.assertWarning(scenario("pc", "let b = kmalloc(8, GFP_KERNEL)\nget_page(b)"), KmemPackage.Literals.CALL,
                IssueCodes.SUSPICIOUS_KIND, "use virt_to_page(b)");
    }

    @Test
    void swappedGfpAndOrderWarn() throws Exception {
        validator.assertWarning(scenario("pc", "let p = alloc_pages(0, GFP_KERNEL)"), KmemPackage.Literals.CALL,
                IssueCodes.SUSPICIOUS_KIND, "gfp_t is a __bitwise type: are the arguments swapped?");
    }

    @Test
    void entryPointerWhereEntryIsExpectedNamesTheDereference() throws Exception {
        error(scenario("pc", """
                process a {
                    let u = mmap(4K, PROT_READ)
                    let ptep = pte_offset_map(pmd_offset(pud_offset(p4d_offset(pgd_offset(current->mm, u), u), u), u), u)
                    print pte_pfn(ptep)
                }"""), KmemPackage.Literals.CALL, IssueCodes.WRONG_KIND, "pte_pfn() takes a pte_t as pte, not a pte_t *; use *ptep");
    }

    @Test
    void skippedPageTableLevelNamesTheMissingOffset() throws Exception {
        error(scenario("pc", "let pgd = pgd_offset_k(0xffff888000000000)\nlet pmd = pmd_offset(pgd, 0)"),
                KmemPackage.Literals.CALL, IssueCodes.WRONG_KIND, "pmd_offset() takes a pud_t * as pud, not a pgd_t *");
    }

    @Test
    void wrongArity() throws Exception {
        error(scenario("pc", "let b = kmalloc(100)"), KmemPackage.Literals.CALL, IssueCodes.WRONG_ARITY,
                "kmalloc() takes 2 arguments: kmalloc(size, gfp), not 1");
    }

    @Test
    void unknownField() throws Exception {
        error(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nprint p->refcount"), KmemPackage.Literals.FIELD_ACCESS,
                IssueCodes.UNKNOWN_FIELD, "struct page has no field 'refcount'; did you mean _refcount?");
    }

    @Test
    void indexOnAPage() throws Exception {
        error(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nprint p[1]"), KmemPackage.Literals.INDEX,
                IssueCodes.NOT_A_LIST, "for the next descriptors write p + 1");
    }

    @Test
    void dereferenceOfAStructPage() throws Exception {
        error(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nprint *p"), KmemPackage.Literals.UNARY_OP,
                IssueCodes.NOT_AN_ENTRY_POINTER, "unary * reads the entry a page-table pointer");
    }

    @Test
    void letOfAVoidCall() throws Exception {
        error(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nlet r = put_page(p)"), KmemPackage.Literals.LET,
                IssueCodes.NO_VALUE, "put_page() returns nothing (void)");
    }

    @Test
    void walkOfAPfn() throws Exception {
        error(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nwalk page_to_pfn(p)"), KmemPackage.Literals.WALK,
                IssueCodes.WRONG_KIND, "walk takes a virtual address, not a pfn: page tables translate virtual addresses;"
                + " use walk page_address(pfn_to_page(page_to_pfn(p)))");
    }

    @Test
    void showPageOfAPfn() throws Exception {
        error(scenario("pc", "show page page_to_pfn(alloc_page(GFP_KERNEL))"), KmemPackage.Literals.SHOW,
                IssueCodes.WRONG_KIND, "show page takes a struct page *, not a pfn; use show page pfn_to_page(page_to_pfn(alloc_page(GFP_KERNEL)))");
    }

    @Test
    void showPageWithoutArgument() throws Exception {
        error(scenario("pc", "show page\nshow zoneinfo"), KmemPackage.Literals.SHOW, IssueCodes.SHOW_ARGUMENT,
                "show page needs the struct page to show");
    }

    // ---------------------------------------------------------------- kernel versions, deprecations

    @Test
    void pageCacheReleaseIsDeprecated() throws Exception {
        validator.assertWarning(scenario("pc", "let p = alloc_page(GFP_KERNEL)\npage_cache_release(p)"),
                KmemPackage.Literals.CALL, IssueCodes.DEPRECATED, "page_cache_release() is deprecated: use put_page()");
    }

    @Test
    void kmAtomicTypeOutsideKernel26Warns() throws Exception {
        validator.assertWarning(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nlet a = kmap_atomic(p, KM_USER0)"),
                KmemPackage.Literals.CALL, IssueCodes.KM_TYPE_GONE, "kmap_atomic() lost its KM_ type argument in 2.6.37");
    }

    @Test
    void kmAtomicTypeIsFineInKernel26() throws Exception {
        clean(scenario("old", "let p = alloc_page(GFP_KERNEL)\nlet a = kmap_atomic(p, KM_USER0)\nkunmap_atomic(a)"));
    }

    @Test
    void kmAtomicWithoutTypeInKernel26() throws Exception {
        error(scenario("old", "let p = alloc_page(GFP_KERNEL)\nlet a = kmap_atomic(p)"), KmemPackage.Literals.CALL,
                IssueCodes.KM_TYPE_MISSING, "in kernel 2.6 kmap_atomic() takes the KM_ slot type");
    }

    @Test
    void kunmapAtomicTypeOutsideKernel26Warns() throws Exception {
        validator.assertWarning(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nlet a = kmap_atomic(p)\nkunmap_atomic(a, KM_USER0)"),
                KmemPackage.Literals.CALL, IssueCodes.KM_TYPE_GONE, "kunmap_atomic() lost its KM_ type argument in 2.6.37");
        clean(scenario("old", "let p = alloc_page(GFP_KERNEL)\nlet a = kmap_atomic(p, KM_USER1)\nkunmap_atomic(a, KM_USER1)"));
    }

    /**
     * 2.6.32 has no p4d level: pud_offset takes the pgd entry (arch/x86/include/asm/pgtable_64.h
     * and asm/pgtable-3level.h / pgtable-nopud.h of 2.6.32), so the manual walk is
     * pgd_offset -> pud_offset(pgd) -> pmd_offset -> pte_offset_kernel, and p4d_offset, which
     * does not exist there, names that walk.
     */
    @Test
    void theKernel26WalkGoesFromPgdToPud() throws Exception {
        clean(scenario("old", """
                let v = vmalloc(4096)
                let pgd = pgd_offset_k(v)
                let pud = pud_offset(pgd, v)
                let pmd = pmd_offset(pud, v)
                let pte = pte_offset_kernel(pmd, v)
                expect pte_present(*pte)
                """));
        error(scenario("old", "let v = vmalloc(4096)\nlet p4d = p4d_offset(pgd_offset_k(v), v)"), KmemPackage.Literals.CALL,
                IssueCodes.NOT_IN_KERNEL, "p4d_offset() is not in kernel 2.6 (it appeared in 4.11); 2.6 walks pgd → pud → pmd → pte: pud_offset(pgd_offset_k(v), v)");
    }

    /** Since 4.11 the p4d level exists (folded or not): pud_offset takes a p4d_t *. */
    @Test
    void theKernel612WalkGoesThroughP4d() throws Exception {
        clean(scenario("pc", """
                let v = vmalloc(4096)
                let pte = pte_offset_kernel(pmd_offset(pud_offset(p4d_offset(pgd_offset_k(v), v), v), v), v)
                """));
        error(scenario("pc", "let v = vmalloc(4096)\nlet pud = pud_offset(pgd_offset_k(v), v)"), KmemPackage.Literals.CALL,
                IssueCodes.WRONG_KIND, "pud_offset() takes a p4d_t * as p4d, not a pgd_t *; use p4d_offset(pgd_offset_k(v), v)");
    }

    /** Layout constants the emulator computes are constants of the language (docs/language.md section 5). */
    @Test
    void layoutConstantsAreKnown() throws Exception {
        clean(scenario("pc", """
                let a = PTRS_PER_PTE + PTRS_PER_PMD + PTRS_PER_PGD + NR_PAGE_ORDERS
                let b = FIXADDR_TOP - FIXADDR_START
                let c = MODULES_END - MODULES_VADDR
                let d = __START_KERNEL_map
                let e = TASK_SIZE
                """));
    }

    @Test
    void functionNewerThanTheKernelProfile() throws Exception {
        error(scenario("old", "let p = alloc_page(GFP_KERNEL)\nlet a = kmap_local_page(p)"), KmemPackage.Literals.CALL,
                IssueCodes.NOT_IN_KERNEL, "kmap_local_page() is not in kernel 2.6 (it appeared in 5.11); use kmap_atomic(p, KM_USER0)");
    }

    // ---------------------------------------------------------------- expect

    @Test
    void expectOopsOfAStatementThatCannotOops() throws Exception {
        error(scenario("pc", "expect oops print PAGE_SIZE"), KmemPackage.Literals.EXPECT, IssueCodes.EXPECT_CANNOT_HAPPEN,
                "expect oops needs a statement that can end in an oops or BUG");
    }

    @Test
    void expectWarnOfAStatementThatCannotWarn() throws Exception {
        error(scenario("pc", "expect warn let p = page_to_pfn(NULL)"), KmemPackage.Literals.EXPECT,
                IssueCodes.EXPECT_CANNOT_HAPPEN, "expect warn needs a statement that can end in a WARN");
    }

    @Test
    void expectSigsegvOutsideAProcess() throws Exception {
        error(scenario("pc", "expect sigsegv write8(0, 1)"), KmemPackage.Literals.EXPECT,
                IssueCodes.SIGSEGV_OUTSIDE_PROCESS, "expect sigsegv is for user-mode accesses, inside a process block");
    }

    @Test
    void expectOfAVoidCall() throws Exception {
        error(scenario("pc", "let p = alloc_page(GFP_KERNEL)\nexpect put_page(p)"), KmemPackage.Literals.EXPECT,
                IssueCodes.NO_VALUE, "put_page() returns nothing (void): expect needs a condition");
    }

    @Test
    void nestedProcess() throws Exception {
        error(scenario("pc", "process a { process b { } }"), KmemPackage.Literals.PROCESS_BLOCK, IssueCodes.NESTED_TASK,
                "a process block cannot be inside a process block");
    }

    @Test
    void duplicateScenarioNames() throws Exception {
        Model m = parser.parse(PC + "scenario \"s\" on pc { }\nscenario \"s\" on pc { }");
        error(m, KmemPackage.Literals.SCENARIO, IssueCodes.DUPLICATE_NAME, "scenario \"s\" is already declared on line");
    }

    // ---------------------------------------------------------------- machines

    @Test
    void unknownArch() throws Exception {
        error(machine("arch amd64"), KmemPackage.Literals.ARCH_CLAUSE, IssueCodes.UNKNOWN_ARCH,
                "unknown arch 'amd64': kmemlab models x86_64, i386 and arm");
    }

    @Test
    void unknownArchSuggests() throws Exception {
        error(machine("arch i368"), KmemPackage.Literals.ARCH_CLAUSE, IssueCodes.UNKNOWN_ARCH, "did you mean i386?");
    }

    @Test
    void fiveLevelPagingOnI386() throws Exception {
        error(machine("arch i386\npaging 5-level"), KmemPackage.Literals.PAGING_CLAUSE, IssueCodes.BAD_PAGING,
                "paging 5-level is not a paging mode of i386: i386 has 2-level | pae (default 2-level)");
    }

    @Test
    void paeOnX86_64() throws Exception {
        error(machine("arch x86_64\npaging pae"), KmemPackage.Literals.PAGING_CLAUSE, IssueCodes.BAD_PAGING,
                "paging pae is not a paging mode of x86_64");
    }

    @Test
    void unknownPagingWord() throws Exception {
        error(machine("arch x86_64\npaging 4-levels"), KmemPackage.Literals.PAGING_CLAUSE, IssueCodes.BAD_PAGING,
                "unknown paging mode '4-levels'");
    }

    @Test
    void vmemmapOnI386() throws Exception {
        error(machine("arch i386\nmemory-model sparsemem-vmemmap"), KmemPackage.Literals.MEMORY_MODEL_CLAUSE,
                IssueCodes.BAD_MEMORY_MODEL, "memory-model sparsemem-vmemmap is not available on i386");
    }

    @Test
    void unknownKernelProfile() throws Exception {
        error(machine("kernel 5.4"), KmemPackage.Literals.KERNEL_CLAUSE, IssueCodes.UNKNOWN_KERNEL,
                "unknown kernel profile '5.4': kmemlab has 6.14, 6.12, 6.1 and 2.6");
    }

    /** Every profile of the emulator (io.kmemlab.emulator.spec.KernelProfile) is selectable. */
    @Test
    void everyKernelProfileOfTheEmulatorIsSelectable() throws Exception {
        for (io.kmemlab.emulator.spec.KernelProfile p : io.kmemlab.emulator.spec.KernelProfile.ALL) {
            clean(machine("arch x86_64\nkernel " + p.version() + "\nram 0x1000 .. 0x3fffffff"));
        }
        clean(machine("kernel 6.14\nram 0x1000 .. 0x3fffffff"));
    }

    /**
     * `kaslr page_offset_base A vmalloc_base B vmemmap_base C`: values kernel_randomize_memory()
     * (arch/x86/mm/kaslr.c, v6.12) could pick pass; a base off a 1 GiB boundary, a vmalloc_base
     * inside the direct map's region (1 GiB of RAM: DIV_ROUND_UP(1 GiB, 1 TiB) + 10 = 11 TiB, plus a
     * PUD of gap), an unknown name and a missing base are errors at the clause.
     */
    @Test
    void kaslrBasesAreCheckedAgainstTheKernelsRules() throws Exception {
        String ram = "ram 0x1000 .. 0x3fffffff\n";
        clean(machine(ram + "kaslr page_offset_base 0xffff9a4b00000000 vmalloc_base 0xffffb35c80000000 vmemmap_base 0xffffe54f40000000"));
        clean(machine(ram + "kaslr page_offset_base 0xffff9a4b00000000 vmalloc_base 0xffffb35c80000000 vmemmap_base 0xffffe54f40000000 text 0xffffffff9e000000"));
        clean(machine(ram + "kaslr seed 42"));
        error(machine(ram + "kaslr page_offset_base 0xffff9a4b00200000 vmalloc_base 0xffffb35c80000000 vmemmap_base 0xffffe54f40000000"),
                KmemPackage.Literals.KASLR_CLAUSE, IssueCodes.BAD_KASLR,
                "kaslr: page_offset_base 0xffff9a4b00200000 is not PUD aligned");
        long po = 0xffff9a4b00000000L, tb = 1L << 40;
        error(machine(ram + String.format("kaslr page_offset_base %#x vmalloc_base %#x vmemmap_base 0xffffe54f40000000", po, po + 11 * tb)),
                KmemPackage.Literals.KASLR_CLAUSE, IssueCodes.BAD_KASLR,
                String.format("kaslr: vmalloc_base %#x overlaps page_offset_base: that region is 11 TiB from %#x plus one PUD of gap, so vmalloc_base is at least %#x",
                        po + 11 * tb, po, po + 11 * tb + (1L << 30)));
        error(machine(ram + "kaslr page_offset_base 0xffff9a4b00000000 vmaloc_base 0xffffb35c80000000 vmemmap_base 0xffffe54f40000000"),
                KmemPackage.Literals.KASLR_BASE, IssueCodes.BAD_KASLR,
                "unknown kaslr base 'vmaloc_base': kaslr takes page_offset_base, vmalloc_base, vmemmap_base and optionally text; did you mean vmalloc_base?");
        error(machine(ram + "kaslr page_offset_base 0xffff9a4b00000000 vmemmap_base 0xffffe54f40000000"),
                KmemPackage.Literals.KASLR_CLAUSE, IssueCodes.BAD_KASLR,
                "kaslr needs all three bases: vmalloc_base is missing (write kaslr page_offset_base A vmalloc_base B vmemmap_base C, as the dump shows them,"
                        + " or kaslr text T for the kernel text alone)");
        validator.assertWarning(machine(ram + "kernel 2.6\nkaslr seed 7"), KmemPackage.Literals.KASLR_CLAUSE, IssueCodes.BAD_KASLR,
                "kaslr is ignored in kernel 2.6: memory randomization (CONFIG_RANDOMIZE_MEMORY) came in 4.8");
    }

    /**
     * The text alone or after a seed: arch/x86/boot/compressed/kaslr.c find_random_virt_addr() (v6.12)
     * returns __START_KERNEL_map + 16 MiB + k * CONFIG_PHYSICAL_ALIGN (2 MiB) below KERNEL_IMAGE_SIZE
     * (1 GiB) - the image; a seed picks the three bases itself.
     */
    @Test
    void kaslrTextAloneOrAfterASeed() throws Exception {
        String ram = "ram 0x1000 .. 0x3fffffff\n";
        clean(machine(ram + "kaslr text 0xffffffff9a000000"));
        clean(machine(ram + "kaslr seed 42 text 0xffffffff9a000000"));
        error(machine(ram + "kaslr text 0xffffffff9a100000"), KmemPackage.Literals.KASLR_CLAUSE, IssueCodes.BAD_KASLR,
                "kaslr: text 0xffffffff9a100000 is not CONFIG_PHYSICAL_ALIGN (2 MiB) aligned: find_random_virt_addr() picks"
                        + " 2 MiB slots (nearest below: 0xffffffff9a000000)");
        error(machine(ram + "kaslr seed 42 page_offset_base 0xffff9a4b00000000"), KmemPackage.Literals.KASLR_CLAUSE, IssueCodes.BAD_KASLR,
                "kaslr seed N picks page_offset_base, vmalloc_base and vmemmap_base itself: after a seed only text"
                        + " can be given (kaslr seed N text T), or give the three bases without a seed");
        validator.assertWarning(machine(ram + "kernel 2.6\nkaslr text 0xffffffff9a000000"), KmemPackage.Literals.KASLR_CLAUSE,
                IssueCodes.BAD_KASLR, "kaslr is ignored in kernel 2.6: kernel text randomization (CONFIG_RANDOMIZE_BASE) came in 3.14");
    }

    @Test
    void unknownBootAllocator() throws Exception {
        error(machine("boot-allocator bootmen"), KmemPackage.Literals.BOOT_ALLOCATOR_CLAUSE, IssueCodes.BAD_BOOT_ALLOCATOR,
                "unknown boot allocator 'bootmen': bootmem or memblock; did you mean bootmem?");
    }

    @Test
    void bootmemInARecentKernel() throws Exception {
        error(machine("kernel 6.12\nboot-allocator bootmem"), KmemPackage.Literals.BOOT_ALLOCATOR_CLAUSE,
                IssueCodes.BAD_BOOT_ALLOCATOR, "bootmem was removed in 4.20");
    }

    @Test
    void unknownConfigOption() throws Exception {
        error(machine("config { VMAP_STAK on }"), KmemPackage.Literals.CONFIG_OPTION, IssueCodes.UNKNOWN_CONFIG,
                "unknown config option 'VMAP_STAK'; did you mean VMAP_STACK?");
    }

    @Test
    void configNumbersAndSwitches() throws Exception {
        error(machine("config { NODES_SHIFT on }"), KmemPackage.Literals.CONFIG_OPTION, IssueCodes.BAD_CONFIG_VALUE,
                "NODES_SHIFT takes a number: NODES_SHIFT 10");
        error(machine("config { NUMA 1 }"), KmemPackage.Literals.CONFIG_OPTION, IssueCodes.BAD_CONFIG_VALUE,
                "NUMA is a switch: write NUMA on or NUMA off");
        // arch/x86/Kconfig: NODES_SHIFT range 1 10; NR_CPUS up to NR_CPUS_RANGE_END (8192 with MAXSMP)
        error(machine("config { NODES_SHIFT 11 }"), KmemPackage.Literals.CONFIG_OPTION, IssueCodes.BAD_CONFIG_VALUE,
                "NODES_SHIFT 11: Kconfig allows 1 to 10");
        error(machine("config { NR_CPUS 8193 }"), KmemPackage.Literals.CONFIG_OPTION, IssueCodes.BAD_CONFIG_VALUE,
                "NR_CPUS 8193: between 1 and 8192");
        validator.assertNoErrors(machine("ram 0 size 1G config { NODES_SHIFT 10  NR_CPUS 8192  NUMA_BALANCING on  THP off }"));
        // the old form stays valid
        validator.assertNoErrors(machine("ram 0 size 1G config { VMAP_STACK on  THP on }"));
    }

    @Test
    void configOptionWithPrefix() throws Exception {
        error(machine("config { CONFIG_HIGHMEM on }"), KmemPackage.Literals.CONFIG_OPTION, IssueCodes.UNKNOWN_CONFIG,
                "write it without CONFIG_: HIGHMEM");
    }

    @Test
    void overlappingRam() throws Exception {
        error(machine("ram 0x100000 .. 0xbfffffff\nram 0xb0000000 size 1G"), KmemPackage.Literals.RAM_CLAUSE,
                IssueCodes.RAM_OVERLAP, "RAM range 0xb0000000 .. 0xefffffff overlaps 0x100000 .. 0xbfffffff (line 2)");
    }

    @Test
    void overlappingRamAcrossNodes() throws Exception {
        error(machine("node 0 { ram 0 .. 4G - 1 }\nnode 1 { ram 3G size 4G }"), KmemPackage.Literals.RAM_CLAUSE,
                IssueCodes.RAM_OVERLAP, "overlaps");
    }

    @Test
    void ramEndingBeforeItStarts() throws Exception {
        error(machine("ram 0x9fbff .. 0x1000"), KmemPackage.Literals.RAM_CLAUSE, IssueCodes.RAM_EMPTY,
                "RAM range ends (0x1000) before it starts (0x9fbff)");
    }

    @Test
    void zonesOutOfOrder() throws Exception {
        error(machine("arch arm\nram 0 size 2G\nzones { Normal until 0x30000000  Low until 0x10000000  HighMem rest }"),
                KmemPackage.Literals.ZONE_DECL, IssueCodes.ZONES_ORDER, "zones are declared in ascending address order");
    }

    @Test
    void restZoneNotLast() throws Exception {
        error(machine("arch arm\nram 0 size 2G\nzones { HighMem rest  Normal until 0x30000000 }"),
                KmemPackage.Literals.ZONE_DECL, IssueCodes.ZONES_ORDER, "must be the last one");
    }

    @Test
    void duplicateZone() throws Exception {
        error(machine("arch arm\nram 0 size 2G\nzones { Normal until 0x30000000  Normal rest }"),
                KmemPackage.Literals.ZONE_DECL, IssueCodes.DUPLICATE_NAME, "zone Normal is declared twice");
    }

    @Test
    void pageOffsetOnX86_64() throws Exception {
        error(machine("arch x86_64\npage-offset 0xC0000000"), KmemPackage.Literals.PAGE_OFFSET_CLAUSE,
                IssueCodes.ONLY_32BIT, "page-offset is for 32-bit arches");
    }

    @Test
    void secondArchClause() throws Exception {
        error(machine("arch x86_64\narch i386"), KmemPackage.Literals.ARCH_CLAUSE, IssueCodes.DUPLICATE_CLAUSE,
                "a second `arch` clause in machine m");
    }

    @Test
    void unknownSection() throws Exception {
        error(machine("symbol buf in heap size 8K"), KmemPackage.Literals.SYMBOL_CLAUSE, IssueCodes.BAD_SECTION,
                "unknown kernel image section 'heap'");
    }

    @Test
    void duplicateMachine() throws Exception {
        error(parser.parse("machine m { }\nmachine m { }"), KmemPackage.Literals.MACHINE, IssueCodes.DUPLICATE_NAME,
                "machine m is already declared on line 1");
    }

    @Test
    void cpuBeyondTheMachine() throws Exception {
        error(scenario("pc", "on cpu 1 {\n    let k = kmalloc(64, GFP_KERNEL)\n}"), KmemPackage.Literals.CPU_BLOCK, IssueCodes.NO_SUCH_CPU,
                "on cpu 1: machine pc has one CPU, cpu 0 (cpus 1); write cpus 2 in the machine for cpu 1");
        Model m = parser.parse("machine smp { arch x86_64  cpus 4  ram 0 size 1G }\nscenario \"t\" on smp {\n"
                + "on cpu 3 { let k = kmalloc(64, GFP_KERNEL) }\non cpu 4 { }\n}\n");
        validator.assertError(m, KmemPackage.Literals.CPU_BLOCK, IssueCodes.NO_SUCH_CPU,
                "on cpu 4: machine smp has CPUs 0 to 3 (cpus 4); write cpus 5 in the machine for cpu 4");
        assertEquals(1, validator.validate(m).stream().filter(i -> IssueCodes.NO_SUCH_CPU.equals(i.getCode())).count());
    }

    @Test
    void cpuAndSlabinfoStayNames() throws Exception {
        clean(scenario("pc", "let cpu = 0\nlet slabinfo = cpu + 1\non cpu cpu {\n    print slabinfo\n}\nshow slabinfo\nshow slabinfo \"kmalloc-64\""));
    }
}
