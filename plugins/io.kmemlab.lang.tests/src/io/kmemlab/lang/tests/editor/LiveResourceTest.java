package io.kmemlab.lang.tests.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import io.kmemlab.lang.ide.text.LiveResource;
import io.kmemlab.lang.ide.text.TextParser;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor's live model: after each edit (applied by partial reparsing) it has the text, the
 * model and the problems that parsing the edited text from scratch gives.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class LiveResourceTest {

    private static final URI FILE = URI.createURI("inmemory:/live.kmem");
    private static final String TEXT = """
            machine m {
                arch x86_64
                ram 0x0 size 1G
            }
            scenario "s" on m {
                let k = kmalloc(64, GFP_KERNEL)
                process app {
                    let u = mmap(4K, PROT_READ)
                }
                print k
            }
            """;

    @Inject
    private TextParser parser;

    @Inject
    private IResourceValidator validator;

    @TempDir
    Path dir;

    @Test
    void typingAStatementCharacterByCharacterGivesWhatAFreshParseGives() {
        LiveResource live = new LiveResource(parser, TEXT, FILE);
        String text = TEXT;
        int at = text.indexOf("    print k");
        // Every intermediate text, including the broken ones ("let p = alloc_p"), is compared.
        for (char c : "    let p = alloc_pages(GFP_KERNEL, 0)\n".toCharArray()) {
            live.edit(at, 0, String.valueOf(c));
            text = text.substring(0, at) + c + text.substring(at);
            at++;
            assertSameAsFreshParse(text, live);
        }
        // A typo and its fix, and a whole block deleted.
        int l = text.indexOf("kmalloc") + "kma".length();
        live.edit(l, 1, "");
        text = text.substring(0, l) + text.substring(l + 1);
        assertSameAsFreshParse(text, live);
        assertTrue(problems(live.resource()).stream().anyMatch(p -> p.startsWith("ERROR") && p.contains("kmaloc")),
                "the typo is reported: " + problems(live.resource()));
        live.edit(l, 0, "l");
        text = text.substring(0, l) + "l" + text.substring(l);
        assertSameAsFreshParse(text, live);
        int block = text.indexOf("    process app {");
        int end = text.indexOf("    }\n", block) + "    }\n".length();
        live.edit(block, end - block, "");
        text = text.substring(0, block) + text.substring(end);
        assertSameAsFreshParse(text, live);
    }

    @Test
    void anImportedMachineFileChangedOnDiskIsReadAgainAfterTheNextEdit() throws Exception {
        Files.writeString(dir.resolve("machines.kmem"), "machine m { arch x86_64 ram 0x0 size 1G }\n");
        URI file = URI.createFileURI(dir.resolve("main.kmem").toString());
        String text = "import \"machines.kmem\"\nscenario \"s\" on m {\n    let k = kmalloc(64, GFP_KERNEL)\n}\n";
        LiveResource live = new LiveResource(parser, text, file);
        assertEquals(List.of(), problems(live.resource()));

        // The machine is renamed in its file; the importing file is edited afterwards.
        Files.writeString(dir.resolve("machines.kmem"), "machine pc { arch x86_64 ram 0x0 size 1G }\n");
        int at = text.indexOf("64");
        live.edit(at, 2, "128");
        List<String> problems = problems(live.resource());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("ERROR") && p.contains("unknown machine 'm'")),
                "the renamed machine is not seen: " + problems);
        assertEquals(problems(parser.parse(live.text(), file)), problems);
    }

    private void assertSameAsFreshParse(String text, LiveResource live) {
        assertEquals(text, live.text());
        XtextResource fresh = parser.parse(text, FILE);
        assertEquals(shape(fresh), shape(live.resource()), "model after editing to:\n" + text);
        assertEquals(problems(fresh), problems(live.resource()), "problems after editing to:\n" + text);
    }

    /** Each model object's type and the text it was parsed from, in order. */
    private static List<String> shape(XtextResource resource) {
        List<String> shape = new ArrayList<>();
        for (TreeIterator<EObject> it = resource.getAllContents(); it.hasNext();) {
            EObject o = it.next();
            ICompositeNode node = NodeModelUtils.getNode(o);
            shape.add(o.eClass().getName() + "@" + (node == null ? -1 : node.getOffset()) + ":"
                    + (node == null ? "" : node.getText().strip()));
        }
        return shape;
    }

    private List<String> problems(XtextResource resource) {
        return validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl).stream()
                .map(i -> i.getSeverity() + " " + i.getOffset() + " " + i.getMessage()).toList();
    }
}
