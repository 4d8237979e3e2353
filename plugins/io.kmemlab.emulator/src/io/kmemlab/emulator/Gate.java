package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/**
 * Boot-phase gating: an operation ({@link Op}) runs when the boot has reached its phase;
 * otherwise a diagnostic names what is missing and the facade returns the kernel's "nothing"
 * (NULL, 0, false), so a debugger stopped between boot phases can still evaluate expressions.
 */
final class Gate {
    private final Kernel k;

    Gate(Kernel k) { this.k = k; }

    /** True when {@code op} can run now; otherwise reports why not (to the machine's log and to {@code t}). */
    boolean open(Op op, Trace t) {
        BootPhase at = k.phase;
        if (at != null && at.ordinal() >= op.phase.ordinal()) return true;
        k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, at == null
                ? op.method + ": this machine cannot boot (see the earlier diagnostics)"
                : op.method + " needs boot phase " + op.phase + "; the machine is at " + at), t);
        return false;
    }
}
