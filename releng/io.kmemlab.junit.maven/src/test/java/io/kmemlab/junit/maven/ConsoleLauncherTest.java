package io.kmemlab.junit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The published artifact (this module's jar classes plus its runtime dependencies, nothing
 * else) under the JUnit Platform console launcher, in a JVM of its own: what a user who
 * runs {@code junit-platform-console-standalone} gets.
 */
class ConsoleLauncherTest {
    private static final Path SCENARIOS = Path.of("src/test/kmem").toAbsolutePath();

    @Test
    void aDirectorySelectedOnTheCommandLineRunsEveryScenarioInIt() throws Exception {
        Run r = launch(SCENARIOS, "--select-directory", "pass");
        assertEquals(0, r.exit, r.output);
        // the tree: file, then the scenario named with its file:line, then its expect
        assertTrue(r.output.contains("pages.kmem"), r.output);
        assertTrue(r.output.contains("a page from the buddy allocator (pass/pages.kmem:" + lineOf("pass/pages.kmem", "scenario ") + ")"), r.output);
        assertTrue(r.output.contains("expect page_count(p) == 1 (pass/pages.kmem:" + lineOf("pass/pages.kmem", "expect ") + ")"), r.output);
        assertTrue(r.output.contains("2 tests successful"), r.output);
    }

    @Test
    void theAnchorClassRunsTheConfiguredDirectoryAndAFailingExpectFailsTheRun() throws Exception {
        Run r = launch(SCENARIOS, "--select-class", "io.kmemlab.junit.KmemScenariosTest", "--config", "kmemlab.scenarios=fail");
        assertEquals(1, r.exit, r.output);
        int line = lineOf("fail/refcount.kmem", "expect ");
        assertTrue(r.output.contains("fail/refcount.kmem:" + line + ":5: error: expect failed: page_count(p) == 2 (left: 1, right: 2)"), r.output);
        assertTrue(r.output.contains("2 tests failed"), r.output);    // the scenario and its expect
        assertTrue(!r.output.contains("\tat io.kmemlab"), "no Java stack trace for a failed expect:\n" + r.output);
    }

    private record Run(int exit, String output) { }

    private static Run launch(Path dir, String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("kmemlab.classes") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("kmemlab.consumerClasspathFile"))).strip();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow",
                "-jar", System.getProperty("kmemlab.consoleLauncher"), "execute", "--disable-banner", "--disable-ansi-colors",
                "--details=tree", "--include-engine=kmem", "--class-path", classpath));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("console-launcher", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the console launcher did not end within 5 minutes:\n" + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** 1-based line of the first line of {@code file} that starts (after indentation) with {@code start}. */
    private static int lineOf(String file, String start) throws IOException {
        List<String> lines = Files.readAllLines(SCENARIOS.resolve(file));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().startsWith(start)) return i + 1;
        throw new AssertionError(start + " not in " + file);
    }
}
