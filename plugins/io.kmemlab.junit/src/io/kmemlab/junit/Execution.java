package io.kmemlab.junit;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;

/** Runs the discovered tree: each scenario once, on a fresh emulator, then its expects' outcomes. */
final class Execution {
    private final EngineExecutionListener listener;
    private final ScenarioRunner runner = new ScenarioRunner();

    Execution(EngineExecutionListener listener) {
        this.listener = listener;
    }

    void execute(TestDescriptor d) {
        if (d instanceof ScenarioDescriptor s) {
            scenario(s);
            return;
        }
        listener.executionStarted(d);
        if (d instanceof NoScenariosDescriptor none) {
            listener.executionFinished(d, TestExecutionResult.failed(new ScenarioFailure(none.message())));
            return;
        }
        for (TestDescriptor c : List.copyOf(d.getChildren())) execute(c);
        if (d instanceof ScenarioFileDescriptor f && f.getChildren().isEmpty() && !f.errors().isEmpty()) {
            listener.executionFinished(d, TestExecutionResult.failed(new ScenarioFailure(lines(f.errors()))));
        } else {
            listener.executionFinished(d, TestExecutionResult.successful());
        }
    }

    private void scenario(ScenarioDescriptor s) {
        listener.executionStarted(s);
        if (!s.fileErrors().isEmpty()) {
            for (TestDescriptor e : s.getChildren()) listener.executionSkipped(e, "not run: the file has errors");
            listener.executionFinished(s, TestExecutionResult.failed(
                    new ScenarioFailure("not run: the file has errors\n" + lines(s.fileErrors()))));
            return;
        }
        Map<Where, Outcome> outcomes = new HashMap<>();
        for (TestDescriptor e : s.getChildren()) {
            if (e instanceof ExpectDescriptor x) outcomes.put(Where.of(x.location()), new Outcome());
        }
        ScenarioResult result;
        try {
            result = runner.run(s.scenario(), (scenario, step) -> {
                Outcome o = outcomes.get(Where.of(step.location()));
                if (o != null) o.ran(step);
            });
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            for (TestDescriptor c : s.getChildren()) listener.executionSkipped(c, "not run: kmemlab failed");
            listener.executionFinished(s, TestExecutionResult.failed(new ScenarioFailure(
                    SourceLocation.of(s.scenario()).where() + ": kmemlab failed while running this scenario: " + e)));
            return;
        }
        List<Problem> errors = result.errors();
        for (TestDescriptor c : s.getChildren()) {
            if (c instanceof ExpectDescriptor x) expect(x, outcomes.get(Where.of(x.location())), errors);
        }
        listener.executionFinished(s, errors.isEmpty() ? TestExecutionResult.successful()
                : TestExecutionResult.failed(new ScenarioFailure(lines(errors))));
    }

    private void expect(ExpectDescriptor x, Outcome o, List<Problem> scenarioErrors) {
        if (o.runs == 0) {
            listener.executionSkipped(x, scenarioErrors.isEmpty() ? "not reached"
                    : "not reached (the scenario has an error: " + scenarioErrors.get(0) + ")");
            return;
        }
        listener.executionStarted(x);
        listener.executionFinished(x, o.errors.isEmpty() ? TestExecutionResult.successful()
                : TestExecutionResult.failed(new ScenarioFailure(lines(o.errors))));
    }

    private static String lines(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    /** A statement's place: steps run from it carry the same file and offset. */
    private record Where(String file, int offset) {
        static Where of(SourceLocation l) {
            return new Where(l.file(), l.offset());
        }
    }

    /** How often an expect ran and the errors of its failing runs (the first few: a loop may repeat one). */
    private static final class Outcome {
        private static final int KEPT = 5;
        int runs;
        final List<Problem> errors = new ArrayList<>();

        void ran(Step step) {
            runs++;
            for (Problem p : step.problems()) if (p.isError() && errors.size() < KEPT) errors.add(p);
        }
    }
}
