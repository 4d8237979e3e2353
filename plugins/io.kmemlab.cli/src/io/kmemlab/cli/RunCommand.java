package io.kmemlab.cli;

import io.kmemlab.cli.print.JsonPrinter;
import io.kmemlab.cli.print.ScenarioPrinter;
import io.kmemlab.cli.print.TextPrinter;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = {"Runs the scenarios of FILE and prints every executed statement: its value, "
        + "for walks every level (table address, index, entry value, decoded flags), then the summary.",
        "Exit status: 0 all passed, 1 a scenario failed, 2 the file does not parse or validate, 3 kmemlab itself failed "
                + "(the message says where)."})
final class RunCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a .kmem file")
    Path file;

    @Option(names = "--scenario", paramLabel = "NAME", description = "run only the scenario called NAME")
    String scenario;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "output format (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--trace", description = "text format: also print the kernel formula behind every value")
    boolean trace;

    @Mixin RunOptions options;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioPrinter printer = format == Format.json ? new JsonPrinter(out) : new TextPrinter(out, trace);
        KmemFileSet set = KmemFileSet.of(List.of(file));
        if (!set.missing().isEmpty()) {
            printer.fileProblems(file.toString(), set.missing());
            printer.summary(0, 0);
            return 2;
        }
        KmemFiles.Loaded loaded;
        try {
            loaded = set.load(set.files().get(0));
        } catch (Throwable t) {   // kmemlab failed on this file: a diagnostic, not a trace
            printer.fileProblems(file.toString(), List.of(KmemlabFailure.problem(KmemFileSet.shown(file), 0, "loading this file", t)));
            printer.summary(0, 0);
            return KmemlabFailure.EXIT;
        }
        printer.fileProblems(file.toString(), set.newProblems(loaded));
        List<Scenario> scenarios = ScenarioRunner.scenarios(loaded.model());
        if (loaded.hasErrors()) {
            printer.summary(0, scenarios.size());
            return 2;
        }
        if (scenario != null) {
            scenarios = scenarios.stream().filter(s -> s.getName().equals(scenario)).toList();
            if (scenarios.isEmpty()) {
                printer.fileProblems(file.toString(), List.of(new Problem(Problem.Severity.ERROR, file.toString(), 0, 0,
                        "no scenario called \"" + scenario + "\" (names: " + String.join(", ",
                                ScenarioRunner.scenarios(loaded.model()).stream().map(s -> "\"" + s.getName() + "\"").toList()) + ")")));
                printer.summary(0, 0);
                return 2;
            }
        }
        ScenarioRunner runner = new ScenarioRunner(options.limits());
        int passed = 0, failed = 0;
        boolean kmemlabFailed = false;
        for (Scenario s : scenarios) {
            printer.scenarioStart(s);
            ScenarioResult r;
            try {
                r = runner.run(s, (sc, step) -> printer.step(step));
            } catch (Throwable t) {   // this scenario's state is garbage; the next one starts afresh
                kmemlabFailed = true;
                SourceLocation at = SourceLocation.of(s);
                r = new ScenarioResult(s.getName(), at, false,
                        List.of(KmemlabFailure.problem(at.file(), at.line(), "running this scenario", t)), 0);
            }
            printer.scenarioEnd(r);
            if (r.passed()) passed++;
            else failed++;
        }
        printer.summary(passed, failed);
        return kmemlabFailed ? KmemlabFailure.EXIT : failed > 0 ? 1 : 0;
    }
}
