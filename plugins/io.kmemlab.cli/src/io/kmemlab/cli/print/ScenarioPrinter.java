package io.kmemlab.cli.print;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.lang.kmem.Scenario;
import java.util.List;

/** One output format of `kmemlab run`: text for people, JSON for tools. Same events, one printer each. */
public interface ScenarioPrinter {
    /** Problems that stopped a file from running (parse / validation errors), and warnings. */
    void fileProblems(String file, List<Problem> problems);

    void scenarioStart(Scenario scenario);

    void step(Step step);

    void scenarioEnd(ScenarioResult result);

    /** Ends the output: the {@code N passed, N failed} summary. */
    void summary(int passed, int failed);
}
