package io.kmemlab.junit;

/**
 * A scenario or expect that did not hold. The message is the whole report (file:line:column
 * messages, as {@code kmemlab check} prints them); a Java stack trace would only point into
 * the engine, so there is none.
 */
final class ScenarioFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    ScenarioFailure(String message) {
        super(message);
    }

    @Override public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
