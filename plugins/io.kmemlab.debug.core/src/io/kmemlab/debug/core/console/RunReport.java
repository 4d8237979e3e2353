package io.kmemlab.debug.core.console;

import io.kmemlab.cli.print.TextPrinter;
import io.kmemlab.debug.core.engine.EngineListener;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.interpreter.debug.Command;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.lang.kmem.Scenario;

/**
 * Prints a run to its console with the text {@code kmemlab run} prints (the same printer):
 * every statement with its value, walks level by level, failures with file:line, a verdict
 * per scenario and the summary. Ends the process when the run ends.
 */
public final class RunReport implements EngineListener {
	private final ScenarioProcess process;
	private final TextPrinter printer;
	private int passed;
	private int failed;

	public RunReport(ScenarioProcess process) {
		this.process = process;
		this.printer = new TextPrinter(process.out(), false);
	}

	@Override
	public void scenarioStarted(Scenario scenario) {
		printer.scenarioStart(scenario);
	}

	@Override
	public void stepped(Step step) {
		printer.step(step);
	}

	@Override
	public void steppedBack(Step undone) {
		process.out().printf("%5d  << back: undid %s%n", undone.location().line(), undone.label());
	}

	@Override
	public void resumed(Command command) {
	}

	@Override
	public void suspended(Suspension suspension) {
	}

	@Override
	public void scenarioEnded(Scenario scenario, ScenarioResult result) {
		printer.scenarioEnd(result);
		if (result.passed()) {
			passed++;
		} else {
			failed++;
		}
	}

	/** A message of the session that is not a step's finding: printed as compilers print them, file:line first. */
	@Override
	public void problem(Problem problem) {
		process.out().println(problem);
	}

	@Override
	public void terminated() {
		printer.summary(passed, failed);
		process.ended(failed > 0 ? 1 : 0);
	}

	public int passed() {
		return passed;
	}

	public int failed() {
		return failed;
	}
}
