package io.kmemlab.debug.ui.commands;

import io.kmemlab.debug.core.model.IReverseStep;
import org.eclipse.debug.core.DebugException;

/** Step Back: undoes the last step; the editor, the stack and the variables show the state before it. */
public class StepBackHandler extends ReverseStepHandler {
	@Override
	boolean can(IReverseStep element) {
		return element.canStepBack();
	}

	@Override
	void run(IReverseStep element) throws DebugException {
		element.stepBack();
	}
}
