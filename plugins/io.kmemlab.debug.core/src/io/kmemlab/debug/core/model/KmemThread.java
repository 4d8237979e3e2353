package io.kmemlab.debug.core.model;

import io.kmemlab.debug.core.engine.StackEntry;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.engine.TaskRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;

/**
 * A context code of the scenario runs in: the scenario itself (kernel context), or a process
 * or kernel thread of the machine, named as {@code ps} shows it. Its frames are the blocks
 * that run in that context. Every thread stops when the scenario stops (one CPU runs it all).
 */
public final class KmemThread extends KmemDebugElement implements IThread, IReverseStep {
	private final TaskRef task;
	private volatile List<KmemStackFrame> frames = List.of();

	KmemThread(KmemDebugTarget target, TaskRef task) {
		super(target);
		this.task = task;
	}

	/** The process or kernel thread; null for the scenario's own context. */
	public TaskRef task() {
		return task;
	}

	/** Updates the frames to the target's new suspension, keeping the objects of the blocks still there. */
	void suspensionChanged() {
		Suspension s = target().lastSuspension();
		if (s == null) {
			frames = List.of();
			return;
		}
		List<KmemStackFrame> before = frames;
		List<KmemStackFrame> out = new ArrayList<>();
		List<StackEntry> stack = s.stack();
		for (int depth = stack.size() - 1; depth >= 0; depth--) {
			StackEntry e = stack.get(depth);
			if (!Objects.equals(e.context(), task)) {
				continue;
			}
			boolean innermost = depth == stack.size() - 1;
			KmemStackFrame f = null;
			for (KmemStackFrame old : before) {
				if (old.sameBlock(depth, e)) {
					f = old;
					break;
				}
			}
			if (f == null) {
				f = new KmemStackFrame(this, e, depth, innermost);
			} else {
				f.update(e, innermost);
			}
			out.add(f);
		}
		frames = List.copyOf(out);
	}

	@Override
	public IStackFrame[] getStackFrames() {
		return isSuspended() ? frames.toArray(IStackFrame[]::new) : new IStackFrame[0];
	}

	@Override
	public boolean hasStackFrames() {
		return isSuspended() && !frames.isEmpty();
	}

	@Override
	public IStackFrame getTopStackFrame() {
		List<KmemStackFrame> f = frames;
		return isSuspended() && !f.isEmpty() ? f.get(0) : null;
	}

	@Override
	public int getPriority() {
		return 0;
	}

	@Override
	public String getName() {
		if (task != null) {
			return task.label();
		}
		Suspension s = target().lastSuspension();
		return s == null ? "scenario" : "scenario \"" + s.scenario() + "\"";
	}

	/** Whether the scenario's next statement runs in this context. */
	public boolean isActive() {
		return target().activeThread() == this;
	}

	@Override
	public IBreakpoint[] getBreakpoints() {
		return isActive() ? target().hitBreakpoints() : new IBreakpoint[0];
	}

	// ------------------------------------------------------------------ run control: the target's

	@Override
	public boolean canResume() {
		return target().canResume();
	}

	@Override
	public boolean canSuspend() {
		return target().canSuspend();
	}

	@Override
	public boolean isSuspended() {
		return target().isSuspended();
	}

	@Override
	public void resume() {
		target().resume();
	}

	@Override
	public void suspend() {
		target().suspend();
	}

	@Override
	public boolean canStepInto() {
		return isSuspended();
	}

	@Override
	public boolean canStepOver() {
		return isSuspended();
	}

	@Override
	public boolean canStepReturn() {
		return isSuspended();
	}

	@Override
	public boolean isStepping() {
		return false;
	}

	@Override
	public void stepInto() {
		target().stepInto();
	}

	@Override
	public void stepOver() {
		target().stepOver();
	}

	@Override
	public void stepReturn() {
		target().stepReturn();
	}

	@Override
	public boolean canStepBack() {
		return target().canStepBack();
	}

	@Override
	public void stepBack() {
		target().stepBack();
	}

	@Override
	public boolean canReverseResume() {
		return target().canReverseResume();
	}

	@Override
	public void reverseResume() {
		target().reverseResume();
	}

	@Override
	public boolean canTerminate() {
		return target().canTerminate();
	}

	@Override
	public boolean isTerminated() {
		return target().isTerminated();
	}

	@Override
	public void terminate() {
		target().terminate();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getAdapter(Class<T> adapter) {
		if (adapter == IReverseStep.class) {
			return (T) this;
		}
		return super.getAdapter(adapter);
	}
}
