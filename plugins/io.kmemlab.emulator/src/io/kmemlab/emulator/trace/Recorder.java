package io.kmemlab.emulator.trace;

import java.util.ArrayList;
import java.util.List;

/** A {@link Trace} that keeps every event, in order. One per executed statement. */
public final class Recorder implements Trace {
    private final List<TraceEvent> events = new ArrayList<>();

    @Override public boolean enabled() { return true; }

    @Override public void event(TraceEvent e) { events.add(e); }

    public List<TraceEvent> events() { return List.copyOf(events); }

    public List<Diagnostic> diagnostics() {
        List<Diagnostic> out = new ArrayList<>();
        for (TraceEvent e : events) if (e instanceof TraceEvent.Report r) out.add(r.diagnostic());
        return out;
    }

    public List<TraceEvent.EntryRead> entries() {
        List<TraceEvent.EntryRead> out = new ArrayList<>();
        for (TraceEvent e : events) if (e instanceof TraceEvent.EntryRead r) out.add(r);
        return out;
    }

    public boolean hasOops() {
        for (Diagnostic d : diagnostics()) if (d.isOops()) return true;
        return false;
    }

    public boolean has(Diagnostic.Kind kind) {
        for (Diagnostic d : diagnostics()) if (d.kind() == kind) return true;
        return false;
    }

    /** Plain-text rendering, one event a line (the CLI has richer printers). */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (TraceEvent e : events) {
            switch (e) {
                case TraceEvent.Formula f -> sb.append(f.text());
                case TraceEvent.Note n -> sb.append("; ").append(n.text());
                case TraceEvent.EntryRead r -> sb.append(String.format("%-4s table 0x%x [%d] @0x%x = 0x%016x %s",
                        r.level(), r.tableAddr(), r.index(), r.entryAddr(), r.raw(), r.flags()));
                case TraceEvent.Report d -> sb.append(d.diagnostic().text());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
