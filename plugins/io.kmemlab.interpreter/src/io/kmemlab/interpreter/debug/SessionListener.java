package io.kmemlab.interpreter.debug;

/**
 * Receives a debug session's events, on the engine thread, in order. A listener returns
 * quickly and never calls the session or its controller: it hands the event (immutable) to
 * its own thread, and sends commands through the {@link SessionDriver}, whose methods do not
 * block.
 */
public interface SessionListener {
    default void resumed(SessionEvent.Resumed e) { }

    default void stepped(SessionEvent.Stepped e) { }

    default void restored(SessionEvent.Restored e) { }

    default void suspended(SessionEvent.Suspended e) { }

    default void finished(SessionEvent.Finished e) { }

    default void problem(SessionEvent.ProblemFound e) { }

    /** Calls the method of {@code e}'s kind. */
    default void on(SessionEvent e) {
        switch (e) {
            case SessionEvent.Resumed r -> resumed(r);
            case SessionEvent.Stepped s -> stepped(s);
            case SessionEvent.Restored r -> restored(r);
            case SessionEvent.Suspended s -> suspended(s);
            case SessionEvent.Finished f -> finished(f);
            case SessionEvent.ProblemFound p -> problem(p);
        }
    }
}
