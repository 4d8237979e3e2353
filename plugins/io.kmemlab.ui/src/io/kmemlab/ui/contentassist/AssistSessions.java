package io.kmemlab.ui.contentassist;

import java.util.Map;
import java.util.WeakHashMap;

import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.ContentAssistEvent;
import org.eclipse.jface.text.contentassist.ICompletionListener;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.source.ISourceViewerExtension4;

/**
 * Tells the content assist processor whether the popup it fills was opened on purpose
 * (Ctrl+Space) or by typing. Installed with each .kmem editor (as a reconciler, the generic
 * editor's way to reach the viewer); it listens to the viewer's assistant.
 */
public class AssistSessions implements IReconciler {

	private static final Map<ITextViewer, Boolean> AUTO_ACTIVATED = new WeakHashMap<>();

	private ITextViewer viewer;
	private final ICompletionListener listener = new ICompletionListener() {
		@Override
		public void assistSessionStarted(ContentAssistEvent event) {
			synchronized (AUTO_ACTIVATED) {
				AUTO_ACTIVATED.put(viewer, event.isAutoActivated);
			}
		}

		@Override
		public void assistSessionEnded(ContentAssistEvent event) {
			synchronized (AUTO_ACTIVATED) {
				AUTO_ACTIVATED.remove(viewer);
			}
		}

		@Override
		public void selectionChanged(ICompletionProposal proposal, boolean smartToggle) {
		}
	};

	/** Whether the current assist session of the viewer was started by typing. */
	public static boolean autoActivated(ITextViewer viewer) {
		synchronized (AUTO_ACTIVATED) {
			return Boolean.TRUE.equals(AUTO_ACTIVATED.get(viewer));
		}
	}

	@Override
	public void install(ITextViewer textViewer) {
		viewer = textViewer;
		if (textViewer instanceof ISourceViewerExtension4 extension && extension.getContentAssistantFacade() != null) {
			extension.getContentAssistantFacade().addCompletionListener(listener);
		}
	}

	@Override
	public void uninstall() {
		if (viewer instanceof ISourceViewerExtension4 extension && extension.getContentAssistantFacade() != null) {
			extension.getContentAssistantFacade().removeCompletionListener(listener);
		}
		viewer = null;
	}

	@Override
	public IReconcilingStrategy getReconcilingStrategy(String contentType) {
		return null;
	}
}
