package io.kmemlab.junit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.kmemlab.junit.KmemScenarios;
import io.kmemlab.junit.KmemTestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The engine driven through the JUnit Platform launcher, on the scenario files in
 * {@code scenarios/}. Lines and columns expected here are read from those files; messages are
 * the interpreter's, as {@code kmemlab check} prints them.
 */
class KmemTestEngineTest {
    private static final Path SCENARIOS = Path.of("scenarios").toAbsolutePath();
    private static final Path PAGES = SCENARIOS.resolve("pass/pages.kmem");
    private static final Path REFCOUNT = SCENARIOS.resolve("mixed/refcount.kmem");
    private static final Path BROKEN = SCENARIOS.resolve("mixed/broken.kmem");

    @KmemScenarios
    static final class ConfiguredScenarios { }

    @KmemScenarios("no/such/directory")
    static final class MisspeltScenarios { }

    @Test
    void eachScenarioIsATestAndEachExpectAChildPointingAtItsLine() throws IOException {
        Recorder r = Recorder.run(selectDirectory(SCENARIOS.resolve("pass").toFile()));

        TestIdentifier file = identifier(r, shown(PAGES));
        assertEquals(FileSource.from(PAGES.toFile()), file.getSource().orElseThrow());
        assertTrue(file.isContainer());

        int line = lineOf(PAGES, "scenario \"a page");
        TestIdentifier scenario = identifier(r, "a page from the buddy allocator");
        assertEquals("a page from the buddy allocator (" + shown(PAGES) + ":" + line + ")", scenario.getDisplayName());
        assertEquals(TestDescriptor.Type.CONTAINER_AND_TEST, scenario.getType());
        assertEquals(FileSource.from(PAGES.toFile(), FilePosition.from(line, 1)), scenario.getSource().orElseThrow());
        assertEquals(file.getUniqueIdObject(), scenario.getParentIdObject().orElseThrow());

        List<TestIdentifier> expects = List.copyOf(r.plan().getChildren(scenario));
        assertEquals(2, expects.size());
        int first = lineOf(PAGES, "expect page_count(p) == 1");
        assertEquals("expect page_count(p) == 1 (" + shown(PAGES) + ":" + first + ")", expects.get(0).getDisplayName());
        assertEquals(FileSource.from(PAGES.toFile(), FilePosition.from(first, 5)), expects.get(0).getSource().orElseThrow());
        int second = lineOf(PAGES, "expect page_to_pfn(p)");
        assertEquals(FileSource.from(PAGES.toFile(), FilePosition.from(second, 5)), expects.get(1).getSource().orElseThrow());
        for (TestIdentifier e : expects) assertEquals(TestDescriptor.Type.TEST, e.getType());

        for (Recorder.Outcome o : r.outcomes()) assertEquals("SUCCESSFUL", o.status(), o.test().getDisplayName() + ": " + o.message());
    }

    @Test
    void aFailingExpectFailsItselfAndItsScenarioAndTheOthersKeepTheirOwnOutcome() throws IOException {
        Recorder r = Recorder.run(selectFile(REFCOUNT.toFile()));
        String failure = shown(REFCOUNT) + ":" + lineOf(REFCOUNT, "expect page_count(p) == 2") + ":5: error: "
                + "expect failed: page_count(p) == 2 (left: 1, right: 2)";

        Recorder.Outcome failed = r.outcome("expect page_count(p) == 2");
        assertEquals("FAILED", failed.status());
        assertEquals(failure, failed.message());
        assertEquals("SUCCESSFUL", r.outcome("expect page_count(p) == 1").status());
        Recorder.Outcome untaken = r.outcome("expect page_count(p) == 7");
        assertEquals("SKIPPED", untaken.status());
        assertEquals("not reached (the scenario has an error: " + failure + ")", untaken.message());

        Recorder.Outcome scenario = r.outcome("a reference too many");
        assertEquals("FAILED", scenario.status());
        assertEquals(failure, scenario.message());
    }

