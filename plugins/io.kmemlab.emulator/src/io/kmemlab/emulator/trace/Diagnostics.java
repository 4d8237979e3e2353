package io.kmemlab.emulator.trace;

import java.util.ArrayList;
import java.util.List;

/** The machine's log of reports (its "dmesg"). */
public final class Diagnostics {
    private final List<Diagnostic> log = new ArrayList<>();

    /** Records {@code d} and forwards it to the operation's trace. */
    public void report(Diagnostic d, Trace t) {
        log.add(d);
        if (t.enabled()) t.event(new TraceEvent.Report(d));
    }

    public List<Diagnostic> all() { return List.copyOf(log); }

    public int size() { return log.size(); }

    /** Reports recorded since {@code mark} (a value of {@link #size()}). */
    public List<Diagnostic> since(int mark) { return List.copyOf(log.subList(mark, log.size())); }

    public void truncate(int size) {
        while (log.size() > size) log.remove(log.size() - 1);
    }
}
