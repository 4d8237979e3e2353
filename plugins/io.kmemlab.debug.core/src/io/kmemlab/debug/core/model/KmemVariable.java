package io.kmemlab.debug.core.model;

import io.kmemlab.interpreter.variables.VarNode;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;

/** A row of the Variables view: a scenario variable, a field, or a part of the machine. */
public final class KmemVariable extends KmemDebugElement implements IVariable {
	private final VarNode node;
	private final KmemValue value;

	KmemVariable(KmemDebugTarget target, VarNode node) {
		super(target);
		this.node = node;
		this.value = new KmemValue(target, node);
	}

	public VarNode node() {
		return node;
	}

	@Override
	public IValue getValue() {
		return value;
	}

	@Override
	public String getName() {
		return node.name();
	}

	@Override
	public String getReferenceTypeName() {
		return node.type();
	}

	@Override
	public boolean hasValueChanged() {
		return node.changed();
	}

	@Override
	public void setValue(String expression) throws DebugException {
		throw readOnly();
	}

	@Override
	public void setValue(IValue v) throws DebugException {
		throw readOnly();
	}

	@Override
	public boolean supportsValueModification() {
		return false;
	}

	@Override
	public boolean verifyValue(String expression) {
		return false;
	}

	@Override
	public boolean verifyValue(IValue v) {
		return false;
	}

	private static DebugException readOnly() {
		return new DebugException(Status.error("a scenario's values change only by running its statements"));
	}
}
