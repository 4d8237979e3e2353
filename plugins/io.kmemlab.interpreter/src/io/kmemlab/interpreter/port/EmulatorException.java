package io.kmemlab.interpreter.port;

/** The emulator threw something it should not have (a bug there): reported with its place, never as a stack trace. */
public class EmulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmulatorException(String message) {
        super(message, null, false, false);
    }

    /** {@code cause}, thrown by the emulator while doing {@code what}, as a one-line report. */
    public static EmulatorException of(String what, Throwable cause) {
        if (cause instanceof StackOverflowError || cause instanceof OutOfMemoryError) {
            return new EmulatorException(what + " ran out of " + (cause instanceof OutOfMemoryError ? "memory" : "stack"));
        }
        String where = "";
        StackTraceElement[] st = cause.getStackTrace();
        if (st.length > 0) {
            where = " (at " + st[0].getClassName().replaceFirst("^io\\.kmemlab\\.emulator\\.", "") + "." + st[0].getMethodName()
                    + ":" + st[0].getLineNumber() + ")";
        }
        return new EmulatorException("the emulator failed in " + what + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + where);
    }
}
