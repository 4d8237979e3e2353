package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;

/** Parses .kmem text for the tests. */
final class Kmem {
    static final String MACHINE = """
            machine pc {
                arch x86_64
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0xbfffffff
            }
            """;

    private Kmem() { }

    static Model parse(String text) {
        try {
            XtextResource r = KmemFiles.parse("test.kmem", text);
            EcoreUtil.resolveAll(r);
            assertTrue(r.getErrors().isEmpty(), () -> "syntax errors: " + r.getErrors());
            return (Model) r.getContents().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scenario on {@link #MACHINE} with {@code body} as its statements. */
    static Scenario scenario(String body) {
        Model m = parse(MACHINE + "scenario \"t\" on pc {\n" + body + "\n}\n");
        return ScenarioRunner.scenarios(m).get(0);
    }
}
