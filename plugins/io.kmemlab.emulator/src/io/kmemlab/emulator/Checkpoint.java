package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.trace.Diagnostics;
import java.util.List;
import java.util.Map;

/**
 * A saved machine state from {@link Machine#checkpoint()}, for {@link Machine#restore(Checkpoint)}.
 * Memory is shared copy-on-write with the running machine, so a checkpoint is cheap to take
 * and can be restored any number of times.
 *
 * @param machine     the machine it belongs to
 * @param id          1, 2, ... per machine
 * @param phase       the boot phase it was taken in
 * @param kernel      memory and every subsystem that existed then, with its state
 * @param tasks       the tasks and their kernel stacks
 * @param diagnostics the report log at that point
 */
public record Checkpoint(Machine machine, long id, BootPhase phase, Kernel.Snapshot kernel, Tasks tasks, Diagnostics.Mark diagnostics) {
    /**
     * The tasks by their key ("k:name", "p:name"), the next pid, and each task's kernel stack
     * (base, stack_buffer cursor) in the map's order.
     */
    public record Tasks(Map<String, Task> byKey, int nextPid, List<long[]> stacks) { }
}
