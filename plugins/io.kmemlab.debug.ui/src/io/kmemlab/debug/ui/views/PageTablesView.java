package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.core.views.PageTableNode;
import io.kmemlab.debug.core.views.PageTablesModel;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.interpreter.debug.LastWriters;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/**
 * Page Tables: a lazy tree of an address space's page tables (any process's mm, or
 * init_mm's), pgd to leaf. Each node is one entry decoded; a table is read from the machine
 * (on the engine thread) only when its node is expanded. Only present entries are shown
 * unless "empty entries" is checked. Entries the last step wrote are highlighted; expanded
 * tables stay expanded across steps.
 */
public final class PageTablesView extends MemoryView<PageTablesModel> {
	public static final String ID = MemoryViews.PAGE_TABLES;
	private static final String LOADING = "reading the table...";

	private Combo spaces;
	private Button empty;
	private Tree tree;
	private volatile String space;
	/** Physical addresses of the tables whose nodes are expanded: re-expanded after a step. */
	private final Set<Long> expanded = new HashSet<>();
	/** Tables being read. */
	private int loading;

	@Override
	protected void createContent(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		Composite row = new Composite(parent, SWT.NONE);
		row.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		row.setLayout(new GridLayout(3, false));
		new Label(row, SWT.NONE).setText("Address space:");
		spaces = new Combo(row, SWT.READ_ONLY);
		GridData sd = new GridData(SWT.LEFT, SWT.CENTER, false, false);
		sd.widthHint = 140;
		spaces.setLayoutData(sd);
		spaces.addListener(SWT.Selection, e -> {
			space = spaces.getText();
			expanded.clear();
			refresh();
		});
		empty = new Button(row, SWT.CHECK);
		empty.setText("empty entries");
		empty.addListener(SWT.Selection, e -> {
			none = empty.getSelection();
			refresh();
		});
		tree = new Tree(parent, SWT.BORDER | SWT.FULL_SELECTION);
		tree.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		tree.addListener(SWT.Expand, e -> expand((TreeItem) e.item));
		tree.addListener(SWT.Collapse, e -> {
			if (e.item.getData() instanceof PageTableNode n) {
				expanded.remove(n.childTable());
			}
		});
	}

	/** Shows the tables of the address space named {@code name}. */
	public void showSpace(String name) {
		space = name;
		expanded.clear();
		refresh();
	}

	@Override
	public void show(io.kmemlab.debug.core.views.MemoryTarget target) {
		refresh();
	}

	@Override
	protected PageTablesModel build(Inspector inspector, LastWriters writers, MemoryContext context) {
		return PageTablesModel.of(inspector, space != null ? space : context.space(), includeNone(), context.changes());
	}

	/** The checkbox's state, kept for the engine thread (which must not touch widgets). */
	private volatile boolean none;

	private boolean includeNone() {
		return none;
	}

	@Override
	protected void render(PageTablesModel m) {
		if (!m.spaces().equals(List.of(spaces.getItems()))) {
			spaces.setItems(m.spaces().toArray(String[]::new));
		}
		if (m.space() != null) {
			spaces.select(m.spaces().indexOf(m.space().name()));
		}
		tree.setRedraw(false);
		try {
			tree.removeAll();
			fill(null, m.roots());
		} finally {
			tree.setRedraw(true);
		}
		setMessage(m.roots().isEmpty() ? "No page tables yet: the boot has not built them." : null);
	}

	private void fill(TreeItem parent, List<PageTableNode> nodes) {
		for (PageTableNode n : nodes) {
			TreeItem item = parent == null ? new TreeItem(tree, SWT.NONE) : new TreeItem(parent, SWT.NONE);
			item.setText(n.label());
			item.setData(n);
			if (n.changed()) {
				item.setBackground(changedBackground());
			}
			if (n.hasChildren()) {
				new TreeItem(item, SWT.NONE).setText(LOADING);
				if (expanded.contains(n.childTable())) {
					expand(item);
				}
			}
		}
	}

	/** Reads the node's table on the engine thread and puts its entries under the item. */
	private void expand(TreeItem item) {
		if (!(item.getData() instanceof PageTableNode n) || !n.hasChildren()) {
			return;
		}
		TreeItem[] children = item.getItems();
		if (children.length != 1 || !LOADING.equals(children[0].getText()) || children[0].getData() != null) {
			return;   // already read
		}
		children[0].setData(Boolean.TRUE);   // being read
		expanded.add(n.childTable());
		MemoryContext c = context();
		PageTablesModel m = model();
		if (c == null || m == null) {
			return;
		}
		Display display = tree.getDisplay();
		loading++;
		Job job = Job.create("Read page table", monitor -> {
			List<PageTableNode> nodes = c.read((inspector, writers) -> PageTableNode.entries(inspector, m.geometry(), n.childTable(),
					n.childLevel(), n.va(), none, c.changes()));
			display.asyncExec(() -> {
				loading--;
				if (item.isDisposed()) {
					return;
				}
				for (TreeItem old : item.getItems()) {
					old.dispose();
				}
				fill(item, nodes == null ? List.of() : nodes);
				item.setExpanded(true);
			});
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.schedule();
	}

	@Override
	protected void clear() {
		tree.removeAll();
	}

	@Override
	public boolean upToDate() {
		return super.upToDate() && loading == 0;
	}

	// ------------------------------------------------------------------ for tests

	public Tree tree() {
		return tree;
	}

	/** Expands {@code item} as a click on its arrow does. */
	public void expandItem(TreeItem item) {
		expand(item);
	}
}
