package io.kmemlab.debug.core.model;

import org.eclipse.debug.core.DebugException;

/**
 * Running backwards, which the Platform's IStep does not have: undo the last step, or undo
 * steps until a breakpoint's line is next. Every kmemlab debug element adapts to this; the
 * Step Back and Reverse Resume commands of the debugger UI call it.
 */
public interface IReverseStep {
	boolean canStepBack();

	void stepBack() throws DebugException;

	boolean canReverseResume();

	void reverseResume() throws DebugException;
}
