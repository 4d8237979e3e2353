package io.kmemlab.ui.outline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.IPostSelectionProvider;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TreePath;
import org.eclipse.jface.viewers.TreeSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

import io.kmemlab.lang.ide.outline.KmemOutline;
import io.kmemlab.lang.ide.outline.OutlineKind;
import io.kmemlab.lang.ide.outline.OutlineNode;
import io.kmemlab.ui.internal.KmemEditors;
import io.kmemlab.ui.internal.ParsedDocuments;

/**
 * The Outline view's page for a .kmem editor: machines with their clauses, scenarios with their
 * blocks and lets. Linked both ways: selecting an entry selects its name in the editor, moving
 * the caret selects the innermost entry around it. Sorting and hiding lets from the toolbar.
 *
 * <p>The tree is recomputed in a job a moment after the last keystroke, from the same parsed
 * text as the editor's other services; expanded entries stay expanded by their labels.
 */
public class KmemOutlinePage extends ContentOutlinePage {

	private static final long REFRESH_DELAY_MS = 300;

	private final ITextEditor editor;
	private final ParsedDocuments documents;
	private final KmemOutline outline;

	private final Job refresh;
	private volatile List<OutlineNode> roots = List.of();
	private boolean selectingFromEditor;
	private boolean firstInput = true;

	private final IDocumentListener documentListener = new IDocumentListener() {
		@Override
		public void documentAboutToBeChanged(DocumentEvent event) {
		}

		@Override
		public void documentChanged(DocumentEvent event) {
			refresh.cancel();
			refresh.schedule(REFRESH_DELAY_MS);
		}
	};

	private final ISelectionChangedListener caretListener = event -> {
		if (event.getSelection() instanceof ITextSelection text) {
			revealEntryAt(text.getOffset());
		}
	};

	public KmemOutlinePage(ITextEditor editor, ParsedDocuments documents, KmemOutline outline) {
		this.editor = editor;
		this.documents = documents;
		this.outline = outline;
		this.refresh = Job.create("Updating the kmem outline", this::compute);
		refresh.setSystem(true);
	}

	@Override
	public void createControl(Composite parent) {
		super.createControl(parent);
		TreeViewer viewer = getTreeViewer();
		viewer.setContentProvider(new OutlineContent());
		viewer.setLabelProvider(new OutlineLabels());
		viewer.setUseHashlookup(true);
		IDocument document = KmemEditors.document(editor);
		if (document != null) {
			document.addDocumentListener(documentListener);
		}
		// Programmatic selections (navigation, search) fire only the plain event; typing and
		// clicking fire both, which is harmless: the same entry is selected again.
		editor.getSelectionProvider().addSelectionChangedListener(caretListener);
		if (editor.getSelectionProvider() instanceof IPostSelectionProvider selections) {
			selections.addPostSelectionChangedListener(caretListener);
		}
		refresh.schedule();
	}

	@Override
	public void makeContributions(org.eclipse.jface.action.IMenuManager menuManager, IToolBarManager toolBarManager,
			org.eclipse.jface.action.IStatusLineManager statusLineManager) {
		toolBarManager.add(new SortAction());
		toolBarManager.add(new HideLetsAction());
	}

	/** The tree (public for tests: they select entries and read items). */
	public TreeViewer viewer() {
		return getTreeViewer();
	}

	/** The entries the tree shows now (for tests and for linking). */
	public List<OutlineNode> roots() {
		return roots;
	}

	private IStatus compute(IProgressMonitor monitor) {
		IDocument document = KmemEditors.document(editor);
		if (document == null) {
			return Status.OK_STATUS;
		}
		List<OutlineNode> computed = documents.read(document, outline::of);
		if (monitor.isCanceled()) {
			return Status.CANCEL_STATUS;
		}
		Control control = getControl();
		if (control != null && !control.isDisposed()) {
			control.getDisplay().asyncExec(() -> show(computed));
		}
		return Status.OK_STATUS;
	}

	private void show(List<OutlineNode> computed) {
		TreeViewer viewer = getTreeViewer();
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		Set<List<String>> expanded = new HashSet<>();
		for (TreePath path : viewer.getExpandedTreePaths()) {
			expanded.add(labels(path));
		}
		roots = computed;
		viewer.getControl().setRedraw(false);
		try {
			viewer.setInput(computed);
			if (firstInput) {
				viewer.expandToLevel(2);
				firstInput = false;
			} else {
				expand(viewer, computed, new ArrayList<>(), expanded);
			}
		} finally {
			viewer.getControl().setRedraw(true);
		}
		ITextSelection caret = (ITextSelection) editor.getSelectionProvider().getSelection();
		revealEntryAt(caret.getOffset());
	}

