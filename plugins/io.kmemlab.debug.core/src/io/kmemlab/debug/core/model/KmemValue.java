package io.kmemlab.debug.core.model;

import io.kmemlab.interpreter.variables.VarNode;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;

/** The value of a {@link KmemVariable}: its text as the kernel prints it, and its fields. */
public final class KmemValue extends KmemDebugElement implements IValue {
	private final VarNode node;
	private volatile IVariable[] children;

	KmemValue(KmemDebugTarget target, VarNode node) {
		super(target);
		this.node = node;
	}

	@Override
	public String getReferenceTypeName() {
		return node.type();
	}

	@Override
	public String getValueString() {
		return node.value();
	}

	@Override
	public boolean isAllocated() {
		return true;
	}

	@Override
	public IVariable[] getVariables() {
		IVariable[] c = children;
		if (c == null) {
			c = node.children().stream().map(n -> new KmemVariable(target(), n)).toArray(IVariable[]::new);
			children = c;
		}
		return c;
	}

	@Override
	public boolean hasVariables() {
		return node.hasChildren();
	}
}
