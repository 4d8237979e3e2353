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

    /** Two small machines booted for real: an x86_64 PC with 1 GiB and an i386 PC with 2 GiB of RAM. */
    static final String PC64_AND_PC32 = """
            machine pc64 {
                arch x86_64
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            }
            machine pc32 {
                arch i386
                paging 2-level
                ram 0x0 .. 0x9ffff
                ram 0x100000 .. 0x7fffffff
                config { HIGHMEM on }
            }
            """;

    /** Line of the first statement of a {@link #scenarioOn} body: after the machines and the scenario line. */
    static final int FIRST_BODY_LINE = (int) PC64_AND_PC32.lines().count() + 2;

    /** A scenario on {@code machine} of {@link #PC64_AND_PC32} with {@code body} as its statements. */
    static Scenario scenarioOn(String machine, String body) {
        Model m = parse(PC64_AND_PC32 + "scenario \"t\" on " + machine + " {\n" + body + "\n}\n");
        return ScenarioRunner.scenarios(m).get(0);
    }

    /** An x86_64 PC with 1 GiB of RAM on the 2.6 profile. */
    static final String PC26 = """
            machine pc26 {
                arch x86_64
                kernel 2.6
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            }
            """;

    static final int FIRST_BODY_LINE_26 = (int) PC26.lines().count() + 2;

    /** A scenario on {@link #PC26}. */
    static Scenario scenario26(String body) {
        Model m = parse(PC26 + "scenario \"t\" on pc26 {\n" + body + "\n}\n");
        return ScenarioRunner.scenarios(m).get(0);
    }
}
