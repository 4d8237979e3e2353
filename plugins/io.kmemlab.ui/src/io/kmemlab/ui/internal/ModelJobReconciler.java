package io.kmemlab.ui.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.ITextInputListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.swt.widgets.Display;

/**
 * A reconciler that recomputes something from the document's model in a job, a moment after
 * each change, and applies it in the UI thread. It follows the viewer's input: the generic
 * editor installs reconcilers before the viewer has a document, and may change the document.
 * Subclasses say what to compute ({@link #compute}) and what to hook on the viewer or document.
 */
public abstract class ModelJobReconciler implements IReconciler {

	private final long delayMs;
	private final Job job;
	private volatile ITextViewer viewer;
	private volatile IDocument document;

	private final IDocumentListener changes = new IDocumentListener() {
		@Override
		public void documentAboutToBeChanged(DocumentEvent event) {
		}

		@Override
		public void documentChanged(DocumentEvent event) {
			job.cancel();
			job.schedule(delayMs);
		}
	};

	private final ITextInputListener input = new ITextInputListener() {
		@Override
		public void inputDocumentAboutToBeChanged(IDocument oldInput, IDocument newInput) {
			detach();
		}

		@Override
		public void inputDocumentChanged(IDocument oldInput, IDocument newInput) {
			attach(newInput);
		}
	};

	protected ModelJobReconciler(String jobName, long delayMs) {
		this.delayMs = delayMs;
		this.job = Job.create(jobName, this::run);
		job.setSystem(true);
	}

	/** Whether this reconciler works on the viewer (a folding one needs a projection viewer). */
	protected boolean accepts(ITextViewer textViewer) {
		return true;
	}

	/** Computes from the document (outside the UI thread); {@link #inUi} applies the result. */
	protected abstract IStatus compute(ITextViewer viewer, IDocument document, IProgressMonitor monitor);

	/** Called when the viewer is installed, before its document is attached. */
	protected void installed(ITextViewer textViewer) {
	}

	/** Called before the viewer is uninstalled, after its document is detached. */
	protected void uninstalling(ITextViewer textViewer) {
	}

	/** Called when a document is attached, before the first computation is scheduled. */
	protected void attached(IDocument attachedDocument) {
	}

	/** Called when a document is detached. */
	protected void detached(IDocument detachedDocument) {
	}

	@Override
	public final void install(ITextViewer textViewer) {
		if (!accepts(textViewer)) {
			return;
		}
		viewer = textViewer;
		textViewer.addTextInputListener(input);
		installed(textViewer);
		attach(textViewer.getDocument());
	}

	@Override
	public final void uninstall() {
		job.cancel();
		ITextViewer installedViewer = viewer;
		detach();
		if (installedViewer != null) {
			installedViewer.removeTextInputListener(input);
			uninstalling(installedViewer);
		}
		viewer = null;
	}

	@Override
	public IReconcilingStrategy getReconcilingStrategy(String contentType) {
		return null;
	}

	protected final ITextViewer viewer() {
		return viewer;
	}

	/** Whether a computation's viewer and document are still the installed ones. */
	protected final boolean isCurrent(ITextViewer computedViewer, IDocument computedDocument) {
		return viewer == computedViewer && document == computedDocument;
	}

	/** Runs the action in the viewer's UI thread, if the viewer is still shown. */
	protected static void inUi(ITextViewer target, Runnable action) {
		Display display = target.getTextWidget() == null || target.getTextWidget().isDisposed() ? null
				: target.getTextWidget().getDisplay();
		if (display != null && !display.isDisposed()) {
			display.asyncExec(action);
		}
	}

	private void attach(IDocument newDocument) {
		document = newDocument;
		if (newDocument != null) {
			newDocument.addDocumentListener(changes);
			attached(newDocument);
			job.schedule();
		}
	}

	private void detach() {
		job.cancel();
		IDocument old = document;
		if (old != null) {
			old.removeDocumentListener(changes);
			detached(old);
		}
		document = null;
	}

	private IStatus run(IProgressMonitor monitor) {
		ITextViewer target = viewer;
		IDocument text = document;
		if (target == null || text == null) {
			return Status.OK_STATUS;
		}
		return compute(target, text, monitor);
	}
}
