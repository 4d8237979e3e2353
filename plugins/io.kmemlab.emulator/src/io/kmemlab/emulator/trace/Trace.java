package io.kmemlab.emulator.trace;

/**
 * Sink for what an operation did: formulas, page-table entries read, diagnostics.
 * {@link #NONE} ignores everything and costs one virtual call that the JIT removes, so
 * the fast paths (benchmarks, bulk boot) run with it. {@link Recorder} keeps the events.
 */
public interface Trace {
    /** True when events are kept; callers may skip building strings when false. */
    boolean enabled();

    void event(TraceEvent e);

    default void formula(String text) {
        if (enabled()) event(new TraceEvent.Formula(text));
    }

    default void note(String text) {
        if (enabled()) event(new TraceEvent.Note(text));
    }

    default void entry(String level, long tableAddr, int index, long entryAddr, long raw, String flags) {
        if (enabled()) event(new TraceEvent.EntryRead(level, tableAddr, index, entryAddr, raw, flags));
    }

    Trace NONE = new Trace() {
        @Override public boolean enabled() { return false; }
        @Override public void event(TraceEvent e) { }
    };
}
