package io.kmemlab.interpreter.debug;

/** Why a session suspended. */
public sealed interface SuspendReason {
    /** A step command (into, over, return, back) completed. */
    record StepEnd(Command command) implements SuspendReason { }

    /** The next statement is on the line of {@code breakpoint} and its condition, if any, held (or could not be evaluated). */
    record LineHit(LineBreakpoint breakpoint) implements SuspendReason { }

    /** The step just run did what {@code breakpoint} waits for; {@code detail} says what happened. */
    record EventHit(EventBreakpoint breakpoint, String detail) implements SuspendReason { }

    /** A run to line reached its line. */
    record RunToLine(String file, int line) implements SuspendReason { }

    /** The machine has booted and the scenario's first statement is next (the "stop at the first statement" option). */
    record Entry() implements SuspendReason { }

    /** A boot phase completed (the "stop at each boot phase" option). */
    record BootPhase(String phase) implements SuspendReason { }

    /** Another thread asked the session to suspend (or cancelled a long run). */
    record Requested() implements SuspendReason { }

    /** Going backwards reached the start of the run: nothing has run yet. */
    record Start() implements SuspendReason { }

    /** Going backwards reached the oldest step kept for stepping back (the history limit). */
    record HistoryLimit(int oldestStep) implements SuspendReason { }
}
