package io.kmemlab.interpreter.debug;

/**
 * How a debug session stops on its own, apart from breakpoints.
 *
 * @param stopAtEntry      suspend when the machine has booted, before the first statement
 * @param stopAtBootPhases suspend after each boot phase
 * @param history          steps kept for stepping back
 */
public record DebugOptions(boolean stopAtEntry, boolean stopAtBootPhases, int history) {
    /** Stops only at breakpoints; keeps 10,000 steps for stepping back. */
    public static DebugOptions defaults() { return new DebugOptions(false, false, 10_000); }

    public DebugOptions withStopAtEntry(boolean b) { return new DebugOptions(b, stopAtBootPhases, history); }

    public DebugOptions withStopAtBootPhases(boolean b) { return new DebugOptions(stopAtEntry, b, history); }

    public DebugOptions withHistory(int n) { return new DebugOptions(stopAtEntry, stopAtBootPhases, n); }
}
