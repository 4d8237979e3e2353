package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.engine.StackEntry;
import io.kmemlab.debug.core.model.KmemDebugElement;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import io.kmemlab.debug.core.views.MemoryContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.contexts.IDebugContextListener;
import org.eclipse.debug.ui.contexts.IDebugContextService;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchWindow;

/**
 * Follows the debug context of one workbench window (the element selected in the Debug view)
 * for a memory view: a kmemlab stack frame, thread or target of a suspended session gives a
 * {@link MemoryContext}; anything else gives null. Suspend, resume and terminate events of
 * kmemlab sessions count too, since a step keeps the same frame selected. The consumer is
 * called on the UI thread, at most once per batch of events (coalesced), so fast stepping
 * queues no work.
 */
public final class DebugContextTracker implements IDebugContextListener, IDebugEventSetListener {
	private final IWorkbenchWindow window;
	private final Display display;
	private final Consumer<MemoryContext> consumer;
	private final AtomicBoolean posted = new AtomicBoolean();
	private volatile boolean disposed;

	public DebugContextTracker(IWorkbenchWindow window, Consumer<MemoryContext> consumer) {
		this.window = window;
		this.display = window.getShell().getDisplay();
		this.consumer = consumer;
		service().addDebugContextListener(this);
		DebugPlugin.getDefault().addDebugEventListener(this);
	}

	private IDebugContextService service() {
		return DebugUITools.getDebugContextManager().getContextService(window);
	}

	public void dispose() {
		disposed = true;
		service().removeDebugContextListener(this);
		DebugPlugin.getDefault().removeDebugEventListener(this);
	}

	/** The context now: the selected kmemlab element's session if it is suspended, else null. UI thread. */
	public MemoryContext current() {
		return contextOf(service().getActiveContext());
	}

	/** Asks for the consumer to be called (once, however often this is called before it runs). */
	public void post() {
		if (disposed || !posted.compareAndSet(false, true)) {
			return;
		}
		display.asyncExec(() -> {
			posted.set(false);
			if (!disposed) {
				consumer.accept(current());
			}
		});
	}

	@Override
	public void debugContextChanged(DebugContextEvent event) {
		post();
	}

	@Override
	public void handleDebugEvents(DebugEvent[] events) {
		for (DebugEvent e : events) {
			if (e.getSource() instanceof KmemDebugElement && (e.getKind() == DebugEvent.SUSPEND || e.getKind() == DebugEvent.RESUME
					|| e.getKind() == DebugEvent.TERMINATE || e.getKind() == DebugEvent.CHANGE)) {
				post();
				return;
			}
		}
	}

	/** The memory context of a debug context selection. */
	public static MemoryContext contextOf(ISelection selection) {
		if (!(selection instanceof IStructuredSelection s) || s.isEmpty()) {
			return null;
		}
		Object first = s.getFirstElement();
		if (!(first instanceof KmemDebugElement e)) {
			return null;
		}
		KmemDebugTarget target = e.target();
		StackEntry frame = first instanceof KmemStackFrame f ? f.entry() : null;
		return MemoryContext.of(target, frame);
	}
}
