package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.interpreter.debug.LastWriters;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * The common shape of the kmemlab memory views.
 * <ul>
 * <li>They follow the debug context ({@link DebugContextTracker}): the selected frame of a
 * suspended kmemlab session.</li>
 * <li>They read the machine only on the session's engine thread: {@link #build} runs inside
 * the driver's {@code read}, from a Job, and returns an immutable model; {@link #render}
 * shows that model on the UI thread. Refreshes are coalesced: while one is computed, further
 * requests collapse into one more.</li>
 * <li>They mark what the last step changed (the step's change set, in
 * {@link MemoryContext#changes()}) with {@link #changedBackground()}.</li>
 * <li>Without a suspended session, the toolbar's Run to Caret debugs the active editor's
 * scenario to the caret line ({@link RunToCaret}).</li>
 * </ul>
 *
 * @param <M> the view's model (in io.kmemlab.debug.core.views, UI-free)
 */
public abstract class MemoryView<M> extends ViewPart {
	private DebugContextTracker tracker;
	private MemoryContext context;
	private Label message;
	private Composite content;
	private M model;
	private String text;
	/** Incremented by every refresh request; a computed model is shown only if no newer request came. */
	private long requested, shown;
	private Job job;
	private boolean jobPending;
	private static Color changed;

	@Override
	public final void createPartControl(Composite parent) {
		Composite root = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(1, false);
		layout.marginWidth = layout.marginHeight = 0;
		layout.verticalSpacing = 2;
		root.setLayout(layout);
		message = new Label(root, SWT.WRAP);
		message.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		content = new Composite(root, SWT.NONE);
		content.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		createContent(content);
		IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
		contributeActions(toolbar);
		toolbar.add(new RunToCaret(this));
		if (hasText()) {
			Action copy = new Action("Copy as Text") {
				@Override
				public void run() {
					copyAsText();
				}
			};
			copy.setToolTipText("Copy as text, in crash's layout");
			copy.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(ISharedImages.IMG_TOOL_COPY));
			copy.setId("io.kmemlab.debug.ui.views.copyAsText");
			toolbar.add(copy);
		}
		getViewSite().getActionBars().updateActionBars();
		tracker = new DebugContextTracker(getSite().getWorkbenchWindow(), this::contextChanged);
		contextChanged(tracker.current());
	}

	/** Creates the view's widgets in {@code parent} (no layout set yet). */
	protected abstract void createContent(Composite parent);

	/** Adds the view's own toolbar actions (before Run to Caret and Copy as Text). */
	protected void contributeActions(IToolBarManager toolbar) {
	}

	/**
	 * Computes the model for {@code context}: runs on the session's engine thread, the only
	 * place the machine may be read. Returns null when there is nothing to show.
	 */
	protected abstract M build(Inspector inspector, LastWriters writers, MemoryContext context);

	/** Shows {@code model} (UI thread). */
	protected abstract void render(M model);

	/** Clears the widgets: no session is suspended (UI thread). */
	protected abstract void clear();

	/**
	 * The model as text in crash's layout (Copy as Text), or null when the view has none. Runs
	 * on the engine thread right after {@link #build}, so it may read the machine too.
	 */
	protected String text(Inspector inspector, M model) {
		return null;
	}

	protected boolean hasText() {
		return false;
	}

	/** Opens {@code target} in this view (Show in ..., links, typed input). */
	public abstract void show(MemoryTarget target);

	// ------------------------------------------------------------------ context and refresh

	private void contextChanged(MemoryContext c) {
		context = c;
		if (c == null) {
			setMessage("No suspended kmemlab session. Debug a scenario and suspend it, or put the editor's caret on a line and press Run to Caret.");
			clear();
			model = null;
			requested++;
			shown = requested;
		} else {
			setMessage(null);
			refresh();
		}
	}

	/** The suspended session shown, or null. */
	public MemoryContext context() {
		return context;
	}

	/** The model on screen, null when none. */
	public M model() {
		return model;
	}

	/** True when the model on screen is the one of the last request (tests wait for it). */
	public boolean upToDate() {
		return shown == requested && !jobPending;
	}

	/** Recomputes the model (after a step, a new input). UI thread. */
	public void refresh() {
		MemoryContext c = context;
		if (c == null) {
			return;
		}
		++requested;
		if (jobPending) {
			return;     // the job that is about to run reads the newest request
		}
		jobPending = true;
		Display display = content.getDisplay();
		job = Job.create("Refresh " + getPartName(), (IProgressMonitor monitor) -> {
			long[] asked = new long[1];
			MemoryContext[] ctx = new MemoryContext[1];
			display.syncExec(() -> {
				jobPending = false;
				asked[0] = requested;
				ctx[0] = context;
			});
			if (ctx[0] == null) {
				return Status.OK_STATUS;
			}
			String[] t = new String[1];
			M m = ctx[0].read((inspector, writers) -> {
				M built = build(inspector, writers, ctx[0]);
				t[0] = built == null || !hasText() ? null : text(inspector, built);
				return built;
			});
			display.asyncExec(() -> {
				if (content.isDisposed() || asked[0] != requested) {
					return;
				}
				shown = asked[0];
				if (m == null) {
					setMessage(ctx[0].current() ? "Nothing to show here yet." : "The session is running.");
					return;
				}
				model = m;
				text = t[0];
				render(m);
			});
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.setPriority(Job.INTERACTIVE);
		job.schedule();
	}

	/** A line above the view's content (null hides it). */
	protected void setMessage(String text) {
		if (message.isDisposed()) {
			return;
		}
		message.setText(text == null ? "" : text);
		((GridData) message.getLayoutData()).exclude = text == null;
		message.setVisible(text != null);
		message.getParent().layout(true);
	}

	/** The background of what the last step changed. */
	public static Color changedBackground() {
		if (changed == null) {
			changed = new Color(255, 236, 150);
		}
		return changed;
	}

	private void copyAsText() {
		String text = this.text;
		if (text == null || text.isEmpty()) {
			return;
		}
		Clipboard cb = new Clipboard(content.getDisplay());
		try {
			cb.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
		} finally {
			cb.dispose();
		}
	}

	/** The text Copy as Text puts on the clipboard now (tests). */
	public String textNow() {
		return text;
	}

	@Override
	public void setFocus() {
		content.setFocus();
	}

	@Override
	public void dispose() {
		if (tracker != null) {
			tracker.dispose();
		}
		super.dispose();
	}
}
