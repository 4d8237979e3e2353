package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * One executed step: a boot phase or a statement.
 *
 * @param index    0-based position in the run
 * @param kind     BOOT for a boot phase, STATEMENT for a simple statement, ENTER for the
 *                 header of a block statement (repeat, for, if, process, kthread)
 * @param location where it is in the source (the machine for boot steps)
 * @param label    the boot phase name or the statement's source text
 * @param stack    frame labels, outermost first, at the time the step ran
 * @param value    the statement's value (VOID for none)
 * @param events   what happened, in order
 * @param changes  what the step changed in the machine (frames, page-table entries, struct
 *                 page fields, zone counters); empty when the session keeps no history (no
 *                 checkpoint to compare with: a plain run)
 */
public record Step(int index, Kind kind, SourceLocation location, String label, List<String> stack, Value value,
        List<StepEvent> events, ChangeSet changes) {
    public enum Kind { BOOT, STATEMENT, ENTER }

    /** A step whose change set is not known (yet). */
    public Step(int index, Kind kind, SourceLocation location, String label, List<String> stack, Value value, List<StepEvent> events) {
        this(index, kind, location, label, stack, value, events, ChangeSet.EMPTY);
    }

    /** This step with its change set. */
    public Step withChanges(ChangeSet c) {
        return new Step(index, kind, location, label, stack, value, events, c);
    }

    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        for (StepEvent e : events) if (e instanceof StepEvent.Finding f) out.add(f.problem());
        return out;
    }

    /** The page-table entries a walk (or any statement) read, in order. */
    public List<TraceItem.EntryRead> entries() {
        List<TraceItem.EntryRead> out = new ArrayList<>();
        for (StepEvent e : events) if (e instanceof StepEvent.Trace t && t.item() instanceof TraceItem.EntryRead r) out.add(r);
        return out;
    }

    public boolean failed() {
        return problems().stream().anyMatch(Problem::isError);
    }
}
