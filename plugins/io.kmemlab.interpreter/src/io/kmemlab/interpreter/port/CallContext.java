package io.kmemlab.interpreter.port;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.trace.Trace;
import java.util.function.IntSupplier;

/**
 * Where a kernel call runs: the machine, the task whose context it is ({@code current}; the
 * machine's kernel task at scenario level, never null), the statement's trace and the line of
 * the call in the scenario file (0 when it has none: a debugger's expression).
 */
public record CallContext(Machine machine, Task task, Trace trace, IntSupplier line) {
    /** Where a call at line L returns to, past the kernel's start: _text + CALL_SITES + 16 * L. */
    public static final long CALL_SITES = 0x100000;

    public CallContext {
        if (task == null) task = machine.kernel();
        if (line == null) line = () -> 0;
    }

    public CallContext(Machine machine, Task task, Trace trace) {
        this(machine, task, trace, () -> 0);
    }

    /**
     * _RET_IP_ of the call (the caller kmalloc_type() hashes with RANDOM_KMALLOC_CACHES): a stable
     * pseudo return address in the kernel text, _text + 0x100000 + 16 * line, so each line of a
     * scenario is a call site of its own and KASLR moves it with the text. 0 without a line.
     */
    public long caller() {
        int at = line.getAsInt();
        Long text = at <= 0 ? null : machine.symbol("_text");
        return text == null ? 0 : text + CALL_SITES + 16L * at;
    }
}
