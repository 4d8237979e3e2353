package io.kmemlab.emulator.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The machine's log of reports (its "dmesg"). A persistent list, newest first: a checkpoint
 * keeps the log as it was ({@link #mark()}) in O(1), and a restore ({@link #reset(Mark)}) brings
 * it back in O(1), to an earlier or a later state alike.
 */
public final class Diagnostics {
    /** The log up to one report: that report, the log before it, counts. */
    public record Mark(Diagnostic last, Mark before, int size, int oopses) { }

    private static final Mark EMPTY = new Mark(null, null, 0, 0);
    private Mark head = EMPTY;

    /** Records {@code d} and forwards it to the operation's trace. */
    public void report(Diagnostic d, Trace t) {
        boolean oops = d.kind() == Diagnostic.Kind.OOPS || d.kind() == Diagnostic.Kind.GENERAL_PROTECTION;
        head = new Mark(d, head, head.size() + 1, head.oopses() + (oops ? 1 : 0));
        if (t.enabled()) t.event(new TraceEvent.Report(d));
    }

    public List<Diagnostic> all() { return since(0); }

    public int size() { return head.size(); }

    /** Oopses and general protection faults so far (the [#n] of the kernel's next oops is this + 1). */
    public int oopses() { return head.oopses(); }

    /** Reports recorded since {@code mark} (a value of {@link #size()}). */
    public List<Diagnostic> since(int mark) {
        List<Diagnostic> out = new ArrayList<>(Math.max(0, head.size() - mark));
        for (Mark m = head; m.size() > mark; m = m.before()) out.add(m.last());
        Collections.reverse(out);
        return List.copyOf(out);
    }

    /** Drops the reports after the first {@code size}. */
    public void truncate(int size) {
        while (head.size() > size) head = head.before();
    }

    /** The log as it is now, for a checkpoint. */
    public Mark mark() { return head; }

    /** Brings the log back to {@code mark}. */
    public void reset(Mark mark) { head = mark; }
}
