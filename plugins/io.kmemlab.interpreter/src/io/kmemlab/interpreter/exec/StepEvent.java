package io.kmemlab.interpreter.exec;

import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.value.Value;

/** What one step did, in order: the printers (text, JSON) and the debugger views read these. */
public sealed interface StepEvent {
    /** The emulator's trace: a formula, a page-table entry read, a note. */
    record Trace(TraceItem item) implements StepEvent { }

    /** A variable was bound (let, for): a state change of the scenario. */
    record Bound(String name, Value value) implements StepEvent { }

    /** Text a show or print statement produced. */
    record Output(String text) implements StepEvent { }

    /** A kernel report (oops, BUG, WARN, SIGSEGV) and whether an expect asked for it. */
    record Report(TraceItem.Report report, boolean expected) implements StepEvent { }

    /** A finding about the scenario: a failed expect, an unexpected oops, something not supported. */
    record Finding(Problem problem) implements StepEvent { }
}
