package io.kmemlab.debug.ui.commands;

import io.kmemlab.debug.core.model.IReverseStep;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.HandlerEvent;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.widgets.Display;

/**
 * Base of Step Back and Reverse Resume: they act on the selected kmemlab debug element and
 * are enabled only while a kmemlab debug session is suspended and can go back. Enablement is
 * re-evaluated on every suspend, resume and terminate of any debug session.
 */
abstract class ReverseStepHandler extends AbstractHandler implements IDebugEventSetListener {
	ReverseStepHandler() {
		DebugPlugin.getDefault().addDebugEventListener(this);
	}

	abstract boolean can(IReverseStep element);

	abstract void run(IReverseStep element) throws DebugException;

	/** The selected debug element, when it is a kmemlab one. */
	static IReverseStep selected() {
		IAdaptable context = DebugUITools.getDebugContext();
		return context == null ? null : context.getAdapter(IReverseStep.class);
	}

	@Override
	public boolean isEnabled() {
		IReverseStep r = selected();
		return r != null && can(r);
	}

	@Override
	public Object execute(ExecutionEvent event) {
		IReverseStep r = selected();
		if (r != null && can(r)) {
			try {
				run(r);
			} catch (DebugException e) {
				DebugPlugin.log(e);
			}
		}
		return null;
	}

	@Override
	public void handleDebugEvents(DebugEvent[] events) {
		for (DebugEvent e : events) {
			int k = e.getKind();
			if (k == DebugEvent.SUSPEND || k == DebugEvent.RESUME || k == DebugEvent.TERMINATE) {
				Display display = Display.getDefault();
				if (!display.isDisposed()) {
					display.asyncExec(() -> fireHandlerChanged(new HandlerEvent(this, true, false)));
				}
				return;
			}
		}
	}

	@Override
	public void dispose() {
		DebugPlugin.getDefault().removeDebugEventListener(this);
		super.dispose();
	}
}
