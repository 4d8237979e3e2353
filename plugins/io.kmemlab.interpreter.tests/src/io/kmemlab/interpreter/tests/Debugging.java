package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.debug.SessionListener;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import java.util.ArrayList;
import java.util.List;

/** Fixtures of the debug-session tests: scenarios on the real emulator's pc64, line numbers, an event recorder. */
final class Debugging {
    /** The file name {@link Kmem} parses scenarios under: what a line breakpoint names. */
    static final String FILE = "test.kmem";

    private Debugging() { }

    static SessionController controller(String body, DebugOptions options) {
        return new SessionController(session(body, options.history()), options);
    }

    static SessionController controller(String body) {
        return controller(body, DebugOptions.defaults());
    }

    static Session session(String body, int history) {
        return Session.start(Kmem.scenarioOn("pc64", body), Limits.defaults().withHistory(history));
    }

    /** The file line of the first line of {@code body} that contains {@code text}. */
    static int line(String body, String text) {
        List<String> lines = body.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return Kmem.FIRST_BODY_LINE + i;
        throw new IllegalArgumentException("no line with " + text);
    }

    static <T extends SuspendReason> T reason(SessionEvent e, Class<T> kind) {
        SessionEvent.Suspended s = assertInstanceOf(SessionEvent.Suspended.class, e, () -> "expected a suspension, got " + e);
        return assertInstanceOf(kind, s.reason(), () -> "expected " + kind.getSimpleName() + ", got " + s.reason());
    }

    static SessionEvent.Suspended suspended(SessionEvent e) {
        return assertInstanceOf(SessionEvent.Suspended.class, e, () -> "expected a suspension, got " + e);
    }

    /** Every event, in order, with the thread it came on. */
    static final class Recorder implements SessionListener {
        final List<SessionEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override public void on(SessionEvent e) {
            events.add(e);
            threads.add(Thread.currentThread().getName());
        }

        <T extends SessionEvent> List<T> of(Class<T> kind) {
            synchronized (events) {
                return events.stream().filter(kind::isInstance).map(kind::cast).toList();
            }
        }

        /** The kinds of the events, as a compact string: R S S P (resumed, stepped, stepped, suspended). */
        String kinds() {
            StringBuilder b = new StringBuilder();
            synchronized (events) {
                for (SessionEvent e : events) {
                    b.append(switch (e) {
                        case SessionEvent.Resumed r -> "R";
                        case SessionEvent.Stepped s -> "S";
                        case SessionEvent.Restored r -> "B";
                        case SessionEvent.Suspended s -> "P";
                        case SessionEvent.Finished f -> "F";
                        case SessionEvent.ProblemFound p -> "!";
                    });
                }
            }
            return b.toString();
        }
    }
}
