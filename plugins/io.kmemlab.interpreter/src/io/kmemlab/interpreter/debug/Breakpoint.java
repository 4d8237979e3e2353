package io.kmemlab.interpreter.debug;

/**
 * Where or when a debug session suspends. Breakpoints are values: two equal breakpoints are
 * the same breakpoint, so a client adds and removes them by value.
 */
public sealed interface Breakpoint permits LineBreakpoint, EventBreakpoint {
    /** How the breakpoint is shown in a message or a view. */
    String describe();
}
