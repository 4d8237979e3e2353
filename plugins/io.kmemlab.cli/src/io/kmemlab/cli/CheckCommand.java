package io.kmemlab.cli;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {"Runs every scenario as a test (each expect is an assertion), prints the failures "
        + "with file:line and ends with the line `N passed, N failed`.",
        "Exit status: 0 all passed, 1 a scenario failed, 2 a file does not parse or validate (file:line:column messages), "
                + "3 kmemlab itself failed on some file (the message names it; the other files are still checked)."})
final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = ".kmem files, or directories searched for them")
    List<Path> paths;

    @Mixin RunOptions options;

    private PrintWriter out;
    private ScenarioRunner runner;
    private int passed;
    private int failed;
    private boolean broken;
    private boolean kmemlabFailed;

    @Override public Integer call() {
        StartupTrace.mark("arguments parsed");
        out = spec.commandLine().getOut();
        KmemFileSet set = KmemFileSet.of(paths);
        broken = !set.missing().isEmpty();
        for (Problem p : set.missing()) out.println(p);
        runner = new ScenarioRunner(options.limits());
        if (StartupTrace.ON && !set.files().isEmpty()) {
            KmemFiles.injector();
            StartupTrace.mark("language injector created");
        }
        for (Path file : set.files()) {
            try {
                check(set, file);
            } catch (Throwable t) {   // kmemlab failed on this file: say so and go on with the next one
                kmemlabFailed = true;
                out.println(KmemlabFailure.problem(KmemFileSet.shown(file), 0, "checking this file", t));
            }
            out.flush();
        }
        out.printf("%d passed, %d failed%n", passed, failed);
        out.flush();
        return kmemlabFailed ? KmemlabFailure.EXIT : broken ? 2 : failed > 0 ? 1 : 0;
    }

    private void check(KmemFileSet set, Path file) {
        KmemFiles.Loaded f = set.load(file);
        StartupTrace.mark("loaded and validated " + file.getFileName());
        for (Problem p : set.newProblems(f)) out.println(p);
        List<Scenario> scenarios = ScenarioRunner.scenarios(f.model());
        if (f.hasErrors()) {
            broken = true;
            for (Scenario s : scenarios) out.println("NOT RUN " + s.getName() + " (the file has errors)");
            failed += scenarios.size();
            return;
        }
        for (Scenario s : scenarios) {
            try {
                ScenarioResult r = runner.run(s);
                StartupTrace.mark("ran " + s.getName());
                out.printf("%s  %s (%s)%n", r.passed() ? "PASS" : "FAIL", r.name(), r.location().where());
                for (Problem p : r.problems()) out.println("      " + p);
                if (r.passed()) passed++;
                else failed++;
            } catch (Throwable t) {   // the scenario's machine and state are garbage now; the next scenario starts afresh
                kmemlabFailed = true;
                failed++;
                SourceLocation at = SourceLocation.of(s);
                out.printf("FAIL  %s (%s)%n", s.getName(), at.where());
                out.println("      " + KmemlabFailure.problem(at.file(), at.line(), "running this scenario", t));
            }
            out.flush();
        }
    }
}