	private static void expand(TreeViewer viewer, List<OutlineNode> nodes, List<String> parent, Set<List<String>> expanded) {
		for (OutlineNode node : nodes) {
			List<String> path = new ArrayList<>(parent);
			path.add(node.label());
			if (expanded.contains(path)) {
				viewer.setExpandedState(node, true);
				expand(viewer, node.children(), path, expanded);
			}
		}
	}

	private static List<String> labels(TreePath path) {
		List<String> labels = new ArrayList<>();
		for (int i = 0; i < path.getSegmentCount(); i++) {
			labels.add(((OutlineNode) path.getSegment(i)).label());
		}
		return labels;
	}

	/** Editor to outline: select the innermost entry around the caret, unless the user is in the outline. */
	private void revealEntryAt(int offset) {
		TreeViewer viewer = getTreeViewer();
		if (viewer == null || viewer.getControl().isDisposed() || viewer.getControl().isFocusControl()) {
			return;
		}
		for (OutlineNode root : roots) {
			OutlineNode inner = root.innermostAt(offset);
			if (inner != null) {
				selectingFromEditor = true;
				try {
					// A path, not the entry: entries do not know their parents, and the viewer
					// must expand the way down to an entry it has not shown yet.
					viewer.setSelection(new TreeSelection(visiblePath(root, inner)), true);
				} finally {
					selectingFromEditor = false;
				}
				return;
			}
		}
	}

	/** The path down to the entry, cut at the first entry a filter hides (a let). */
	private TreePath visiblePath(OutlineNode root, OutlineNode target) {
		List<OutlineNode> path = new ArrayList<>();
		pathTo(root, target, path);
		List<OutlineNode> shown = new ArrayList<>();
		for (OutlineNode node : path) {
			if (!isShown(node)) {
				break;
			}
			shown.add(node);
		}
		return new TreePath(shown.toArray());
	}

	private static boolean pathTo(OutlineNode from, OutlineNode target, List<OutlineNode> path) {
		path.add(from);
		if (from == target) {
			return true;
		}
		for (OutlineNode child : from.children()) {
			if (pathTo(child, target, path)) {
				return true;
			}
		}
		path.remove(path.size() - 1);
		return false;
	}

	private boolean isShown(OutlineNode node) {
		for (ViewerFilter filter : getTreeViewer().getFilters()) {
			if (!filter.select(getTreeViewer(), null, node)) {
				return false;
			}
		}
		return true;
	}

	/** Outline to editor: select the entry's name. */
	@Override
	public void selectionChanged(SelectionChangedEvent event) {
		super.selectionChanged(event);
		if (selectingFromEditor) {
			return;
		}
		if (event.getSelection() instanceof IStructuredSelection selection
				&& selection.getFirstElement() instanceof OutlineNode node) {
			editor.selectAndReveal(node.nameOffset(), node.nameLength());
		}
	}

	@Override
	public void dispose() {
		refresh.cancel();
		IDocument document = KmemEditors.document(editor);
		if (document != null) {
			document.removeDocumentListener(documentListener);
		}
		if (editor.getSelectionProvider() != null) {
			editor.getSelectionProvider().removeSelectionChangedListener(caretListener);
		}
		if (editor.getSelectionProvider() instanceof IPostSelectionProvider selections) {
			selections.removePostSelectionChangedListener(caretListener);
		}
		super.dispose();
	}

	private static org.eclipse.jface.resource.ImageDescriptor icon(String path) {
		return org.eclipse.jface.resource.ImageDescriptor.createFromURL(
				org.osgi.framework.FrameworkUtil.getBundle(KmemOutlinePage.class).getEntry(path));
	}

	/** Alphabetical order instead of the text's. */
	private final class SortAction extends Action {
		private final ViewerComparator alphabetical = new ViewerComparator();

		SortAction() {
			super("Sort", IAction.AS_CHECK_BOX);
			setToolTipText("Sort alphabetically");
			setImageDescriptor(icon("icons/sort_alpha.png"));
		}

		@Override
		public void run() {
			getTreeViewer().setComparator(isChecked() ? alphabetical : null);
		}
	}

	/** Shows only the structure: machines, scenarios and blocks. */
	private final class HideLetsAction extends Action {
		private final ViewerFilter noLets = new ViewerFilter() {
			@Override
			public boolean select(Viewer viewer, Object parent, Object element) {
				return !(element instanceof OutlineNode node && node.kind() == OutlineKind.LET);
			}
		};

		HideLetsAction() {
			super("Hide lets", IAction.AS_CHECK_BOX);
			setToolTipText("Hide let statements");
			setImageDescriptor(icon("icons/hide_lets.png"));
		}

		@Override
		public void run() {
			if (isChecked()) {
				getTreeViewer().addFilter(noLets);
			} else {
				getTreeViewer().removeFilter(noLets);
			}
		}
	}
}
