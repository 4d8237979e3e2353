package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Without the acceptance folder, ScenarioFilesTest reports a skip with its reason instead of passing with nothing run. */
class AcceptanceSkipTest {
    @TempDir Path dir;

    @Test
    void anAbsentFolderIsASkipWithItsReason() {
        Path absent = dir.resolve("acceptance");
        TestAbortedException skip = assertThrows(TestAbortedException.class, () -> ScenarioFilesTest.acceptanceDirOrSkip(absent));
        assertEquals("Assumption failed: " + absent + " does not exist: the acceptance scenarios were not run"
                + " (they are looked for beside the clone)", skip.getMessage());
    }

    @Test
    void aPresentFolderIsRun() {
        assertSame(dir, ScenarioFilesTest.acceptanceDirOrSkip(dir));
    }
}
