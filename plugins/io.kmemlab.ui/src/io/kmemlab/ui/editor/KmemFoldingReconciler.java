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
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.xtext.ide.editor.folding.FoldingRange;
import org.eclipse.xtext.ide.editor.folding.IFoldingRangeProvider;

import com.google.inject.Inject;

import io.kmemlab.ui.internal.ModelJobReconciler;
import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * Folding by meaning: the language's folding ranges (machines, scenarios, blocks, comment
 * blocks) as projection annotations, recomputed a moment after each edit. Annotations that
 * still cover the same lines are kept, so what the user folded stays folded; in between,
 * the document moves the positions with the text, so markers never drift.
 */
public class KmemFoldingReconciler extends ModelJobReconciler {

	private static final long DELAY_MS = 300;

	private final ParsedDocuments documents;
	private final IFoldingRangeProvider ranges;

	@Inject
	public KmemFoldingReconciler(ParsedDocuments documents, IFoldingRangeProvider ranges) {
		super("Folding .kmem", DELAY_MS);
		this.documents = documents;
		this.ranges = ranges;
	}

	@Override
	protected boolean accepts(ITextViewer textViewer) {
		return textViewer instanceof ProjectionViewer;
	}

	@Override
	protected IStatus compute(ITextViewer target, IDocument text, IProgressMonitor monitor) {
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
		inUi(target, () -> {
			if (isCurrent(target, text)) {
				apply(((ProjectionViewer) target).getProjectionAnnotationModel(), lines);
			}
		});
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
