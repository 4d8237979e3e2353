package io.kmemlab.debug.ui.breakpoints;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.debug.ui.actions.IRunToLineTarget;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Gives text editors a Run to Line target; it acts only for a kmemlab debug session (the
 * Platform asks it with the suspended element, and it refuses any other model's).
 */
public final class RunToLineAdapters implements IAdapterFactory {
	private static final IRunToLineTarget TARGET = new KmemRunToLine();

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getAdapter(Object adaptableObject, Class<T> adapterType) {
		return adaptableObject instanceof ITextEditor && adapterType == IRunToLineTarget.class ? (T) TARGET : null;
	}

	@Override
	public Class<?>[] getAdapterList() {
		return new Class<?>[] { IRunToLineTarget.class };
	}
}
