package io.kmemlab.cli;

import io.kmemlab.interpreter.load.Problem;

/**
 * kmemlab itself failed on an input (any Throwable: a StackOverflowError, an OutOfMemoryError,
 * a bug): reported like any other diagnostic, with the file (and line) it happened on, and
 * without a Java stack trace. The command goes on with the next scenario or file and ends
 * with exit status 3.
 */
final class KmemlabFailure {
    /** The exit status when kmemlab itself failed on some input. */
    static final int EXIT = 3;

    private KmemlabFailure() { }

    /** The diagnostic for {@code t}, thrown while {@code doing} (e.g. "checking this file") at file:line. */
    static Problem problem(String file, int line, String doing, Throwable t) {
        return new Problem(Problem.Severity.ERROR, file, line, 0,
                "kmemlab failed while " + doing + ": " + describe(t) + " (a bug in kmemlab: please report it with this file)");
    }

    static String describe(Throwable thrown) {
        Throwable t = thrown;
        // the parser wraps a StackOverflowError in a ParseException: name what happened
        for (Throwable c = thrown; c != null; c = c.getCause()) {
            if (c instanceof VirtualMachineError) {
                t = c;
                break;
            }
        }
        if (t instanceof OutOfMemoryError) return "out of memory (" + t.getMessage() + ")";
        if (t instanceof StackOverflowError) return "StackOverflowError";
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
