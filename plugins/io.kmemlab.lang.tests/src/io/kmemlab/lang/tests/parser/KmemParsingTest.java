package io.kmemlab.lang.tests.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.kmemlab.lang.kmem.ArchClause;
import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.ExpressionStatement;
import io.kmemlab.lang.kmem.FieldAccess;
import io.kmemlab.lang.kmem.Index;
import io.kmemlab.lang.kmem.KernelClause;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.RamClause;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.Show;
import io.kmemlab.lang.kmem.UnaryOp;
import io.kmemlab.lang.kmem.Walk;
import io.kmemlab.lang.kmem.ZonesClause;
import io.kmemlab.lang.tests.KmemFiles;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class KmemParsingTest {

    @Inject
    private ParseHelper<Model> parser;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    private Model parse(String text) throws Exception {
        Model model = parser.parse(text);
        List<Resource.Diagnostic> errors = model.eResource().getErrors();
        assertTrue(errors.isEmpty(), () -> "unexpected syntax errors: " + errors);
        return model;
    }

    private List<?> statements(Model model) {
        return ((Scenario) model.getElements().get(model.getElements().size() - 1)).getBody().getStatements();
    }

    @Test
    void acceptanceMachinesParse() {
        Optional<Path> dir = KmemFiles.acceptanceDir();
        assumeTrue(dir.isPresent(), "../shared/acceptance is absent: skipped");
        Resource resource = resourceSets.get().getResource(
                URI.createFileURI(dir.get().resolve("machines.kmem").toString()), true);
        assertTrue(resource.getErrors().isEmpty(), () -> "machines.kmem: " + resource.getErrors());
        Model model = (Model) resource.getContents().get(0);
        List<String> names = model.getElements().stream().map(e -> ((Machine) e).getName()).toList();
        assertEquals(List.of("pc24g", "pc32", "pc32old", "board"), names);
    }

    @Test
    void everyAcceptanceAndExampleFileParses() {
        List<Path> files = KmemFiles.allKnownFiles();
        assumeTrue(!files.isEmpty(), "no examples/ and no ../shared/acceptance: skipped");
        XtextResourceSet set = resourceSets.get();
        for (Path file : files) {
            Resource resource = set.getResource(URI.createFileURI(file.toString()), true);
            assertTrue(resource.getErrors().isEmpty(), () -> file + ": " + resource.getErrors());
            EcoreUtil.resolveAll(resource);
        }
        System.out.println("KmemParsingTest: parsed " + files.size() + " files of examples/ and ../shared/acceptance");
    }

    @Test
    void numbersHaveSeparatorsAndSizeSuffixes() throws Exception {
        Model model = parse("""
                machine m { ram 0x1_0000_0000 size 4K  ram 0 .. 512M  swap 1G  cpus 1_024 }
                """);
        List<?> clauses = ((Machine) model.getElements().get(0)).getClauses();
        RamClause first = (RamClause) clauses.get(0);
        assertEquals(0x1_0000_0000L, ((NumberLiteral) first.getStart()).getValue());
        assertEquals(4096L, ((NumberLiteral) first.getSize()).getValue());
        assertEquals(512L << 20, ((NumberLiteral) ((RamClause) clauses.get(1)).getEnd()).getValue());
    }

    @Test
    void kernelAddressAboveSignedRangeKeepsItsBits() throws Exception {
        Model model = parse("scenario \"s\" on m { let a = 0xffffffff80000000 }");
        Let let = (Let) statements(model).get(0);
        assertEquals(0xffffffff80000000L, ((NumberLiteral) let.getValue()).getValue());
    }

    @Test
    void machineClausesParse() throws Exception {
        Model model = parse("""
                machine m {
                    arch x86_64  paging 5-level  memory-model sparsemem-vmemmap  kaslr seed 42
                    kernel 6.12  cpus 2  hugepages 4  swap 1G
                    node 0 { ram 0x1000 .. 0x9fbff }
                    node 1 { ram 0x100000000 size 4G }
                    reserved 0x0 .. 0xfff "BIOS"
                    kernel-image at 16M size 32M
                    symbol jiffies_buf in data size 8K
                    zones { Normal until 0x2f800000  NewMem size 512M allocator none  HighMem rest }
                    config { VMAP_STACK on  THP on  DEBUG_VIRTUAL off }
                    page-offset 0xC0000000  lowmem-limit 760M  boot-allocator memblock
                }
                """);
        Machine m = (Machine) model.getElements().get(0);
        assertEquals("x86_64", ((ArchClause) m.getClauses().get(0)).getArch());
        assertTrue(m.getClauses().stream().anyMatch(c -> c instanceof KernelClause k && "6.12".equals(k.getVersion())));
        ZonesClause zones = (ZonesClause) m.getClauses().stream().filter(ZonesClause.class::isInstance).findFirst().get();
        assertEquals(3, zones.getZones().size());
        assertTrue(zones.getZones().get(1).isNoAllocator());
        assertTrue(zones.getZones().get(2).isRest());
    }

    @Test
    void kernelPointerExpressionsParse() throws Exception {
        Model model = parse("""
                scenario "s" on m {
                    process app {
                        let ptep = pte_offset_map(pmd_offset(pud_offset(p4d_offset(pgd_offset(current->mm, 0), 0), 0), 0), 0)
                        expect pte_page(*ptep) == pfn_to_page(pte_pfn(*ptep))
                        let pages = get_user_pages(0x1000, 4, FOLL_WRITE)
                        put_page(pages[0])
                        walk 0x1000 in app
                    }
                    let c = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                    expect compound_head(c + 3) == c
                    expect zone(NewMem).spanned == 131072
                    let a = kmap_atomic(c, KM_USER0)
                    expect oops write8(0xdead000000000000, 1)
                }
                """);
        List<?> body = statements(model);
        Let c = (Let) body.get(1);
        assertInstanceOf(Call.class, c.getValue());
        Binary eq = (Binary) ((Expect) body.get(2)).getCondition();
        assertEquals("==", eq.getOp());
        Binary plus = (Binary) ((Call) eq.getLeft()).getArguments().get(0);
        assertEquals("+", plus.getOp());
        FieldAccess spanned = (FieldAccess) ((Binary) ((Expect) body.get(3)).getCondition()).getLeft();
        assertEquals("spanned", spanned.getField());
        Expect oops = (Expect) body.get(5);
        assertEquals("oops", oops.getKind());
        assertInstanceOf(ExpressionStatement.class, oops.getStatement());
        var process = (io.kmemlab.lang.kmem.ProcessBlock) body.get(0);
        Let ptep = (Let) process.getBody().getStatements().get(0);
        FieldAccess mm = (FieldAccess) ((Call) ((Call) ((Call) ((Call) ((Call) ptep.getValue()).getArguments().get(0))
                .getArguments().get(0)).getArguments().get(0)).getArguments().get(0)).getArguments().get(0);
        assertEquals("mm", mm.getField());
        assertFalse(mm.isArrow(), "-> is not the '.' form");
        assertEquals("current", ((NameRef) mm.getTarget()).getName());
        Expect present = (Expect) process.getBody().getStatements().get(1);
        UnaryOp deref = (UnaryOp) ((Call) ((Binary) present.getCondition()).getLeft()).getArguments().get(0);
        assertEquals("*", deref.getOp());
        ExpressionStatement put = (ExpressionStatement) process.getBody().getStatements().get(3);
        assertInstanceOf(Index.class, ((Call) put.getExpression()).getArguments().get(0));
        assertEquals("app", ((Walk) process.getBody().getStatements().get(4)).getProcess());
    }

    @Test
    void cPrecedenceShiftBindsLooserThanPlusAndTighterThanCompare() throws Exception {
        Model model = parse("scenario \"s\" on m { expect 1 + 2 << 3 == 24 && 1 | 0 }");
        Binary and = (Binary) ((Expect) statements(model).get(0)).getCondition();
        assertEquals("&&", and.getOp());
        Binary eq = (Binary) and.getLeft();
        assertEquals("==", eq.getOp());
        Binary shift = (Binary) eq.getLeft();
        assertEquals("<<", shift.getOp());
        assertEquals("+", ((Binary) shift.getLeft()).getOp());
        assertEquals("|", ((Binary) and.getRight()).getOp());
    }

    @Test
    void showArgumentIsOptionalAndStaysOnItsLine() throws Exception {
        Model model = parse("""
                scenario "s" on m {
                    let p = alloc_page(GFP_KERNEL)
                    show zoneinfo
                    put_page(p)
                    show buddyinfo // no argument, and the comment ends the line
                    show page p + 1
                    show vmas app
                }
                """);
        List<?> body = statements(model);
        assertEquals(6, body.size());
        assertEquals(null, ((Show) body.get(1)).getArgument());
        assertInstanceOf(ExpressionStatement.class, body.get(2));
        assertEquals(null, ((Show) body.get(3)).getArgument());
        assertInstanceOf(Binary.class, ((Show) body.get(4)).getArgument());
        assertEquals("app", ((NameRef) ((Show) body.get(5)).getArgument()).getName());
    }

    @Test
    void pagingModesLexApartFromSubtraction() throws Exception {
        Model model = parse("machine m { paging 4-level cpus 4-1 }");
        Machine m = (Machine) model.getElements().get(0);
        assertEquals(2, m.getClauses().size());
    }

    @Test
    void brokenFileReportsSyntaxErrorWithLineAndColumn() throws Exception {
        Model model = parser.parse("""
                machine m {
                    arch x86_64
                    ram 0x1000 ..
                }
                """);
        List<Resource.Diagnostic> errors = model.eResource().getErrors();
        assertFalse(errors.isEmpty(), "a RAM range without an end must not parse");
        Resource.Diagnostic first = errors.get(0);
        assertEquals(4, first.getLine(), () -> "reported at the closing brace: " + first.getMessage());
        assertEquals(1, first.getColumn());
    }
}
