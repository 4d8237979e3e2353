package io.kmemlab.interpreter.debug;

/** What a client asked the session to do; named in {@link SessionEvent.Resumed} and in a step end. */
public enum Command {
    STEP_INTO, STEP_OVER, STEP_RETURN, RUN_TO_LINE, RESUME, STEP_BACK, REVERSE_RESUME;

    /** True for the commands that undo steps. */
    public boolean backwards() { return this == STEP_BACK || this == REVERSE_RESUME; }
}
