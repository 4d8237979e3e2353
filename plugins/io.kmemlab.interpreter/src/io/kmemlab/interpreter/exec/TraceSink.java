package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.trace.TraceEvent;
import io.kmemlab.interpreter.port.KernelLog;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's {@link Trace} for one statement: keeps what the emulator reports, as the
 * interpreter's {@link TraceItem}s (the printers and the debugger read those).
 */
public final class TraceSink implements Trace, KernelLog {
    /** Above this many events a statement keeps only its reports (a boot traces every block it touches). */
    static final int MAX_ITEMS = 20_000;
    private final List<TraceItem> items = new ArrayList<>();
    private int dropped;
    private final List<String> printed = new ArrayList<>();

    @Override public boolean enabled() { return true; }

    @Override public void event(TraceEvent e) {
        TraceItem item = convert(e);
        if (items.size() < MAX_ITEMS || item instanceof TraceItem.Report) items.add(item);
        else dropped++;
    }

    /** What the statement's built-ins printed to the kernel log (dump_page()): the statement's output. */
    @Override public void printk(String text) { printed.add(text); }

    /** The texts printed since the last call, in order. */
    public List<String> takePrinted() {
        List<String> out = List.copyOf(printed);
        printed.clear();
        return out;
    }

    /** Events not kept because the statement traced more than {@link #MAX_ITEMS}. */
    public int dropped() { return dropped; }

    public List<TraceItem> items() { return List.copyOf(items); }

    public List<TraceItem.Report> reports() {
        List<TraceItem.Report> out = new ArrayList<>();
        for (TraceItem i : items) if (i instanceof TraceItem.Report r) out.add(r);
        return out;
    }

    static TraceItem convert(TraceEvent e) {
        return switch (e) {
            case TraceEvent.Formula f -> new TraceItem.Formula(f.text());
            case TraceEvent.Note n -> new TraceItem.Note(n.text());
            case TraceEvent.EntryRead r -> new TraceItem.EntryRead(r.level(), r.tableAddr(), r.index(), r.entryAddr(), r.raw(), r.flags());
            case TraceEvent.Report r -> report(r.diagnostic());
        };
    }

    /** A kernel report of the emulator as the interpreter's report. */
    public static TraceItem.Report report(Diagnostic d) {
        return new TraceItem.Report(d.kind().name(), d.headline(), d.text());
    }
}
