package io.kmemlab.ui.navigation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ISynchronizable;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.viewers.IPostSelectionProvider;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.swt.widgets.Display;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.navigation.KmemSymbols;
import io.kmemlab.lang.ide.navigation.Occurrence;
import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * Mark occurrences by meaning: with the caret on a name, every place that names the same thing
 * is highlighted (the generic editor's "Text Occurrence" annotations), and nothing else: not
 * the word in a comment, not another variable of the same name in another block.
 *
 * <p>Contributed as the content type's highlight reconciler, which replaces the generic
 * editor's word matcher. Follows the generic editor's toolbar toggle.
 */
public class OccurrencesReconciler implements IReconciler {

	/** The generic editor's occurrence annotation, so its colour preference applies. */
	public static final String ANNOTATION_TYPE = "org.eclipse.ui.genericeditor.text";
	private static final String GENERIC_EDITOR_BUNDLE = "org.eclipse.ui.genericeditor";
	private static final String TOGGLE_PREFERENCE = "org.eclipse.ui.genericeditor.togglehighlight";

	private final ParsedDocuments documents;
	private final KmemSymbols symbols;

	private ISourceViewer viewer;
	private Annotation[] current = new Annotation[0];
	private volatile int requestedOffset = -1;
	private final Job job = Job.create("Marking kmem occurrences", this::compute);

	private final ISelectionChangedListener caretListener = event -> {
		if (event.getSelection() instanceof ITextSelection selection) {
			update(selection.getOffset());
		}
	};

	private final IPreferenceChangeListener toggleListener = event -> {
		if (TOGGLE_PREFERENCE.equals(event.getKey())) {
			Display.getDefault().asyncExec(() -> update(requestedOffset));
		}
	};

	@Inject
	public OccurrencesReconciler(ParsedDocuments documents, KmemSymbols symbols) {
		this.documents = documents;
		this.symbols = symbols;
		job.setSystem(true);
	}

	@Override
	public void install(ITextViewer textViewer) {
		if (!(textViewer instanceof ISourceViewer source)) {
			return;
		}
		viewer = source;
		if (viewer.getSelectionProvider() instanceof IPostSelectionProvider selections) {
			selections.addPostSelectionChangedListener(caretListener);
		}
		viewer.getSelectionProvider().addSelectionChangedListener(caretListener);
		preferences().addPreferenceChangeListener(toggleListener);
	}

	@Override
	public void uninstall() {
		job.cancel();
		if (viewer != null) {
			if (viewer.getSelectionProvider() instanceof IPostSelectionProvider selections) {
				selections.removePostSelectionChangedListener(caretListener);
			}
			viewer.getSelectionProvider().removeSelectionChangedListener(caretListener);
		}
		preferences().removePreferenceChangeListener(toggleListener);
		viewer = null;
	}

	@Override
	public IReconcilingStrategy getReconcilingStrategy(String contentType) {
		return null;
	}

	private static IEclipsePreferences preferences() {
		return InstanceScope.INSTANCE.getNode(GENERIC_EDITOR_BUNDLE);
	}

	private void update(int offset) {
		requestedOffset = offset;
		if (!preferences().getBoolean(TOGGLE_PREFERENCE, true)) {
			apply(List.of());
			return;
		}
		job.cancel();
		job.schedule();
	}

	private IStatus compute(IProgressMonitor monitor) {
		ISourceViewer target = viewer;
		IDocument document = target == null ? null : target.getDocument();
		int offset = requestedOffset;
		if (document == null || offset < 0) {
			return Status.OK_STATUS;
		}
		List<Occurrence> occurrences = documents.read(document, resource -> symbols.symbolAt(resource, offset)
				.map(at -> symbols.occurrences(resource, at.symbol())).orElse(List.of()));
		if (monitor.isCanceled() || offset != requestedOffset) {
			return Status.CANCEL_STATUS;
		}
		Display display = target.getTextWidget() == null ? null : target.getTextWidget().getDisplay();
		if (display != null && !display.isDisposed()) {
			display.asyncExec(() -> {
				if (viewer == target && offset == requestedOffset) {
					apply(occurrences);
				}
			});
		}
		return Status.OK_STATUS;
	}

	/** Replaces the occurrence annotations (on the UI thread). A lone occurrence is not marked. */
	private void apply(List<Occurrence> occurrences) {
		IAnnotationModel model = viewer == null ? null : viewer.getAnnotationModel();
		if (model == null) {
			return;
		}
		Map<Annotation, Position> added = new HashMap<>();
		if (occurrences.size() > 1) {
			for (Occurrence o : occurrences) {
				added.put(new Annotation(ANNOTATION_TYPE, false, "Occurrence"), new Position(o.offset(), o.length()));
			}
		}
		Object lock = model instanceof ISynchronizable s && s.getLockObject() != null ? s.getLockObject() : model;
		synchronized (lock) {
			if (model instanceof IAnnotationModelExtension extension) {
				extension.replaceAnnotations(current, added);
			} else {
				for (Annotation a : current) {
					model.removeAnnotation(a);
				}
				added.forEach(model::addAnnotation);
			}
			current = added.keySet().toArray(new Annotation[0]);
		}
	}
}
