package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.debug.Command;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.lang.kmem.Scenario;

/**
 * What a {@link ScenarioRun} tells the debug model and the console. Called on an engine
 * thread, in order; an implementation hands work for a UI to that UI's thread itself.
 */
public interface EngineListener {
	void scenarioStarted(Scenario scenario);

	/** A step ran forwards (the console prints it). */
	void stepped(Step step);

	/** A step was undone; {@code undone} is the step taken back. */
	void steppedBack(Step undone);

	/** The session started running on {@code command}. */
	void resumed(Command command);

	void suspended(Suspension suspension);

	/** Something the user must know that is not a step's finding (a broken condition, a refused command). */
	void problem(Problem problem);

	void scenarioEnded(Scenario scenario, ScenarioResult result);

	/** The run is over: every scenario ended, or it was terminated. Nothing follows. */
	void terminated();
}
