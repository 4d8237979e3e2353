package io.kmemlab.lang.tests.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.If;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.Print;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.scoping.NameResolver;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import io.kmemlab.lang.types.Kind;
import io.kmemlab.lang.types.KindInference;
import io.kmemlab.lang.validation.IssueCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class KmemScopingTest {

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private ParseHelper<Model> parser;

    @Inject
    private ValidationTestHelper validator;

    @TempDir
    Path dir;

    private Model load(Path file) {
        Resource r = resourceSets.get().getResource(URI.createFileURI(file.toString()), true);
        assertTrue(r.getErrors().isEmpty(), () -> "syntax: " + r.getErrors());
        return (Model) r.getContents().get(0);
    }

    @Test
    void importedMachineResolvesByRelativePath() throws Exception {
        Files.createDirectories(dir.resolve("machines"));
        Files.writeString(dir.resolve("machines/common.kmem"), "machine pc8g { arch x86_64 ram 0 .. 0x7fffffff }\n");
        Path main = dir.resolve("main.kmem");
        Files.writeString(main, "import \"machines/common.kmem\"\nscenario \"s\" on pc8g { let p = alloc_page(GFP_KERNEL) }\n");
        Model model = load(main);
        Scenario s = (Scenario) model.getElements().get(0);
        assertFalse(s.getMachine().eIsProxy(), "the imported machine links");
        assertEquals("pc8g", s.getMachine().getName());
        validator.assertNoErrors(model);
    }

    @Test
    void machineOfAFileNotImportedDoesNotResolve() throws Exception {
        Files.writeString(dir.resolve("other.kmem"), "machine hidden { arch x86_64 }\n");
        Path main = dir.resolve("main.kmem");
        Files.writeString(main, "scenario \"s\" on hidden { }\n");
        XtextResourceSet set = resourceSets.get();
        set.getResource(URI.createFileURI(dir.resolve("other.kmem").toString()), true);
        Model model = (Model) set.getResource(URI.createFileURI(main.toString()), true).getContents().get(0);
        assertTrue(((Scenario) model.getElements().get(0)).getMachine().eIsProxy(), "only imports are visible");
    }

    @Test
    void missingImportIsAnError() throws Exception {
        Path main = dir.resolve("main.kmem");
        Files.writeString(main, "import \"machines/nope.kmem\"\n");
        validator.assertError(load(main), io.kmemlab.lang.kmem.KmemPackage.Literals.IMPORT, IssueCodes.IMPORT_NOT_FOUND,
                "import \"machines/nope.kmem\": no such file");
    }

    @Test
    void letResolvesToTheNearestEarlierDeclaration() throws Exception {
        Model model = parser.parse("""
                machine m { arch x86_64 }
                scenario "s" on m {
                    let x = alloc_page(GFP_KERNEL)
                    if 1 {
                        let x = 4
                        print x
                    }
                    print x
                }
                """);
        Scenario s = (Scenario) model.getElements().get(1);
        Let outer = (Let) s.getBody().getStatements().get(0);
        If branch = (If) s.getBody().getStatements().get(1);
        Let inner = (Let) branch.getThen().getStatements().get(0);
        NameRef innerUse = (NameRef) ((Print) branch.getThen().getStatements().get(1)).getValue();
        NameRef outerUse = (NameRef) ((Print) s.getBody().getStatements().get(2)).getValue();
        assertSame(inner, NameResolver.resolve(innerUse).variable());
        assertSame(outer, NameResolver.resolve(outerUse).variable());
        assertEquals(Kind.INTEGER, KindInference.kindOf(innerUse));
        assertEquals(Kind.PAGE, KindInference.kindOf(outerUse));
    }

    @Test
    void forVariableIsVisibleInItsBodyOnly() throws Exception {
        Model model = parser.parse("""
                machine m { arch x86_64 }
                scenario "s" on m { for i in 0 .. 3 { print i } }
                """);
        For loop = EcoreUtil2.getAllContentsOfType(model, For.class).get(0);
        NameRef use = (NameRef) ((Print) loop.getBody().getStatements().get(0)).getValue();
        assertSame(loop, NameResolver.resolve(use).variable());
    }

    @Test
    void namesResolveToConstantsZonesAndSymbols() throws Exception {
        Model model = parser.parse("""
                machine b { arch arm  symbol buf in data size 8K
                    zones { Normal until 0x2f800000  NewMem size 512M allocator none  HighMem rest } }
                scenario "s" on b {
                    expect zone(NewMem) != zone(HighMem) && PAGE_SIZE == 4096
                    let g = symbol(buf)
                }
                """);
        var refs = EcoreUtil2.getAllContentsOfType(model, NameRef.class);
        assertEquals("NewMem", NameResolver.resolve(refs.get(0)).zone());
        assertEquals(Kind.ZONE, KindInference.kindOf(refs.get(0)));
        assertEquals("PAGE_SIZE", NameResolver.resolve(refs.get(2)).constant().name());
        assertEquals("buf", NameResolver.resolve(refs.get(3)).symbol());
        assertNull(NameResolver.resolve(refs.get(3)).variable());
    }

    @Test
    void kindsFollowTheKernelsCRules() throws Exception {
        Model model = parser.parse("""
                machine m { arch x86_64 }
                scenario "s" on m {
                    let c = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                    let k = kmalloc(64, GFP_KERNEL)
                    expect c + 1 != NULL
                    print c + 1
                    print __pa(k) >> PAGE_SHIFT
                    print page_to_pfn(c) << PAGE_SHIFT
                    print GFP_KERNEL | __GFP_ZERO
                    print k + PAGE_SIZE
                    print (c + 3) - c
                    print page_zone(c)->spanned
                }
                """);
        var prints = EcoreUtil2.getAllContentsOfType(model, Print.class);
        assertEquals(Kind.PAGE, KindInference.kindOf(prints.get(0).getValue()));
        assertEquals(Kind.PFN, KindInference.kindOf(prints.get(1).getValue()));
        assertEquals(Kind.PHYS_ADDR, KindInference.kindOf(prints.get(2).getValue()));
        assertEquals(Kind.GFP, KindInference.kindOf(prints.get(3).getValue()));
        assertEquals(Kind.VIRT_ADDR, KindInference.kindOf(prints.get(4).getValue()));
        assertEquals(Kind.INTEGER, KindInference.kindOf(prints.get(5).getValue()));
        assertEquals(Kind.INTEGER, KindInference.kindOf(prints.get(6).getValue()));
        Expect e = EcoreUtil2.getAllContentsOfType(model, Expect.class).get(0);
        assertEquals(Kind.BOOL, KindInference.kindOf(e.getCondition()));
        assertInstanceOf(Call.class, ((Let) ((Scenario) model.getElements().get(1)).getBody().getStatements().get(0)).getValue());
    }
    @Test
    void laterLetsShadowEarlierOnesFromTheStatementAfterThem() throws Exception {
        Model model = parser.parse("""
                machine m { arch x86_64 }
                scenario "s" on m {
                    let x = alloc_page(GFP_KERNEL)
                    print x
                    let x = 4
                    print x
                    if 1 {
                        print x
                        let x = kmalloc(8, GFP_KERNEL)
                        print x
                    }
                    print x
                    for i in 0 .. 2 {
                        print i
                        let i = page_to_pfn(alloc_page(GFP_KERNEL))
                        print i
                    }
                    let PAGE_SIZE = 3
                    print PAGE_SIZE
                    expect warn let w = alloc_pages(GFP_KERNEL, 11)
                    print w
                }
                """);
        validator.assertNoErrors(model);
        var lets = EcoreUtil2.getAllContentsOfType(model, Let.class);
        For loop = EcoreUtil2.getAllContentsOfType(model, For.class).get(0);
        var uses = EcoreUtil2.getAllContentsOfType(model, Print.class).stream()
                .map(p -> NameResolver.resolve((NameRef) p.getValue()).variable()).toList();
        // lets: x(page) x(4) x(kmalloc) i(pfn) PAGE_SIZE w
        assertEquals(java.util.Arrays.asList(lets.get(0), lets.get(1), lets.get(1), lets.get(2), lets.get(1), loop,
                lets.get(3), lets.get(4), lets.get(5)), uses);
        var prints = EcoreUtil2.getAllContentsOfType(model, Print.class);
        assertEquals(Kind.PAGE, KindInference.kindOf(prints.get(0).getValue()));
        assertEquals(Kind.INTEGER, KindInference.kindOf(prints.get(1).getValue()));
        assertEquals(Kind.VIRT_ADDR, KindInference.kindOf(prints.get(3).getValue()));
        assertEquals(Kind.PFN, KindInference.kindOf(prints.get(6).getValue()));
    }

    @Test
    void useBeforeLetSaysWhichLineTheLetIsOn() throws Exception {
        Model model = parser.parse("""
                machine m { arch x86_64 }
                scenario "s" on m {
                    if 1 {
                        print b
                    }
                    let c = b
                    let b = 4
                    let d = d
                    print b + c
                }
                """);
        var messages = validator.validate(model).stream().map(org.eclipse.xtext.validation.Issue::getMessage).toList();
        assertEquals(List.of(
                "unknown name 'b': its let is on line 7, after this use; move the let up",
                "unknown name 'b': its let is on line 7, after this use; move the let up",
                "unknown name 'd': its let is on line 8, after this use; move the let up"), messages);
        var codes = validator.validate(model).stream().map(org.eclipse.xtext.validation.Issue::getCode).distinct().toList();
        assertEquals(List.of(IssueCodes.USED_BEFORE_LET), codes);
    }

    @Test
    void resolutionFollowsChangesToTheModel() throws Exception {
        Model model = parser.parse("""
                machine m { arch x86_64 }
                scenario "s" on m {
                    let x = 4
                    print x
                }
                """);
        Let let = EcoreUtil2.getAllContentsOfType(model, Let.class).get(0);
        NameRef use = (NameRef) EcoreUtil2.getAllContentsOfType(model, Print.class).get(0).getValue();
        assertSame(let, NameResolver.resolve(use).variable());
        let.setName("y");
        assertTrue(NameResolver.resolve(use).unknown(), "the cached index is dropped when a let is renamed");
        let.setName("x");
        assertSame(let, NameResolver.resolve(use).variable());
        Scenario s = (Scenario) model.getElements().get(1);
        s.getBody().getStatements().move(1, 0); // print x, then let x
        assertTrue(NameResolver.resolve(use).unknown(), "the cached positions follow a move");
        assertSame(let, NameResolver.laterLet(use));
    }
}
