package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, imports and their problems, with file:line:column. */
class LoadingTest {
    @TempDir Path dir;

    @Test
    void importsAreRelativeToTheImportingFile() throws Exception {
        Files.createDirectories(dir.resolve("machines"));
        Files.writeString(dir.resolve("machines/pc.kmem"), Kmem.MACHINE);
        Files.writeString(dir.resolve("s.kmem"), "import \"machines/pc.kmem\"\nscenario \"x\" on pc { let a = 1 }\n");
        KmemFiles.Loaded l = KmemFiles.load(dir.resolve("s.kmem"));
        assertFalse(l.hasErrors(), l.problems().toString());
        assertEquals("pc", ScenarioRunner.scenarios(l.model()).get(0).getMachine().getName());
    }

    @Test
    void aMissingImportIsAnErrorAtTheImportLine() throws Exception {
        Files.writeString(dir.resolve("s.kmem"), "// a comment\nimport \"nowhere.kmem\"\n");
        KmemFiles.Loaded l = KmemFiles.load(dir.resolve("s.kmem"));
        Problem p = l.problems().get(0);
        assertEquals(2, p.line());
        assertTrue(p.message().contains("cannot find imported file \"nowhere.kmem\""), p.message());
    }

    @Test
    void aSyntaxErrorHasLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("bad.kmem"), Kmem.MACHINE + "scenario \"x\" on pc {\n    let = 3\n}\n");
        KmemFiles.Loaded l = KmemFiles.load(dir.resolve("bad.kmem"));
        assertTrue(l.hasErrors());
        Problem p = l.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
        assertEquals(7, p.line());
        assertTrue(p.column() > 0);
        assertTrue(p.toString().matches(".*bad\\.kmem:7:\\d+: error: .*"), p.toString());
    }

    @Test
    void anUndefinedMachineIsALinkingError() throws Exception {
        Files.writeString(dir.resolve("s.kmem"), "scenario \"x\" on nosuch { }\n");
        KmemFiles.Loaded l = KmemFiles.load(dir.resolve("s.kmem"));
        assertTrue(l.hasErrors());
        assertEquals(1, l.problems().get(0).line());
        assertTrue(l.problems().get(0).message().contains("nosuch"), l.problems().toString());
    }
}
