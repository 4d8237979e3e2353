package io.kmemlab.interpreter.port;

/** The emulator does not implement this yet; the message names what. */
public class NotSupportedException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotSupportedException(String what) {
        super(what, null, false, false);
    }

    /** The same, thrown through code that cannot declare it. */
    public static final class Unchecked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unchecked(String what) {
            super(what, null, false, false);
        }
    }
}
