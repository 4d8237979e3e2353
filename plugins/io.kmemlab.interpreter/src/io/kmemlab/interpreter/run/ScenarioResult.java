package io.kmemlab.interpreter.run;

import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import java.util.List;

/**
 * How one scenario ended.
 *
 * @param name     the scenario's name
 * @param location where it is declared
 * @param passed   no error: every expect held, no unexpected oops, nothing unsupported
 * @param problems errors and warnings, in order
 * @param steps    steps run (boot phases + statements)
 */
public record ScenarioResult(String name, SourceLocation location, boolean passed, List<Problem> problems, int steps) {
    public List<Problem> errors() { return problems.stream().filter(Problem::isError).toList(); }
}
