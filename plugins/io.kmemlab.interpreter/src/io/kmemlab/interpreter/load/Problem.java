package io.kmemlab.interpreter.load;

/**
 * A message tied to a place in a .kmem file, printed the way compilers print them:
 * {@code machines.kmem:12:5: error: ...}.
 */
public record Problem(Severity severity, String file, int line, int column, String message) {
    public enum Severity { ERROR, WARNING, INFO }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code file:line:column: severity: message} (column, or line and column, omitted when unknown: a missing file has no line). */
    @Override public String toString() {
        String where = line <= 0 ? file : column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
        return where + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
