package io.kmemlab.interpreter.debug;

import java.util.Objects;

/**
 * Suspends before the statement that starts on {@code line} of {@code file} runs, when
 * {@code condition} (an expression of the language, evaluated in the statement's scope) is
 * true, or always when there is no condition. A line that holds no statement start moves to
 * the next statement ({@link BreakpointLines}).
 *
 * @param file      the file: its path, or the URI of its resource as the language loaded it
 * @param line      1-based line
 * @param condition an expression such as {@code page_ref_count(p) > 1}, or null
 */
public record LineBreakpoint(String file, int line, String condition) implements Breakpoint {
    public LineBreakpoint {
        Objects.requireNonNull(file, "file");
        if (line < 1) throw new IllegalArgumentException("line numbers start at 1: " + line);
        if (condition != null && condition.isBlank()) condition = null;
        if (condition != null) condition = condition.strip();
    }

    public LineBreakpoint(String file, int line) {
        this(file, line, null);
    }

    public boolean conditional() { return condition != null; }

    @Override public String describe() {
        return fileName() + ":" + line + (condition == null ? "" : " if " + condition);
    }

    private String fileName() {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? file : file.substring(slash + 1);
    }
}
