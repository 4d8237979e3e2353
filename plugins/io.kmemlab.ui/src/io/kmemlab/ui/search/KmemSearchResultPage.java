package io.kmemlab.ui.search;

import java.util.Arrays;
import java.util.Comparator;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.search.ui.text.AbstractTextSearchResult;
import org.eclipse.search.ui.text.AbstractTextSearchViewPage;
import org.eclipse.search.ui.text.Match;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/** The Search view's page for kmem references: one row per line, "file:line: text". */
public class KmemSearchResultPage extends AbstractTextSearchViewPage {

	public KmemSearchResultPage() {
		super(AbstractTextSearchViewPage.FLAG_LAYOUT_FLAT);
	}

	@Override
	protected void elementsChanged(Object[] objects) {
		refresh();
	}

	@Override
	protected void clear() {
		refresh();
	}

	private void refresh() {
		if (getViewer() != null && getInput() != null) {
			getViewer().setInput(getInput());
		}
	}

	@Override
	protected void configureTreeViewer(TreeViewer viewer) {
		viewer.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return rows(input);
			}

			@Override
			public Object[] getChildren(Object parent) {
				return new Object[0];
			}

			@Override
			public Object getParent(Object element) {
				return null;
			}

			@Override
			public boolean hasChildren(Object element) {
				return false;
			}
		});
		viewer.setLabelProvider(new Rows());
	}

	@Override
	protected void configureTableViewer(TableViewer viewer) {
		viewer.setContentProvider(new ArrayContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return rows(input);
			}
		});
		viewer.setLabelProvider(new Rows());
	}

	/** The lines of the result, by file and line. */
	private static Object[] rows(Object input) {
		if (!(input instanceof AbstractTextSearchResult result)) {
			return new Object[0];
		}
		return Arrays.stream(result.getElements()).filter(ReferenceLine.class::isInstance).map(ReferenceLine.class::cast)
				.sorted(Comparator.comparing((ReferenceLine r) -> r.file().getFullPath().toString())
						.thenComparingInt(ReferenceLine::line))
				.toArray();
	}

	@Override
	protected void showMatch(Match match, int offset, int length, boolean activate) throws PartInitException {
		if (!(match.getElement() instanceof ReferenceLine line)) {
			return;
		}
		IFile file = line.file();
		IEditorPart editor = IDE.openEditor(getSite().getPage(), file, activate);
		if (editor instanceof ITextEditor text) {
			text.selectAndReveal(offset, length);
		}
	}

	private static final class Rows extends LabelProvider {
		@Override
		public String getText(Object element) {
			return element instanceof ReferenceLine r ? r.file().getName() + ":" + r.line() + ": " + r.text()
					: super.getText(element);
		}

		@Override
		public Image getImage(Object element) {
			return PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJ_FILE);
		}
	}
}
