package io.kmemlab.debug.core.model;

import io.kmemlab.debug.core.engine.StackEntry;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.engine.TaskRef;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.interpreter.variables.VarNode;
import io.kmemlab.interpreter.variables.VariablesModel;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;

/**
 * A block of the scenario (the scenario body, a process or kthread block, a loop iteration,
 * an if branch) with the statement it is at and the variables visible there. A frame object
 * lives as long as its block: each suspension updates it.
 */
public final class KmemStackFrame extends KmemDebugElement implements IStackFrame, IReverseStep {
	private final KmemThread thread;
	private final int depth;
	private volatile StackEntry entry;
	private volatile boolean innermost;
	private volatile IVariable[] variables;

	KmemStackFrame(KmemThread thread, StackEntry entry, int depth, boolean innermost) {
		super(thread.getDebugTarget());
		this.thread = thread;
		this.entry = entry;
		this.depth = depth;
		this.innermost = innermost;
	}

	/**
	 * The same block at a new suspension: the views keep the frame they show (its selection,
	 * the editor's highlight) and ask it again, as the Platform's models do.
	 */
	void update(StackEntry newEntry, boolean nowInnermost) {
		entry = newEntry;
		innermost = nowInnermost;
		variables = null;
	}

	/** Whether this frame stands for the block at {@code d} of kind {@code e}'s kind (so it can be updated to it). */
	boolean sameBlock(int d, StackEntry e) {
		return d == depth && e.kind() == entry.kind();
	}

	public StackEntry entry() {
		return entry;
	}

	/** The file of the statement, a file: URI; null when unknown. */
	public URI sourceFile() {
		return entry.at().file();
	}

	/** Whether this is the block whose statement runs next. */
	public boolean isInnermost() {
		return innermost;
	}

	@Override
	public IThread getThread() {
		return thread;
	}

	@Override
	public IVariable[] getVariables() {
		IVariable[] v = variables;
		if (v == null) {
			Suspension s = target().lastSuspension();
			// what the last step changed is marked where it happened: in the innermost block
			Set<String> changed = innermost && s != null ? s.changed() : Set.of();
			TaskRef context = entry.context();
			String space = context == null || context.kthread() ? "init_mm" : context.name();
			// and the struct page fields it wrote, from the step's change set, inside the values too
			ChangeSet changes = innermost && s != null && s.lastStep() != null ? s.lastStep().changes() : null;
			List<VarNode> rows = target().variablesModel().rows(entry.variables(), new VariablesModel.Context(changed, space, changes));
			v = rows.stream().map(n -> new KmemVariable(target(), n)).toArray(IVariable[]::new);
			variables = v;
		}
		return v;
	}

	@Override
	public boolean hasVariables() {
		return true;
	}

	@Override
	public int getLineNumber() {
		return entry.at().line();
	}

	/** -1: the editor highlights the whole line, as for Java. */
	@Override
	public int getCharStart() {
		return -1;
	}

	@Override
	public int getCharEnd() {
		return -1;
	}

	@Override
	public String getName() {
		return entry.label();
	}

	@Override
	public IRegisterGroup[] getRegisterGroups() {
		return new IRegisterGroup[0];
	}

	@Override
	public boolean hasRegisterGroups() {
		return false;
	}

	// ------------------------------------------------------------------ run control: the thread's

	@Override
	public boolean canStepInto() {
		return thread.canStepInto();
	}

	@Override
	public boolean canStepOver() {
		return thread.canStepOver();
	}

	@Override
	public boolean canStepReturn() {
		return thread.canStepReturn();
	}

	@Override
	public boolean isStepping() {
		return false;
	}

	@Override
	public void stepInto() {
		thread.stepInto();
	}

	@Override
	public void stepOver() {
		thread.stepOver();
	}

	@Override
	public void stepReturn() {
		thread.stepReturn();
	}

	@Override
	public boolean canResume() {
		return thread.canResume();
	}

	@Override
	public boolean canSuspend() {
		return thread.canSuspend();
	}

	@Override
	public boolean isSuspended() {
		return thread.isSuspended();
	}

	@Override
	public void resume() {
		thread.resume();
	}

	@Override
	public void suspend() {
		thread.suspend();
	}

	@Override
	public boolean canTerminate() {
		return thread.canTerminate();
	}

	@Override
	public boolean isTerminated() {
		return thread.isTerminated();
	}

	@Override
	public void terminate() {
		thread.terminate();
	}

	@Override
	public boolean canStepBack() {
		return thread.canStepBack();
	}

	@Override
	public void stepBack() {
		thread.stepBack();
	}

	@Override
	public boolean canReverseResume() {
		return thread.canReverseResume();
	}

	@Override
	public void reverseResume() {
		thread.reverseResume();
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
