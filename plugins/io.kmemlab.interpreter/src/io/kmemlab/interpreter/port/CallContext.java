package io.kmemlab.interpreter.port;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.trace.Trace;

/**
 * Where a kernel call runs: the machine, the task whose context it is ({@code current}; the
 * machine's kernel task at scenario level, never null) and the statement's trace.
 */
public record CallContext(Machine machine, Task task, Trace trace) {
    public CallContext {
        if (task == null) task = machine.kernel();
    }
}
