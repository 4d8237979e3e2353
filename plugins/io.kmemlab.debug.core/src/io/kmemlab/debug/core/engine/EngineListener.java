package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.lang.kmem.Scenario;

/**
 * What the engine tells the debug model. Called on the engine thread, in order; an
 * implementation hands work for a UI to that UI's thread itself.
 */
public interface EngineListener {
	void scenarioStarted(Scenario scenario);

	/** A step ran forwards (the console prints it). */
	void stepped(Step step);

	/** A step was undone; {@code undone} is the step that ran last before. */
	void steppedBack(Step undone);

	/** The engine started running on {@code command}. */
	void resumed(RunCommand command);

	void suspended(Suspension suspension);

	void scenarioEnded(Scenario scenario, ScenarioResult result);

	/** The interpreter failed (a defect of kmemlab, not of the scenario); the run ends. */
	void failed(Throwable defect);

	/** The run is over: every scenario ended, or it was terminated. Nothing follows. */
	void terminated();
}
