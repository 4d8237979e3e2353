package io.kmemlab.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.widgets.Display;
import org.eclipse.xtext.ide.editor.folding.FoldingRange;
import org.eclipse.xtext.ide.editor.folding.IFoldingRangeProvider;

import com.google.inject.Inject;

import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * Folding by meaning: the language's folding ranges (machines, scenarios, blocks, comment
 * blocks) as projection annotations, recomputed a moment after each edit. Annotations that
 * still cover the same lines are kept, so what the user folded stays folded; in between,
 * the document moves the positions with the text, so markers never drift.
 */
public class KmemFoldingReconciler implements IReconciler {

	private static final long DELAY_MS = 300;

	private final ParsedDocuments documents;
	private final IFoldingRangeProvider ranges;
	private ProjectionViewer viewer;
	private IDocument document;
	private final Job job = Job.create("Folding .kmem", this::compute);

	private final IDocumentListener listener = new IDocumentListener() {
		@Override
		public void documentAboutToBeChanged(DocumentEvent event) {
		}

		@Override
		public void documentChanged(DocumentEvent event) {
			job.cancel();
			job.schedule(DELAY_MS);
		}
	};

	@Inject
	public KmemFoldingReconciler(ParsedDocuments documents, IFoldingRangeProvider ranges) {
		this.documents = documents;
		this.ranges = ranges;
		job.setSystem(true);
	}

	@Override
	public void install(ITextViewer textViewer) {
		if (!(textViewer instanceof ProjectionViewer projection)) {
			return;
		}
		viewer = projection;
		document = viewer.getDocument();
		if (document != null) {
			document.addDocumentListener(listener);
		}
		viewer.addTextInputListener(new org.eclipse.jface.text.ITextInputListener() {
			@Override
			public void inputDocumentAboutToBeChanged(IDocument oldInput, IDocument newInput) {
				if (oldInput != null) {
					oldInput.removeDocumentListener(listener);
				}
			}

			@Override
			public void inputDocumentChanged(IDocument oldInput, IDocument newInput) {
				document = newInput;
				if (newInput != null) {
					newInput.addDocumentListener(listener);
					job.schedule();
				}
			}
		});
		job.schedule();
	}

	@Override
	public void uninstall() {
		job.cancel();
		if (document != null) {
			document.removeDocumentListener(listener);
		}
		viewer = null;
	}

	@Override
	public IReconcilingStrategy getReconcilingStrategy(String contentType) {
		return null;
	}

	private IStatus compute(IProgressMonitor monitor) {
		ProjectionViewer target = viewer;
		IDocument text = document;
		if (target == null || text == null) {
			return Status.OK_STATUS;
		}
		SortedSet<FoldingRange> found = documents.read(text, resource -> ranges.getFoldingRanges(resource, monitor::isCanceled));
		// A scenario and its body block cover the same lines: one fold for both.
		java.util.Set<Position> lines = new java.util.LinkedHashSet<>();
		for (FoldingRange range : found) {
			Position p = wholeLines(text, range.getOffset(), range.getLength());
			if (p != null) {
				lines.add(p);
			}
		}
		if (monitor.isCanceled()) {
			return Status.CANCEL_STATUS;
		}
		Display display = target.getTextWidget() == null ? null : target.getTextWidget().getDisplay();
		if (display != null && !display.isDisposed()) {
			display.asyncExec(() -> {
				if (viewer == target && document == text) {
					apply(target.getProjectionAnnotationModel(), lines);
				}
			});
		}
		return Status.OK_STATUS;
	}

	/** The range grown to whole lines; null when it does not span two lines (nothing to fold). */
	static Position wholeLines(IDocument document, int offset, int length) {
		try {
			int first = document.getLineOfOffset(offset);
			int last = document.getLineOfOffset(offset + length);
			if (last <= first) {
				return null;
			}
			int start = document.getLineOffset(first);
			int end = last + 1 < document.getNumberOfLines() ? document.getLineOffset(last + 1) : document.getLength();
			return new Position(start, end - start);
		} catch (BadLocationException e) {
			return null;
		}
	}

	/** Keeps the annotations whose lines are still a range, removes the others, adds the new ones. */
	private static void apply(ProjectionAnnotationModel model, java.util.Set<Position> wanted) {
		if (model == null) {
			return;
		}
		Map<Position, Annotation> existing = new HashMap<>();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation a = it.next();
			if (a instanceof ProjectionAnnotation) {
				Position p = model.getPosition(a);
				if (p != null) {
					existing.put(new Position(p.getOffset(), p.getLength()), a);
				}
			}
		}
		Map<Annotation, Position> added = new HashMap<>();
		for (Position p : wanted) {
			if (existing.remove(p) == null) {
				added.put(new ProjectionAnnotation(), p);
			}
		}
		model.modifyAnnotations(existing.values().toArray(new Annotation[0]), added, null);
	}

	/** The folded and unfolded ranges of the viewer now (for tests). */
	public static List<Position> foldingPositions(ProjectionViewer viewer) {
		List<Position> positions = new ArrayList<>();
		ProjectionAnnotationModel model = viewer.getProjectionAnnotationModel();
		if (model != null) {
			for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
				Annotation a = it.next();
				if (a instanceof ProjectionAnnotation && model.getPosition(a) != null) {
					positions.add(model.getPosition(a));
				}
			}
		}
		positions.sort((a, b) -> Integer.compare(a.getOffset(), b.getOffset()));
		return positions;
	}
}
