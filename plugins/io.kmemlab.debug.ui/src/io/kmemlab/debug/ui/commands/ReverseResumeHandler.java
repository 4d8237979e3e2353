package io.kmemlab.debug.ui.commands;

import io.kmemlab.debug.core.model.IReverseStep;
import org.eclipse.debug.core.DebugException;

/** Reverse Resume: steps back until a breakpoint's statement is next, or to the first statement. */
public class ReverseResumeHandler extends ReverseStepHandler {
	@Override
	boolean can(IReverseStep element) {
		return element.canReverseResume();
	}

	@Override
	void run(IReverseStep element) throws DebugException {
		element.reverseResume();
	}
}
