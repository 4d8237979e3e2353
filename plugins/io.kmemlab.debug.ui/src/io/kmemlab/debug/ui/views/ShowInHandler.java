package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.model.KmemDebugElement;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemVariable;
import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.interpreter.debug.Evaluation;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Show in Translations / Show in Page Descriptor: the value under the editor's caret (or the
 * selected text), or the variable selected in the Variables view, evaluated where the
 * suspended scenario stands; its kind says what it is (a struct page *, a pfn, an address),
 * and the view opens on it.
 */
public abstract class ShowInHandler extends AbstractHandler {
	/** The view to open: {@link MemoryViews#TRANSLATIONS} or {@link MemoryViews#PAGE}. */
	protected abstract String viewId();

	public static final class Translations extends ShowInHandler {
		@Override
		protected String viewId() {
			return MemoryViews.TRANSLATIONS;
		}
	}

	public static final class Page extends ShowInHandler {
		@Override
		protected String viewId() {
			return MemoryViews.PAGE;
		}
	}

	@Override
	public Object execute(ExecutionEvent event) {
		IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
		if (window == null) {
			return null;
		}
		KmemDebugTarget target = target(window);
		String expression = expression(HandlerUtil.getActivePart(event), HandlerUtil.getCurrentSelection(event));
		IWorkbenchPage page = window.getActivePage();
		if (target == null || target.suspension() == null || expression == null) {
			String why = expression == null ? "Put the editor's caret on a variable or a number, or select a variable in the Variables view."
					: expression + ": a kmemlab session must be suspended to evaluate it.";
			try {
				if (page.showView(viewId()) instanceof MemoryView<?> view) {
					view.setMessage(why);
				}
			} catch (PartInitException ex) {
				// the view cannot open: nothing to tell it
			}
			return null;
		}
		Display display = window.getShell().getDisplay();
		Job job = Job.create("Evaluate " + expression, monitor -> {
			Evaluation e = target.evaluate(expression);
			MemoryTarget t = e == null || !e.ok() || e.value() == null ? null : MemoryTarget.of(e.value().kind(), e.value().bits());
			display.asyncExec(() -> open(page, t, expression, e));
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.schedule();
		return null;
	}

	private void open(IWorkbenchPage page, MemoryTarget t, String expression, Evaluation e) {
		try {
			IViewPart part = page.showView(viewId());
			if (!(part instanceof MemoryView<?> view)) {
				return;
			}
			if (t == null) {
				view.setMessage(expression + (e == null ? ": the kmemlab session is no longer suspended"
						: !e.ok() ? ": " + e.text() : " is not an address, a struct page * or a pfn (" + e.text() + ")"));
				return;
			}
			if (view instanceof TranslationsView && t.isFrame()) {
				if (t.kind() != MemoryTarget.Type.PAGE) {
					view.setMessage(expression + " is a frame, not a virtual address: use Show in Page Descriptor");
					return;
				}
				// a struct page * is a kernel virtual address (vmemmap, or mem_map in the direct map): walk it
				t = new MemoryTarget(MemoryTarget.Type.VIRTUAL, t.value());
			}
			view.show(t);
		} catch (PartInitException ex) {
			// the view cannot open: nothing to show it in
		}
	}

	/** The kmemlab session of the window's debug context. */
	static KmemDebugTarget target(IWorkbenchWindow window) {
		ISelection s = DebugUITools.getDebugContextManager().getContextService(window).getActiveContext();
		MemoryContext c = DebugContextTracker.contextOf(s);
		if (c != null) {
			return c.target();
		}
		Object o = DebugUITools.getDebugContext();
		return o instanceof KmemDebugElement k ? k.target() : null;
	}

	/** The expression to evaluate: a selected variable's name, the editor's selected text, or the word under its caret. */
	static String expression(IWorkbenchPart part, ISelection selection) {
		if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof KmemVariable v) {
			return v.getName();
		}
		if (part instanceof ITextEditor editor && editor.getSelectionProvider().getSelection() instanceof ITextSelection text) {
			if (text.getLength() > 0) {
				return text.getText().strip();
			}
			IDocument d = editor.getDocumentProvider().getDocument(editor.getEditorInput());
			return d == null ? null : wordAt(d, text.getOffset());
		}
		return null;
	}

	/** The identifier or number around {@code offset} (letters, digits, underscores). */
	static String wordAt(IDocument d, int offset) {
		try {
			int start = offset, end = offset;
			while (start > 0 && word(d.getChar(start - 1))) {
				start--;
			}
			while (end < d.getLength() && word(d.getChar(end))) {
				end++;
			}
			return end > start ? d.get(start, end - start) : null;
		} catch (BadLocationException e) {
			return null;
		}
	}

	private static boolean word(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}
}
