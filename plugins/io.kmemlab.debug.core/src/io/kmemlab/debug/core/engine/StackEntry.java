package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.exec.Frame;

/**
 * One level of the scenario's stack as the debugger shows it: a block with the statement it
 * is at.
 *
 * @param kind      what opened the block (scenario, process, kthread, repeat, for, if)
 * @param label     the interpreter's label of the block ({@code repeat 3 (iteration 2 of 3)})
 * @param context   the process or kthread the block runs in, null for the scenario's own context
 * @param at        where the block is: its next statement for the innermost block, the block
 *                  statement it entered for the others
 */
public record StackEntry(Frame.Kind kind, String label, TaskRef context, Place at) {
}
