package io.kmemlab.ui.highlighting;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.BadPositionCategoryException;
import org.eclipse.jface.text.DefaultPositionUpdater;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.jface.text.IPositionUpdater;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextPresentationListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerExtension4;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.util.IPropertyChangeListener;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.widgets.Display;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.highlighting.KmemStyle;
import io.kmemlab.ui.internal.ModelJobReconciler;
import io.kmemlab.ui.internal.ParsedDocuments;
import io.kmemlab.ui.preferences.HighlightingStyle;
import io.kmemlab.ui.preferences.KmemPreferences;

/**
 * Semantic highlighting on top of the lexical colouring: the language's highlighting
 * calculator runs in a job a moment after each edit; its positions live in the document (so
 * they move with the text until the next run) and are merged into every text presentation the
 * viewer makes. Colours, bold and italic are the Colours preference page's
 * ({@link HighlightingStyle}, the same keys as the lexical colouring); a change repaints.
 */
public class SemanticHighlighter extends ModelJobReconciler implements ITextPresentationListener {

	private static final String CATEGORY = "io.kmemlab.ui.semanticHighlighting";
	private static final long DELAY_MS = 200;

	/** A highlighted name: where it is (moved by the document) and its style. */
	private record Highlight(Position position, HighlightingStyle style) {
	}

	private final ParsedDocuments documents;
	private final ISemanticHighlightingCalculator calculator;
	private final IPreferenceStore store = KmemPreferences.store();
	private final IPositionUpdater updater = new DefaultPositionUpdater(CATEGORY);
	private volatile List<Highlight> highlights = List.of();

	private final IPropertyChangeListener colours = event -> {
		if (event.getProperty().startsWith("colour.")) {
			Display.getDefault().asyncExec(this::repaint);
		}
	};

	@Inject
	public SemanticHighlighter(ParsedDocuments documents, ISemanticHighlightingCalculator calculator) {
		super("Semantic highlighting of .kmem", DELAY_MS);
		this.documents = documents;
		this.calculator = calculator;
	}

	@Override
	protected void installed(ITextViewer textViewer) {
		if (textViewer instanceof ITextViewerExtension4 extension) {
			extension.addTextPresentationListener(this);
		}
		store.addPropertyChangeListener(colours);
	}

	@Override
	protected void uninstalling(ITextViewer textViewer) {
		store.removePropertyChangeListener(colours);
		if (textViewer instanceof ITextViewerExtension4 extension) {
			extension.removeTextPresentationListener(this);
		}
	}

	@Override
	protected void attached(IDocument document) {
		document.addPositionCategory(CATEGORY);
		document.addPositionUpdater(updater);
	}

	@Override
	protected void detached(IDocument document) {
		document.removePositionUpdater(updater);
		try {
			document.removePositionCategory(CATEGORY);
		} catch (BadPositionCategoryException e) {
			// already gone
		}
		highlights = List.of();
	}

	@Override
	protected IStatus compute(ITextViewer target, IDocument text, IProgressMonitor monitor) {
		List<int[]> found = new ArrayList<>();
		List<HighlightingStyle> styles = new ArrayList<>();
		long stamp = text instanceof IDocumentExtension4 d ? d.getModificationStamp() : -1;
		documents.read(text, resource -> {
			calculator.provideHighlightingFor(resource, (offset, length, ids) -> {
				KmemStyle style = ids.length == 0 ? null : KmemStyle.byId(ids[0]);
				if (style != null) {
					found.add(new int[] { offset, length });
					styles.add(preferenceOf(style));
				}
			}, monitor::isCanceled);
			return null;
		});
		if (monitor.isCanceled()) {
			return Status.CANCEL_STATUS;
		}
		inUi(target, () -> {
			long now = text instanceof IDocumentExtension4 d ? d.getModificationStamp() : -1;
			if (isCurrent(target, text) && now == stamp) {
				replace(text, found, styles);
			}
		});
		return Status.OK_STATUS;
	}

	/** The colour preference of a semantic style (kernel functions of no family share the lexical "other" colour). */
	static HighlightingStyle preferenceOf(KmemStyle style) {
		return switch (style) {
		case VARIABLE -> HighlightingStyle.VARIABLE;
		case MACHINE -> HighlightingStyle.MACHINE;
		case ZONE -> HighlightingStyle.ZONE;
		case PROCESS -> HighlightingStyle.PROCESS;
		case SYMBOL -> HighlightingStyle.SYMBOL;
		case ALLOCATION -> HighlightingStyle.ALLOCATION;
		case TRANSLATION -> HighlightingStyle.TRANSLATION;
		case PAGE_WALK -> HighlightingStyle.PAGE_WALK;
		case KMAP -> HighlightingStyle.KMAP;
		case REFCOUNT -> HighlightingStyle.REFCOUNT;
		case OTHER_FUNCTION -> HighlightingStyle.BUILTIN;
		case CONSTANT -> HighlightingStyle.CONSTANT;
		case CONFIG_OPTION -> HighlightingStyle.CONFIG_OPTION;
		};
	}

	/** The new positions replace the old ones in the document; then the viewer repaints. */
	private void replace(IDocument text, List<int[]> found, List<HighlightingStyle> styles) {
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
		ITextViewer viewer = viewer();
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
		java.util.Map<HighlightingStyle, TextAttribute> attributes = new java.util.EnumMap<>(HighlightingStyle.class);
		for (Highlight h : highlights) {
			Position p = h.position();
			if (p.isDeleted() || p.getOffset() + p.getLength() <= start || p.getOffset() >= end) {
				continue;
			}
			TextAttribute attribute = attributes.computeIfAbsent(h.style(), s -> s.textAttribute(store));
			StyleRange range = new StyleRange(p.getOffset(), p.getLength(), attribute.getForeground(), null,
					attribute.getStyle());
			ranges.add(range);
		}
		if (!ranges.isEmpty()) {
			presentation.mergeStyleRanges(ranges.toArray(StyleRange[]::new));
		}
	}
}
