package io.kmemlab.cli;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
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
        "Exit status: 0 all passed, 1 a scenario failed, 2 a file does not parse or validate (file:line:column messages)."})
final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = ".kmem files, or directories searched for them")
    List<Path> paths;

    @Mixin RunOptions options;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KmemFileSet set = KmemFileSet.load(paths);
        boolean broken = !set.missing().isEmpty();
        for (Problem p : set.missing()) out.println(p);
        ScenarioRunner runner = new ScenarioRunner(options.limits());
        int passed = 0, failed = 0;
        for (KmemFiles.Loaded f : set.files()) {
            for (Problem p : set.newProblems(f)) out.println(p);
            List<Scenario> scenarios = ScenarioRunner.scenarios(f.model());
            if (f.hasErrors()) {
                broken = true;
                for (Scenario s : scenarios) out.println("NOT RUN " + s.getName() + " (the file has errors)");
                failed += scenarios.size();
                continue;
            }
            for (Scenario s : scenarios) {
                ScenarioResult r = runner.run(s);
                out.printf("%s  %s (%s)%n", r.passed() ? "PASS" : "FAIL", r.name(), r.location().where());
                for (Problem p : r.problems()) out.println("      " + p);
                if (r.passed()) passed++;
                else failed++;
                out.flush();
            }
        }
        out.printf("%d passed, %d failed%n", passed, failed);
        out.flush();
        return broken ? 2 : failed > 0 ? 1 : 0;
    }
}
