package io.kmemlab.interpreter.exec;

/**
 * What stops a runaway scenario ({@code repeat 1000000000 { ... }}): a step budget, a memory
 * cap on the JVM heap in use, and how many steps back the debugger may go.
 *
 * @param maxSteps     steps (boot phases + statements) before the run stops
 * @param maxHeapBytes heap in use above which the run stops
 * @param history      checkpoints kept for stepping back (0: none, as in check mode)
 */
public record Limits(long maxSteps, long maxHeapBytes, int history) {
    public static Limits defaults() {
        long max = Runtime.getRuntime().maxMemory();
        return new Limits(1_000_000, max == Long.MAX_VALUE ? 4L << 30 : max / 10 * 9, 0);
    }

    public Limits withHistory(int n) { return new Limits(maxSteps, maxHeapBytes, n); }

    public Limits withMaxSteps(long n) { return new Limits(n, maxHeapBytes, history); }

    public Limits withMaxHeap(long bytes) { return new Limits(maxSteps, bytes, history); }
}
