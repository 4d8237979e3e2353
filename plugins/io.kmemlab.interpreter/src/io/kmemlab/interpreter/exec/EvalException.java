package io.kmemlab.interpreter.exec;

import org.eclipse.emf.ecore.EObject;

/**
 * A problem in the user's scenario found while running it (wrong kind of value, unknown
 * name, kernel API misuse the language rejects, a feature the emulator lacks). It carries
 * the model element so the message gets file:line; it never reaches the user as a stack trace.
 */
public class EvalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private transient EObject where;
    private final boolean notSupported;

    public EvalException(String message, EObject where) {
        this(message, where, false);
    }

    public EvalException(String message, EObject where, boolean notSupported) {
        super(message, null, false, false);
        this.where = where;
        this.notSupported = notSupported;
    }

    /** Something the emulator or interpreter does not implement yet. */
    public static EvalException notSupported(String what, EObject where) {
        return new EvalException("not supported yet: " + what, where, true);
    }

    public EObject where() { return where; }

    /** Fills in the place when the exception was thrown below the statement level. */
    public EvalException at(EObject o) {
        if (where == null) where = o;
        return this;
    }

    public boolean isNotSupported() { return notSupported; }
}
