package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.PageModel;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.interpreter.render.PageText;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.interpreter.debug.LastWriters;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PartInitException;

/**
 * Page Descriptor: one struct page. The fields of the union view in use (the others one
 * combo click away) with the step that last wrote each (double-click opens its line), the raw
 * words, page->flags as a bit picture (section | node | zone | last_cpupid | flags) with the
 * PG_ bits named, page_type, refcount and mapcount, and links to the compound head, tails,
 * folio, buddy, mapping and slab cache. What the last step wrote is highlighted.
 */
public final class PageView extends MemoryView<PageModel> {
	public static final String ID = MemoryViews.PAGE;

	private Text input;
	private Combo unionViews;
	private Text summary;
	private BitSplit flags;
	private Table fields;
	private Table words;
	private Link links;
	private volatile MemoryTarget target;
	/** The union view chosen, null for the one in use. */
	private String chosenView;

	@Override
	protected void createContent(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		Composite row = new Composite(parent, SWT.NONE);
		row.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		row.setLayout(new GridLayout(5, false));
		new Label(row, SWT.NONE).setText("struct page * or pfn:");
		input = new Text(row, SWT.BORDER | SWT.SINGLE);
		GridData id = new GridData(SWT.FILL, SWT.CENTER, true, false);
		id.widthHint = 200;
		input.setLayoutData(id);
		input.setMessage("0xffffea0000040000 or a pfn");
		input.addListener(SWT.DefaultSelection, e -> showTyped());
		Button go = new Button(row, SWT.PUSH);
		go.setText("Show");
		go.addListener(SWT.Selection, e -> showTyped());
		new Label(row, SWT.NONE).setText("union view:");
		unionViews = new Combo(row, SWT.READ_ONLY);
		GridData ud = new GridData(SWT.LEFT, SWT.CENTER, false, false);
		ud.widthHint = 160;
		unionViews.setLayoutData(ud);
		unionViews.addListener(SWT.Selection, e -> {
			PageModel m = model();
			int i = unionViews.getSelectionIndex();
			if (m != null && i >= 0) {
				chosenView = i == 0 ? null : new ArrayList<>(m.views().keySet()).get(i);
				fillFields(m);
			}
		});

		summary = new Text(parent, SWT.READ_ONLY | SWT.MULTI | SWT.WRAP);
		GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
		sd.heightHint = 3 * summary.getLineHeight() + 4;
		summary.setLayoutData(sd);
		flags = new BitSplit(parent);

		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		fields = table(sash, new int[] { 150, 110, 45, 160, 260 });
		words = table(sash, new int[] { 60, 50, 45, 160, 200 });
		sash.setWeights(62, 38);
		fields.addListener(SWT.SetData, e -> fill((TableItem) e.item, currentFields()));
		words.addListener(SWT.SetData, e -> fill((TableItem) e.item, model() == null ? List.of() : model().words()));
		fields.addListener(SWT.DefaultSelection, e -> jump(currentFields(), fields.getSelectionIndex()));
		words.addListener(SWT.DefaultSelection, e -> jump(model() == null ? List.of() : model().words(), words.getSelectionIndex()));

		links = new Link(parent, SWT.WRAP);
		links.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
		links.addListener(SWT.Selection, e -> follow(e.text));
	}

	private static Table table(Composite parent, int[] widths) {
		Table t = new Table(parent, SWT.VIRTUAL | SWT.BORDER | SWT.FULL_SELECTION);
		t.setHeaderVisible(true);
		t.setLinesVisible(true);
		for (int i = 0; i < PageModel.FIELD_COLUMNS.size(); i++) {
			TableColumn c = new TableColumn(t, SWT.LEFT);
			c.setText(PageModel.FIELD_COLUMNS.get(i));
			c.setWidth(widths[i]);
		}
		return t;
	}

	private void fill(TableItem item, List<PageModel.Field> rows) {
		int i = item.getParent().indexOf(item);
		if (i < rows.size()) {
			PageModel.Field f = rows.get(i);
			item.setText(f.cells().toArray(String[]::new));
			item.setBackground(f.changed() ? changedBackground() : null);
		}
	}

	private void jump(List<PageModel.Field> rows, int i) {
		if (i >= 0 && i < rows.size() && rows.get(i).writer() != null) {
			SourceLinks.open(getSite().getPage(), rows.get(i).writer().place());
		}
	}

