package io.kmemlab.debug.core.engine;

/** What the engine was asked to do: the debug events name it (step end vs. resume). */
public enum RunCommand {
	STEP_INTO, STEP_OVER, STEP_RETURN, STEP_BACK, RESUME, REVERSE_RESUME, RUN_TO_LINE
}
