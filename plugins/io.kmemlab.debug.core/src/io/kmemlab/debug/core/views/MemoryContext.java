package io.kmemlab.debug.core.views;

import io.kmemlab.debug.core.engine.StackEntry;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.engine.TaskRef;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.interpreter.debug.LastWriters;
import io.kmemlab.interpreter.exec.Step;
import java.util.function.Function;

/**
 * The point of a suspended session the memory views show: the target, its suspension, the
 * address space of the selected frame's context (a process's mm, or init_mm), and what the
 * last step changed. Views read the machine only through {@link #read}, which runs on the
 * session's engine thread (the threading rule of docs/architecture.md).
 *
 * @param target     the debug target
 * @param suspension the suspension shown
 * @param space      "init_mm" or the name of the process whose block the selected frame is in (for a
 *                   frame of the scenario's own thread: the process whose code runs next)
 * @param changes    the last step's change set, indexed
 */
public record MemoryContext(KmemDebugTarget target, Suspension suspension, String space, StepChanges changes) {
	/** What a view computes from the machine: its model, built on the engine thread. */
	@FunctionalInterface
	public interface Query<T> {
		T apply(Inspector inspector, LastWriters writers);
	}

	/** The context of {@code target} suspended, seen from {@code frame} (null: the innermost). */
	public static MemoryContext of(KmemDebugTarget target, StackEntry frame) {
		Suspension s = target == null ? null : target.suspension();
		if (s == null) {
			return null;
		}
		// a frame of a process or kthread block runs in that task's mm; the scenario's own frames
		// (the Debug view selects them first) show the task whose code runs next
		TaskRef t = frame != null && frame.context() != null ? frame.context() : s.activeContext();
		String space = t == null || t.kthread() ? "init_mm" : t.name();
		Step last = s.lastStep();
		return new MemoryContext(target, s, space, last == null ? StepChanges.NONE : new StepChanges(last.changes()));
	}

	/**
	 * Runs {@code query} on the engine thread and returns its answer; null when the session no
	 * longer waits (it runs again, or ended) or has no machine. Blocks: call it off the UI thread.
	 */
	public <T> T read(Query<T> query) {
		return target.engine().read(c -> {
			Inspector i = c.inspector();
			return i == null ? null : query.apply(i, c.lastWriters());
		});
	}

	/** Same as {@link #read} with the whole controller, for what is not machine state (evaluating an expression). */
	public <T> T readSession(Function<io.kmemlab.interpreter.debug.SessionController, T> query) {
		return target.engine().read(query);
	}

	/** True when this is still the suspension the target shows (no step ran since). */
	public boolean current() {
		return target.suspension() == suspension;
	}
}
