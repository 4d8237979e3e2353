package io.kmemlab.interpreter.port;

/**
 * A call the port cannot make as written: an argument of the wrong kind, a name that is no
 * zone, a flag this kernel does not have. The message is for the user; the evaluator adds
 * the place.
 */
public class CallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallException(String message) {
        super(message, null, false, false);
    }
}
