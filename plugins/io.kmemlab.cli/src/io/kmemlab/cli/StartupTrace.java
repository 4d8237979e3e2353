package io.kmemlab.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a short command's time goes: with {@code -Dkmemlab.trace.startup=true} (for instance
 * through KMEMLAB_JAVA_OPTS) each phase prints one line to stderr, the milliseconds since the
 * process started and since the previous phase. Off, it costs one property read.
 */
final class StartupTrace {
    static final boolean ON = Boolean.getBoolean("kmemlab.trace.startup");
    private static long previous = -1;

    private StartupTrace() { }

    static void mark(String phase) {
        if (!ON) return;
        long now = sinceStart();
        System.err.printf("kmemlab startup: %5d ms  (+%4d ms)  %s%n", now, previous < 0 ? now : now - previous, phase);
        previous = now;
    }

    private static long sinceStart() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        return Duration.between(started, Instant.now()).toMillis();
    }
}
