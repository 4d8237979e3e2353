package io.kmemlab.lang.tests.formatting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.kmemlab.lang.formatting2.KmemFormatting;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.tests.KmemFiles;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.serializer.ISerializer;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class KmemFormatterTest {

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private KmemFormatting formatting;

    @Inject
    private ISerializer serializer;

    private int counter;

    /** Parses text as a file in dir (so relative imports resolve). */
    private XtextResource parse(XtextResourceSet set, Path dir, String text) throws Exception {
        URI uri = URI.createFileURI(dir.resolve("__formatted" + (counter++) + ".kmem").toString());
        XtextResource r = (XtextResource) set.createResource(uri);
        r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        assertTrue(r.getErrors().isEmpty(), () -> "does not re-parse: " + r.getErrors() + "\n" + text);
        return r;
    }

    private void assertSameModel(XtextResource expected, XtextResource actual, String text) {
        EcoreUtil.resolveAll(expected);
        EcoreUtil.resolveAll(actual);
        assertTrue(EcoreUtil.equals(expected.getContents().get(0), actual.getContents().get(0)),
                () -> "the model changed:\n" + text);
    }

    private String format(String text) throws Exception {
        XtextResourceSet set = resourceSets.get();
        XtextResource r = parse(set, Path.of("/tmp"), text);
        String formatted = formatting.format(r);
        assertSameModel(r, parse(set, Path.of("/tmp"), formatted), formatted);
        return formatted;
    }

    @Test
    void formatsMachinesAndScenariosTheKernelWay() throws Exception {
        String formatted = format("""
                machine   m{arch x86_64 ram 0x1000..0x9fbff
                config{VMAP_STACK on THP on}
                zones { Normal until 4G HighMem rest } }
                scenario "s" on m { let p=alloc_pages(GFP_KERNEL|__GFP_COMP,2)
                expect compound_head( p+3 )==p && ! PageTail( p )
                process app { let pages = get_user_pages(0x1000 , 4 , FOLL_WRITE) put_page(pages [0]) }
                show zoneinfo
                put_page(p) expect oops write8(0xdead000000000000,1) }
                """);
        assertEquals("""
                machine m {
                    arch x86_64
                    ram 0x1000 .. 0x9fbff
                    config { VMAP_STACK on THP on }
                    zones {
                        Normal until 4G
                        HighMem rest
                    }
                }

                scenario "s" on m {
                    let p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                    expect compound_head(p + 3) == p && !PageTail(p)
                    process app {
                        let pages = get_user_pages(0x1000, 4, FOLL_WRITE)
                        put_page(pages[0])
                    }
                    show zoneinfo
                    put_page(p)
                    expect oops write8(0xdead000000000000, 1)
                }
                """, formatted);
    }

    @Test
    void keepsVersionsPagingModesAndFieldAccessTogether() throws Exception {
        String formatted = format("machine m { kernel 2.6 paging 4-level }\nscenario \"s\" on m { print zone(Normal).spanned + current->pid }\n");
        assertTrue(formatted.contains("kernel 2.6\n"), formatted);
        assertTrue(formatted.contains("paging 4-level\n"), formatted);
        assertTrue(formatted.contains("print zone(Normal).spanned + current->pid\n"), formatted);
    }

    @Test
    void keepsComments() throws Exception {
        String formatted = format("// machines\nmachine m { arch i386 // 32-bit\n }\nscenario \"s\" on m { show buddyinfo // free blocks\n print 1 }\n");
        assertTrue(formatted.contains("// 32-bit"), formatted);
        assertTrue(formatted.contains("show buddyinfo // free blocks\n    print 1"), formatted);
    }

    @Test
    void formattingIsIdempotent() throws Exception {
        String once = format("machine m{arch arm}\nscenario \"s\" on m{if 1{print 2}else{print 3}}");
        assertEquals(once, format(once));
    }

    @Test
    void everyKnownFileRoundTripsThroughFormatterAndSerializer() throws Exception {
        List<Path> files = KmemFiles.allKnownFiles();
        assumeTrue(!files.isEmpty(), "no examples/ and no ../shared/acceptance: skipped");
        for (Path file : files) {
            XtextResourceSet set = resourceSets.get();
            XtextResource original = (XtextResource) set.getResource(URI.createFileURI(file.toString()), true);
            assertTrue(original.getErrors().isEmpty(), () -> file + ": " + original.getErrors());
            String formatted = formatting.format(original);
            assertSameModel(original, parse(set, file.getParent(), formatted), file + " formatted:\n" + formatted);
            String serialized = serializer.serialize(original.getContents().get(0));
            assertSameModel(original, parse(set, file.getParent(), serialized), file + " serialized:\n" + serialized);
            Model model = (Model) original.getContents().get(0);
            assertTrue(model.getElements().size() > 0, file.toString());
        }
        System.out.println("KmemFormatterTest: formatted and serialized " + files.size()
                + " files of examples/ and ../shared/acceptance, each re-parsed to an equal model");
    }
}
