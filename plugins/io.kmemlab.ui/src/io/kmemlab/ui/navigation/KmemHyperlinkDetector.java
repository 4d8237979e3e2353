package io.kmemlab.ui.navigation;

import java.util.Optional;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.ui.texteditor.ITextEditor;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.navigation.KmemSymbols;
import io.kmemlab.lang.ide.navigation.Occurrence;
import io.kmemlab.lang.ide.navigation.SymbolKind;
import io.kmemlab.ui.internal.KmemEditors;
import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * Ctrl+click and F3 (the generic editor's Open Hyperlink) on a name: go to its declaration.
 * Machines (also in imported files), variables, declared zones and symbols, processes, and the
 * file an import names.
 */
public class KmemHyperlinkDetector extends AbstractHyperlinkDetector {

	private final ParsedDocuments documents;
	private final KmemSymbols symbols;

	@Inject
	public KmemHyperlinkDetector(ParsedDocuments documents, KmemSymbols symbols) {
		this.documents = documents;
		this.symbols = symbols;
	}

	@Override
	public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
		ITextEditor editor = KmemEditors.asKmemEditor(editorOf(viewer));
		IDocument document = viewer.getDocument();
		if (editor == null || document == null) {
			return null;
		}
		Optional<IHyperlink> link = documents.read(document, resource -> symbols.siteAt(resource, region.getOffset())
				.filter(site -> !site.declaration())
				.flatMap(site -> symbols.declaration(resource.getResourceSet(), site.symbol())
						.map(target -> (IHyperlink) new DeclarationLink(editor, new Region(site.offset(), site.length()),
								target, label(site.symbol().kind(), site.symbol().name())))));
		return link.map(l -> new IHyperlink[] { l }).orElse(null);
	}

	/** The editor showing the viewer: the detector's context when it adapts, else found among the open editors. */
	private ITextEditor editorOf(ITextViewer viewer) {
		ITextEditor editor = getAdapter(ITextEditor.class);
		return editor != null ? editor : KmemEditors.editorOf(viewer);
	}

	private static String label(SymbolKind kind, String name) {
		return kind == SymbolKind.IMPORT ? "Open " + name : "Go to the declaration of " + name;
	}

	/** A link from a name to where it is declared. */
	static final class DeclarationLink implements IHyperlink {
		private final ITextEditor editor;
		private final IRegion region;
		private final Occurrence target;
		private final String label;

		DeclarationLink(ITextEditor editor, IRegion region, Occurrence target, String label) {
			this.editor = editor;
			this.region = region;
			this.target = target;
			this.label = label;
		}

		@Override
		public IRegion getHyperlinkRegion() {
			return region;
		}

		@Override
		public String getTypeLabel() {
			return null;
		}

		@Override
		public String getHyperlinkText() {
			return label;
		}

		@Override
		public void open() {
			Locations.reveal(editor, target);
		}
	}
}