	/** The rows of the union view shown. */
	public List<PageModel.Field> currentFields() {
		PageModel m = model();
		if (m == null || m.views().isEmpty()) {
			return List.of();
		}
		List<PageModel.Field> f = chosenView == null ? null : m.views().get(chosenView);
		return f != null ? f : m.views().values().iterator().next();
	}

	private void fillFields(PageModel m) {
		fields.clearAll();
		fields.setItemCount(currentFields().size());
		if (!currentFields().isEmpty()) {
			Columns.fit(fields, currentFields().stream().map(PageModel.Field::cells).toList(), 360);
		}
	}

	private void follow(String href) {
		PageModel m = model();
		int i;
		try {
			i = Integer.parseInt(href);
		} catch (NumberFormatException e) {
			return;
		}
		if (m == null || i < 0 || i >= m.links().size() || m.links().get(i).target() == null) {
			return;
		}
		MemoryTarget t = m.links().get(i).target();
		if (t.isFrame()) {
			show(t);
		} else {
			try {
				IViewPart v = getSite().getPage().showView(TranslationsView.ID);
				if (v instanceof TranslationsView tv) {
					tv.showIn("init_mm", t);
				}
			} catch (PartInitException e) {
				setMessage("Could not open Translations: " + e.getMessage());
			}
		}
	}

	private void showTyped() {
		MemoryTarget t = MemoryTarget.parse(input.getText(), true);
		if (t == null) {
			setMessage("Type a struct page * (0xffffea...) or a pfn (hex with 0x, or decimal).");
			return;
		}
		show(t);
	}

	@Override
	public void show(MemoryTarget t) {
		target = t;
		if (input != null && !input.isDisposed()) {
			input.setText(String.format("0x%x", t.value()));
		}
		refresh();
	}

	@Override
	protected PageModel build(Inspector inspector, LastWriters writers, MemoryContext context) {
		return target == null ? PageModel.none("Type a struct page * or a pfn, or use Show in Page Descriptor on a value.")
				: PageModel.of(inspector, target, context.space(), context.changes(), writers);
	}

	@Override
	protected void render(PageModel m) {
		PageDescriptor d = m.page();
		setMessage(d == null ? m.message() : null);
		List<String> names = new ArrayList<>();
		boolean first = true;
		for (String n : m.views().keySet()) {
			names.add(first ? n + " (in use)" : n);
			first = false;
		}
		unionViews.setItems(names.toArray(String[]::new));
		int at = chosenView == null ? 0 : new ArrayList<>(m.views().keySet()).indexOf(chosenView);
		if (at < 0) {
			chosenView = null;
			at = 0;
		}
		if (!names.isEmpty()) {
			unionViews.select(at);
		}
		summary.setText(String.join("\n", m.summary()));
		List<BitSplit.Box> boxes = new ArrayList<>();
		if (d != null) {
			for (PageDescriptor.FlagsField f : d.flagsFields()) {
				boxes.add(new BitSplit.Box(f.name(), f.lowBit(), f.width(), "0x" + Long.toHexString(f.value()), false));
			}
		}
		flags.show(d == null ? "" : "page->flags", boxes);
		fillFields(m);
		words.clearAll();
		words.setItemCount(m.words().size());
		if (!m.words().isEmpty()) {
			Columns.fit(words, m.words().stream().map(PageModel.Field::cells).toList(), 360);
		}
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < m.links().size(); i++) {
			PageModel.Link l = m.links().get(i);
			sb.append(i == 0 ? "" : "    ").append(l.target() == null ? l.label() : "<a href=\"" + i + "\">" + l.label() + "</a>");
		}
		links.setText(sb.length() == 0 ? "no related descriptors" : sb.toString());
		links.getParent().layout(true);
	}

	@Override
	protected void clear() {
		summary.setText("");
		flags.show("", List.of());
		fields.setItemCount(0);
		words.setItemCount(0);
		unionViews.removeAll();
		links.setText("");
	}

	@Override
	protected boolean hasText() {
		return true;
	}

	/** crash's kmem -p layout, as the CLI's show page P 1 prints it (the same renderer). */
	@Override
	protected String text(Inspector inspector, PageModel m) {
		return m.page() == null ? null : PageText.kmemLines(inspector, m.page().pfn(), 1);
	}

	// ------------------------------------------------------------------ for tests

	public Table fieldsTable() {
		return fields;
	}

	public Table wordsTable() {
		return words;
	}

	public Combo unionViews() {
		return unionViews;
	}

	public String summaryText() {
		return summary.getText();
	}

	public List<BitSplit.Box> flagBoxes() {
		return flags.boxes();
	}

	public Link links() {
		return links;
	}
}
