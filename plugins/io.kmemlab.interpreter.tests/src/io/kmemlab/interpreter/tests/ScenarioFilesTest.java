package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.fail;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario in examples/ and, when it sits beside the clone, ../shared/acceptance/, as
 * one test named after the scenario, on the real emulator. A scenario listed in
 * releng/acceptance-pending.txt must fail (the list says why); when it passes, the test
 * fails so that the line gets removed.
 */
class ScenarioFilesTest {
    private static final Path ROOT = repositoryRoot();
    private static final PendingList PENDING = PendingList.read(ROOT.resolve("releng/acceptance-pending.txt"));

    @TestFactory
    List<DynamicNode> examples() throws IOException {
        return scenariosIn(ROOT.resolve("examples"));
    }

    @TestFactory
    List<DynamicNode> acceptance() throws IOException {
        Path dir = acceptanceDirOrSkip(ROOT.resolve("../shared/acceptance").normalize());
        System.out.println("kmemlab: running the acceptance scenarios in " + dir);
        return scenariosIn(dir);
    }

    /**
     * The acceptance folder, or a skipped test (an aborted assumption, which test reports list as
     * skipped with this reason) when it is absent: a run without it must not look like a pass.
     */
    static Path acceptanceDirOrSkip(Path dir) {
        Assumptions.assumeTrue(Files.isDirectory(dir), () -> dir + " does not exist: the acceptance scenarios were not run"
                + " (they are looked for beside the clone)");
        return dir;
    }

    @TestFactory
    List<DynamicNode> pendingListNamesOnlyExistingScenarios() throws IOException {
        List<String> known = new ArrayList<>();
        for (Path dir : List.of(ROOT.resolve("examples"), acceptanceDirOrSkip(ROOT.resolve("../shared/acceptance").normalize()))) {
            for (Path f : kmemFiles(dir)) for (Scenario s : ScenarioRunner.scenarios(KmemFiles.load(f, false).model())) known.add(s.getName());
        }
        List<DynamicNode> out = new ArrayList<>();
        for (String name : PENDING.names()) {
            out.add(DynamicTest.dynamicTest("pending entry \"" + name + "\" names a scenario", () -> {
                if (!known.contains(name)) fail("releng/acceptance-pending.txt lists \"" + name + "\", which no scenario is called: remove the line");
            }));
        }
        return out;
    }

    private static List<DynamicNode> scenariosIn(Path dir) throws IOException {
        List<DynamicNode> out = new ArrayList<>();
        for (Path file : kmemFiles(dir)) {
            KmemFiles.Loaded loaded = KmemFiles.load(file);
            List<DynamicNode> tests = new ArrayList<>();
            if (loaded.hasErrors()) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + " parses and validates", () -> fail(errors(loaded.problems()))));
            }
            for (Scenario s : ScenarioRunner.scenarios(loaded.model())) {
                if (loaded.hasErrors()) break;
                tests.add(DynamicTest.dynamicTest(s.getName(), file.toUri(), () -> check(s)));
            }
            if (!tests.isEmpty()) out.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), tests));
        }
        return out;
    }

    private static void check(Scenario s) {
        ScenarioResult r = new ScenarioRunner().run(s);
        String reason = PENDING.reason(s.getName());
        if (reason != null) {
            if (r.passed()) fail("\"" + s.getName() + "\" passes now: remove it from releng/acceptance-pending.txt");
            System.out.println("pending: \"" + s.getName() + "\" (" + reason + "): " + errors(r.problems()));
            return;
        }
        if (!r.passed()) fail(errors(r.problems()));
    }

    private static String errors(List<Problem> problems) {
        return problems.stream().filter(Problem::isError).map(Problem::toString).collect(Collectors.joining("\n"));
    }

    static List<Path> kmemFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".kmem")).sorted().toList();
        }
    }

    /** The clone's root: the test runs in plugins/io.kmemlab.interpreter.tests under Tycho. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("plugins")) && Files.isDirectory(p.resolve("releng"))) return p;
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
