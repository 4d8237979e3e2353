package io.kmemlab.interpreter.exec;

/**
 * What stops a runaway scenario ({@code repeat 1000000000 { ... }}, {@code repeat 100000 {
 * vmalloc(1G) }}): a step budget, a budget of time spent running steps (the boot's included,
 * time paused in a debugger not), a memory cap on the JVM heap in use, and how many steps back
 * the debugger may go, within a memory budget for what the run keeps of its past. Each stop names
 * its budget and how to raise it.
 *
 * @param maxSteps     steps (boot phases + statements) before the run stops
 * @param maxHeapBytes heap in use above which the run stops
 * @param history      checkpoints kept for stepping back (0: none, as in check mode)
 * @param maxRunMillis milliseconds spent running steps before the run stops
 * @param historyBytes estimated bytes the run may keep of its past (the steps' records, the
 *                     checkpoints for stepping back and the memory they hold); above it the
 *                     oldest checkpoints go first, then the details of steps that can no longer
 *                     be stepped back to (their findings stay)
 * @param knobs        how the user raises each of them, named in the message of a stop
 */
public record Limits(long maxSteps, long maxHeapBytes, int history, long maxRunMillis, long historyBytes, LimitKnobs knobs) {
    /** Five minutes of running: far more than any teaching scenario, far less than a loop of huge allocations. */
    public static final long DEFAULT_RUN_MILLIS = 300_000;

    /** 256 MiB: about 100,000 steps of a loop that allocates and writes a page each. */
    public static final long DEFAULT_HISTORY_BYTES = 256L << 20;

    public Limits(long maxSteps, long maxHeapBytes, int history) {
        this(maxSteps, maxHeapBytes, history, DEFAULT_RUN_MILLIS, DEFAULT_HISTORY_BYTES, LimitKnobs.COMMAND_LINE);
    }

    public static Limits defaults() {
        long max = Runtime.getRuntime().maxMemory();
        return new Limits(1_000_000, max == Long.MAX_VALUE ? 4L << 30 : max / 10 * 9, 0, DEFAULT_RUN_MILLIS, DEFAULT_HISTORY_BYTES, LimitKnobs.COMMAND_LINE);
    }

    public Limits withHistory(int n) { return new Limits(maxSteps, maxHeapBytes, n, maxRunMillis, historyBytes, knobs); }

    public Limits withMaxSteps(long n) { return new Limits(n, maxHeapBytes, history, maxRunMillis, historyBytes, knobs); }

    public Limits withMaxHeap(long bytes) { return new Limits(maxSteps, bytes, history, maxRunMillis, historyBytes, knobs); }

    public Limits withMaxRunMillis(long millis) { return new Limits(maxSteps, maxHeapBytes, history, millis, historyBytes, knobs); }

    public Limits withHistoryBytes(long bytes) { return new Limits(maxSteps, maxHeapBytes, history, maxRunMillis, bytes, knobs); }

    public Limits withKnobs(LimitKnobs k) { return new Limits(maxSteps, maxHeapBytes, history, maxRunMillis, historyBytes, k); }
}