    @Test
    void aFileWithErrorsFailsEachOfItsScenariosWithTheErrorsAndRunsNone() throws IOException {
        Recorder r = Recorder.run(selectFile(BROKEN.toFile()));
        Recorder.Outcome scenario = r.outcome("does not parse");
        assertEquals("FAILED", scenario.status());
        String firstError = shown(BROKEN) + ":" + lineOf(BROKEN, "}") + ":1: error: ";
        assertTrue(scenario.message().startsWith("not run: the file has errors\n" + firstError), scenario.message());
        Recorder.Outcome expect = r.outcome("expect 1 ==");
        assertEquals("SKIPPED", expect.status());
        assertEquals("not run: the file has errors", expect.message());
    }

    @Test
    void anAnnotatedClassWithoutPathsRunsTheDirectoriesOfTheConfigurationParameter() {
        Recorder r = Recorder.run(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ConfiguredScenarios.class))
                .configurationParameter(KmemTestEngine.SCENARIOS_PARAMETER, SCENARIOS.resolve("pass").toString())
                .build());
        TestIdentifier cls = identifier(r, ConfiguredScenarios.class.getSimpleName());
        assertEquals(ClassSource.from(ConfiguredScenarios.class), cls.getSource().orElseThrow());
        TestIdentifier file = identifier(r, shown(PAGES));
        assertEquals(cls.getUniqueIdObject(), file.getParentIdObject().orElseThrow());
        assertEquals("SUCCESSFUL", r.outcome("a page from the buddy allocator").status());
    }

    @Test
    void aPathWithoutScenariosIsAFailingTestThatSaysWhereItLooked() {
        Recorder r = Recorder.run(selectClass(MisspeltScenarios.class));
        Recorder.Outcome none = r.outcome("no scenarios in no/such/directory");
        assertEquals("FAILED", none.status());
        assertEquals("no such file or directory: " + Path.of("no/such/directory").toAbsolutePath()
                + " (scenarios are looked for in the paths of @KmemScenarios, else in the configuration parameter "
                + "kmemlab.scenarios, else in src/test/kmem; relative paths start at the working directory "
                + Path.of("").toAbsolutePath() + ")", none.message());
    }

    @Test
    void aClassWithoutTheAnnotationIsLeftToOtherEngines() {
        Recorder r = Recorder.run(selectClass(KmemTestEngineTest.class));
        assertEquals(1, r.plan().getRoots().size());
        TestIdentifier root = r.plan().getRoots().iterator().next();
        assertTrue(r.plan().getChildren(root).isEmpty(), "the engine took a class it was not meant to");
    }

    @Test
    void aUniqueIdSelectsOneExpectAndRunsItsScenarioForIt() throws IOException {
        Recorder all = Recorder.run(selectFile(REFCOUNT.toFile()));
        TestIdentifier second = identifier(all, "expect page_count(p) == 1");

        Recorder one = Recorder.run(selectUniqueId(second.getUniqueIdObject()));
        assertEquals("SUCCESSFUL", one.outcome("expect page_count(p) == 1").status());
        assertFalse(one.find("expect page_count(p) == 2").isPresent(), "an expect that was not selected was reported");
        assertFalse(one.find("expect page_count(p) == 7").isPresent(), "an expect that was not selected was reported");
        assertEquals("FAILED", one.outcome("a reference too many").status());   // the scenario itself still fails
    }

    private static TestIdentifier identifier(Recorder r, String name) {
        return r.plan().getRoots().stream().flatMap(root -> r.plan().getDescendants(root).stream())
                .filter(t -> t.getDisplayName().startsWith(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no test called \"" + name + "...\""));
    }

    /** The path as messages show it: relative to the working directory. */
    private static String shown(Path file) {
        return Path.of("").toAbsolutePath().relativize(file).toString();
    }

    /** 1-based line of the first line of {@code file} that starts (after indentation) with {@code start}. */
    static int lineOf(Path file, String start) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().startsWith(start)) return i + 1;
        throw new AssertionError(start + " is not in " + file);
    }

}
