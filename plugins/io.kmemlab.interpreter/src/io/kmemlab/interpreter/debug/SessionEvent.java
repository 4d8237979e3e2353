package io.kmemlab.interpreter.debug;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import java.util.List;

/**
 * What a debug session tells its listeners. Every event is immutable: a listener may hand it
 * to another thread (the UI's) as it is.
 *
 * <p>Order: {@link Resumed}, then {@link Stepped} for each step run (or {@link Restored} for
 * each step undone), then {@link Suspended} or {@link Finished}. {@link ProblemFound} may come
 * at any time.
 */
public sealed interface SessionEvent {
    /** A command started: the session runs until the next {@link Suspended} or {@link Finished}. */
    record Resumed(Command command) implements SessionEvent { }

    /** One step ran. */
    record Stepped(Step step) implements SessionEvent { }

    /** A step was undone; {@code undone} is the step that was taken back. */
    record Restored(Step undone) implements SessionEvent { }

    /** The session stopped and waits for a command. */
    record Suspended(SuspendReason reason, Position position) implements SessionEvent { }

    /**
     * The scenario ended (its last statement ran, an unexpected oops, a limit), or the session
     * was terminated. A finished session can still step back until it is terminated.
     *
     * @param terminated true when a client terminated the session
     * @param passed     true when no error was found
     * @param problems   every finding of the run
     */
    record Finished(boolean terminated, boolean passed, List<Problem> problems, Position position) implements SessionEvent {
        public Finished {
            problems = List.copyOf(problems);
        }
    }

    /** Something a user must know that is not a step's finding: a broken breakpoint condition, a refused command. */
    record ProblemFound(Problem problem) implements SessionEvent { }
}
