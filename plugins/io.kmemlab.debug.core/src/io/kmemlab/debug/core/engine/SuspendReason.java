package io.kmemlab.debug.core.engine;

/** Why the engine stopped running and waits for a command. */
public enum SuspendReason {
	/** Stopped where the launch asked: before the first statement, or after a boot phase. */
	ENTRY,
	/** A step (into, over, return, back) ended. */
	STEP,
	/** A breakpoint was hit, running forwards or backwards. */
	BREAKPOINT,
	/** The user asked to suspend a run. */
	CLIENT,
	/** Running backwards reached the first step the history holds. */
	HISTORY_START
}
