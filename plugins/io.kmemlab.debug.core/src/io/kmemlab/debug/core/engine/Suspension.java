package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the debugger shows while the engine waits: immutable, made on the engine thread when
 * it suspends, read by the views on theirs.
 *
 * @param reason      why it stopped
 * @param command     the command that ran before it stopped (null for the launch itself)
 * @param steps       how many steps the scenario has run (boot phases and statements)
 * @param scenario    the scenario's name
 * @param stack       the blocks, outermost first
 * @param variables   the variables visible at the innermost block, in definition order
 * @param changed     names of the variables whose value differs from the previous suspension
 * @param tasks       the processes and kernel threads the machine has created so far
 * @param canStepBack whether a step back is possible
 * @param lastStep    the step that ran last (null before the first one), for the console and labels
 * @param booted      whether the machine has finished booting
 */
public record Suspension(SuspendReason reason, RunCommand command, int steps, String scenario, List<StackEntry> stack,
		Map<String, Value> variables, Set<String> changed, List<TaskRef> tasks, boolean canStepBack, Step lastStep,
		boolean booted) {

	/** The innermost block: where the scenario is. */
	public StackEntry top() {
		return stack.get(stack.size() - 1);
	}

	/** The task whose code runs next: the context of the innermost block, null for the scenario's own. */
	public TaskRef activeContext() {
		return stack.isEmpty() ? null : top().context();
	}
}
