package io.kmemlab.lang.tests.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Syntax errors say what the construct needs and how it is written, never ANTLR's token names. */
@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class SyntaxErrorMessageTest {

    private static final String MACHINE = "machine m {\n    arch x86_64\n    ram 0x0 size 1G\n}\n";

    /** Words of ANTLR's messages and of the generated grammar that a user should never read. */
    private static final Pattern PARSER_JARGON = Pattern.compile(
            "RULE_|mismatched|viable|extraneous|expecting|<EOF>|EOF|input '");

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Test
    void aScenarioWithoutAName() throws Exception {
        assertEquals("a scenario needs a name in quotes, not 'on': scenario \"name\" on MACHINE { … }",
                firstError(MACHINE + "scenario on m {\n}\n"));
    }

    @Test
    void aScenarioWithoutOn() throws Exception {
        assertEquals("a scenario needs 'on', not 'm': scenario \"name\" on MACHINE { … }",
                firstError(MACHINE + "scenario \"s\" m {\n}\n"));
    }

    @Test
    void aMachineWithoutAName() throws Exception {
        assertEquals("a machine needs a name, not '{': machine NAME { arch x86_64  ram START .. END … }",
                firstError("machine {\n    arch x86_64\n}\n"));
    }

    @Test
    void anUnknownMachineClauseListsTheClauses() throws Exception {
        String message = firstError("machine m {\n    arch x86_64\n    frobnicate 3\n}\n");
        assertTrue(message.startsWith("'frobnicate' is not a machine clause: arch, paging, memory-model"), message);
        assertTrue(message.endsWith("'}' ends the machine"), message);
    }

    @Test
    void theFileEndsInsideAScenario() throws Exception {
        assertEquals("the file ends before the '}' that closes the scenario: scenario \"name\" on MACHINE { … }",
                firstError(MACHINE + "scenario \"s\" on m {\n    let k = 1\n"));
    }

    @Test
    void aStatementIsNamedByItsKeyword() throws Exception {
        assertEquals("unexpected '=' in a let: let NAME = VALUE", firstError(MACHINE + "scenario \"s\" on m {\n    let = 3\n}\n"));
        assertEquals("a for loop needs '..', not '{': for NAME in FROM .. TO { … }",
                firstError(MACHINE + "scenario \"s\" on m {\n    for i in 0 { }\n}\n"));
        assertEquals("unexpected 'pages' in a show: show page|zone|zoneinfo|buddyinfo|pagetypeinfo|slabinfo|memmap|vmas [ARGUMENT]",
                firstError(MACHINE + "scenario \"s\" on m {\n    show pages\n}\n"));
    }

    @Test
    void anImportNeedsQuotes() throws Exception {
        assertEquals("an import needs a file name in quotes, not 'machines': import \"machines.kmem\"",
                firstError("import machines.kmem\n"));
    }

    @Test
    void somethingThatStartsNothingAtTopLevel() throws Exception {
        assertEquals("'42' cannot start a top-level element: write import \"file.kmem\", machine NAME { … } or"
                + " scenario \"name\" on MACHINE { … }", firstError(MACHINE + "42\n"));
    }

    @Test
    void noMessageUsesParserJargon() throws Exception {
        List<String> broken = List.of("scenario", "machine", "machine m {", "machine m { arch }", "import",
                MACHINE + "scenario \"s\" on m { let k = kmalloc(64, GFP_KERNEL\n print k }",
                MACHINE + "scenario \"s\" on m { let k = 3 +\n}", MACHINE + "scenario \"s\" on m { process { } if { } }",
                "machine m { zones { DMA until } config { A } }", MACHINE + "scenario \"s\" on m { show zone\n expect }",
                "machine m { ram 0x1000 ..\n}", "}", "{", "machine m { kernel 6. }", MACHINE + "scenario \"s\" on m { walk }");
        for (String text : broken) {
            List<String> messages = errors(text);
            assertFalse(messages.isEmpty(), "no syntax error for: " + text);
            for (String message : messages) {
                assertFalse(PARSER_JARGON.matcher(message).find(), "jargon in '" + message + "' for: " + text);
            }
        }
    }

    private String firstError(String text) throws Exception {
        List<String> errors = errors(text);
        assertFalse(errors.isEmpty(), "no syntax error for: " + text);
        return errors.get(0);
    }

    private List<String> errors(String text) throws Exception {
        // Through a resource: some broken texts ("}") have no root object to return.
        XtextResource resource = (XtextResource) resourceSets.get().createResource(URI.createURI("test.kmem"));
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        return resource.getErrors().stream().map(Resource.Diagnostic::getMessage).toList();
    }
}
