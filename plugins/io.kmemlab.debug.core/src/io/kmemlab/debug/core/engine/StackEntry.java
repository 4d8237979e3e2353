package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.debug.FrameState;
import io.kmemlab.interpreter.value.Value;
import java.util.Map;

/**
 * One level of the scenario's stack as the debugger shows it: a block with the statement it
 * is at, the context it runs in, and the variables visible there.
 *
 * @param kind      what opened the block (boot, scenario, process, kthread, repeat, for, if)
 * @param label     the interpreter's label of the block ({@code repeat 3 (iteration 2 of 3)})
 * @param context   the process or kthread the block runs in, null for the scenario's own context
 * @param at        the innermost block's next statement; for an outer block, the block
 *                  statement whose body runs (the machine while booting)
 * @param variables the variables visible in the block, in the order they were defined
 */
public record StackEntry(FrameState.Kind kind, String label, TaskRef context, Place at, Map<String, Value> variables) {
}
