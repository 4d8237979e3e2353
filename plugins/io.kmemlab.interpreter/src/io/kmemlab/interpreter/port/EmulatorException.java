package io.kmemlab.interpreter.port;

/** The emulator threw something it should not have (a bug there): reported with its place, never as a stack trace. */
public class EmulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmulatorException(String message) {
        super(message, null, false, false);
    }
}
