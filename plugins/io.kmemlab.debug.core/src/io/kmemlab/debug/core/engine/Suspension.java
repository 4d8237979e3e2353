package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.debug.Position;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the debugger shows while a scenario waits: immutable, made on the engine thread when
 * the session suspends, read by the views on theirs.
 *
 * @param reason    why the session stopped
 * @param position  the interpreter's copy of where it stands
 * @param scenario  the scenario's name
 * @param stack     the blocks, outermost first, with the context each runs in
 * @param changed   names of the innermost block's variables whose value differs from the
 *                  previous suspension (new ones included)
 * @param tasks     the processes and kernel threads the machine has created so far
 */
public record Suspension(SuspendReason reason, Position position, String scenario, List<StackEntry> stack, Set<String> changed,
		List<TaskRef> tasks) {

	/** The innermost block: where the scenario is. */
	public StackEntry top() {
		return stack.get(stack.size() - 1);
	}

	/** The task whose code runs next: the context of the innermost block, null for the scenario's own. */
	public TaskRef activeContext() {
		return stack.isEmpty() ? null : top().context();
	}

	/** The variables of the innermost block. */
	public Map<String, Value> variables() {
		return stack.isEmpty() ? Map.of() : top().variables();
	}

	public boolean canStepBack() {
		return position.canStepBack();
	}

	/** The step run last, null at the start. */
	public Step lastStep() {
		return position.last();
	}

	public boolean booted() {
		return position.booted();
	}

	public int steps() {
		return position.steps();
	}
}
