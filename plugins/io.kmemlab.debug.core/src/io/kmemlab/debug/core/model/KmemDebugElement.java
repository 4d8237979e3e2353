package io.kmemlab.debug.core.model;

import io.kmemlab.debug.core.KmemDebug;
import org.eclipse.debug.core.model.DebugElement;
import org.eclipse.debug.core.model.IDebugTarget;

/** Common base of the kmemlab debug elements: the model identifier and the target. */
public abstract class KmemDebugElement extends DebugElement {
	protected KmemDebugElement(IDebugTarget target) {
		super(target);
	}

	@Override
	public String getModelIdentifier() {
		return KmemDebug.MODEL_ID;
	}

	/** The launch's target, typed. */
	public KmemDebugTarget target() {
		return (KmemDebugTarget) getDebugTarget();
	}
}
