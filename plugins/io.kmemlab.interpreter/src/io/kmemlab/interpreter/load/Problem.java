package io.kmemlab.interpreter.load;

/**
 * A message tied to a place in a .kmem file, printed the way compilers print them:
 * {@code machines.kmem:12:5: error: ...}.
 */
public record Problem(Severity severity, String file, int line, int column, String message) {
    public enum Severity { ERROR, WARNING, INFO }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code file:line:column: severity: message} (column omitted when unknown). */
    @Override public String toString() {
        String where = column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
        return where + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
