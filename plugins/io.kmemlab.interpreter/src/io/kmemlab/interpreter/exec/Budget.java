package io.kmemlab.interpreter.exec;

import java.util.function.ToLongFunction;

/**
 * The budgets a user sets, in the unit the user writes (steps, seconds, MiB), with the range
 * every front end accepts and the one place that turns a value into {@link Limits}: the command
 * line, the Eclipse launch configuration and the debug adapter's launch arguments agree on it.
 */
public enum Budget {
    // the maxima are far beyond any run (10^12 steps, 115 days, 1 TiB) and keep the messages readable
    STEPS("steps", 1_000_000, 1_000_000_000_000L, Limits::maxSteps),
    SECONDS("seconds", Limits.DEFAULT_RUN_MILLIS / 1000, 10_000_000, l -> l.maxRunMillis() / 1000),
    HISTORY_MIB("MiB", Limits.DEFAULT_HISTORY_BYTES >> 20, 1L << 20, l -> l.historyBytes() >> 20);

    /** Every budget is at least one of its unit: zero would stop a run before it boots, or keep no history. */
    public static final long MIN = 1;

    private final String unit;
    private final long defaultValue;
    private final long max;
    private final ToLongFunction<Limits> read;

    Budget(String unit, long defaultValue, long max, ToLongFunction<Limits> read) {
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.max = max;
        this.read = read;
    }

    public String unit() { return unit; }

    public long defaultValue() { return defaultValue; }

    public long max() { return max; }

    /** The budget's value in {@code limits}, in its unit. */
    public long of(Limits limits) { return read.applyAsLong(limits); }

    /** {@code limits} with this budget set to {@code value} of its unit (clamped to the range). */
    public Limits apply(Limits limits, long value) {
        long v = Math.min(Math.max(value, MIN), max);
        return switch (this) {
            case STEPS -> limits.withMaxSteps(v);
            case SECONDS -> limits.withMaxRunMillis(v * 1000);
            case HISTORY_MIB -> limits.withHistoryBytes(v << 20);
        };
    }

    /**
     * Reads {@code text} as a value of this budget: the value, or a message saying what is
     * wrong with it and what is accepted ({@code name} is what the user calls the setting).
     */
    public Parsed parse(String name, String text) {
        String t = text == null ? "" : text.strip().replace("_", "").replace(",", "");
        if (t.isEmpty()) return new Parsed(0, name + " is empty: enter a whole number of " + unit + " from " + MIN + " to " + max
                + " (default " + defaultValue + ")");
        if (!t.matches("-?[0-9]+")) {
            return new Parsed(0, name + " is not a whole number: \"" + text.strip() + "\"; enter a number of " + unit + " from " + MIN
                    + " to " + max + " (default " + defaultValue + ")");
        }
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            return new Parsed(0, outOfRange(name, text.strip()));
        }
        return v < MIN || v > max ? new Parsed(0, outOfRange(name, text.strip())) : new Parsed(v, null);
    }

    private String outOfRange(String name, String text) {
        return name + " is out of range: " + text + " " + unit + "; enter a number from " + MIN + " to " + max + " (default "
                + defaultValue + ")";
    }

    /** A value of a budget, or the message that says why {@code text} is not one. */
    public record Parsed(long value, String error) {
        public boolean ok() { return error == null; }
    }
}
