package io.kmemlab.ui.highlighting;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.BadPositionCategoryException;
import org.eclipse.jface.text.DefaultPositionUpdater;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.IPositionUpdater;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextPresentationListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerExtension4;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.widgets.Display;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.highlighting.KmemStyle;
import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * Semantic highlighting on top of the lexical colouring: the language's highlighting
 * calculator runs in a job a moment after each edit; its positions live in the document (so
 * they move with the text until the next run) and are merged into every text presentation the
 * viewer makes. Colours come from {@link SemanticColors} and follow their preferences.
 */
public class SemanticHighlighter implements IReconciler, ITextPresentationListener {

	private static final String CATEGORY = "io.kmemlab.ui.semanticHighlighting";
	private static final long DELAY_MS = 200;

	/** A highlighted name: where it is (moved by the document) and its style. */
	private record Highlight(Position position, KmemStyle style) {
	}

	private final ParsedDocuments documents;
	private final ISemanticHighlightingCalculator calculator;
	private ITextViewer viewer;
	private IDocument document;
	private final IPositionUpdater updater = new DefaultPositionUpdater(CATEGORY);
	private volatile List<Highlight> highlights = List.of();
	private final Job job = Job.create("Semantic highlighting of .kmem", this::compute);

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

	private final IPreferenceChangeListener colours = event -> {
		if (event.getKey().startsWith("color.")) {
			Display.getDefault().asyncExec(this::repaint);
		}
	};

	@Inject
	public SemanticHighlighter(ParsedDocuments documents, ISemanticHighlightingCalculator calculator) {
		this.documents = documents;
		this.calculator = calculator;
		job.setSystem(true);
	}

	@Override
	public void install(ITextViewer textViewer) {
		viewer = textViewer;
		if (viewer instanceof ITextViewerExtension4 extension) {
			extension.addTextPresentationListener(this);
		}
		document = viewer.getDocument();
		if (document != null) {
			document.addPositionCategory(CATEGORY);
			document.addPositionUpdater(updater);
			document.addDocumentListener(listener);
		}
		SemanticColors.preferences().addPreferenceChangeListener(colours);
		job.schedule();
	}

	@Override
	public void uninstall() {
		job.cancel();
		SemanticColors.preferences().removePreferenceChangeListener(colours);
		if (viewer instanceof ITextViewerExtension4 extension) {
			extension.removeTextPresentationListener(this);
		}
		if (document != null) {
			document.removeDocumentListener(listener);
			document.removePositionUpdater(updater);
			try {
				document.removePositionCategory(CATEGORY);
			} catch (BadPositionCategoryException e) {
				// already gone
			}
		}
		viewer = null;
	}

	@Override
	public IReconcilingStrategy getReconcilingStrategy(String contentType) {
		return null;
	}

	private IStatus compute(IProgressMonitor monitor) {
		ITextViewer target = viewer;
		IDocument text = document;
		if (target == null || text == null) {
			return Status.OK_STATUS;
		}
		List<int[]> found = new ArrayList<>();
		List<KmemStyle> styles = new ArrayList<>();
		long stamp = text instanceof org.eclipse.jface.text.IDocumentExtension4 d ? d.getModificationStamp() : -1;
		documents.read(text, resource -> {
			calculator.provideHighlightingFor(resource, (offset, length, ids) -> {
				KmemStyle style = ids.length == 0 ? null : KmemStyle.byId(ids[0]);
				if (style != null) {
					found.add(new int[] { offset, length });
					styles.add(style);
				}
			}, monitor::isCanceled);
			return null;
		});
		if (monitor.isCanceled()) {
			return Status.CANCEL_STATUS;
		}
		Display display = target.getTextWidget() == null ? null : target.getTextWidget().getDisplay();
		if (display != null && !display.isDisposed()) {
			display.asyncExec(() -> {
				long now = text instanceof org.eclipse.jface.text.IDocumentExtension4 d ? d.getModificationStamp() : -1;
				if (viewer == target && document == text && now == stamp) {
					replace(text, found, styles);
				}
			});
		}
		return Status.OK_STATUS;
	}

	/** The new positions replace the old ones in the document; then the viewer repaints. */
	private void replace(IDocument text, List<int[]> found, List<KmemStyle> styles) {
		try {
			for (Highlight h : highlights) {
				text.removePosition(CATEGORY, h.position());
			}
			List<Highlight> added = new ArrayList<>();
			for (int i = 0; i < found.size(); i++) {
				Position p = new Position(found.get(i)[0], found.get(i)[1]);
				text.addPosition(CATEGORY, p);
				added.add(new Highlight(p, styles.get(i)));
			}
			highlights = added;
		} catch (BadLocationException | BadPositionCategoryException e) {
			highlights = List.of(); // the text changed under us; the next run puts them back
		}
		repaint();
	}

	private void repaint() {
		if (viewer != null && viewer.getTextWidget() != null && !viewer.getTextWidget().isDisposed()) {
			viewer.invalidateTextPresentation();
		}
	}

	@Override
	public void applyTextPresentation(TextPresentation presentation) {
		IRegion extent = presentation.getExtent();
		int start = extent.getOffset();
		int end = start + extent.getLength();
		List<StyleRange> ranges = new ArrayList<>();
		for (Highlight h : highlights) {
			Position p = h.position();
			if (p.isDeleted() || p.getOffset() + p.getLength() <= start || p.getOffset() >= end) {
				continue;
			}
			StyleRange range = new StyleRange(p.getOffset(), p.getLength(), SemanticColors.colorOf(h.style()), null);
			ranges.add(range);
		}
		if (!ranges.isEmpty()) {
			presentation.mergeStyleRanges(ranges.toArray(StyleRange[]::new));
		}
	}
}
