package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.TranslationModel;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.interpreter.render.WalkText;
import io.kmemlab.interpreter.debug.LastWriters;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * Translations: the page-table walk of one virtual address in one address space (crash's
 * vtop): the bit split of the address, each level's table, index, entry and decoded flags,
 * the leaf size, the physical address, pfn and struct page, and the kernel region with the
 * helpers that are right for it. Rows the last step wrote are highlighted. The table is
 * virtual: rows are filled when SWT asks for them.
 */
public final class TranslationsView extends MemoryView<TranslationModel> {
	public static final String ID = MemoryViews.TRANSLATIONS;

	private Text address;
	private Combo spaces;
	private BitSplit split;
	private Table table;
	private Text summary;
	private volatile MemoryTarget target;
	/** The address space chosen in the combo; null follows the selected frame's context. */
	private volatile String space;

	@Override
	protected void createContent(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		Composite input = new Composite(parent, SWT.NONE);
		input.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		input.setLayout(new GridLayout(5, false));
		new Label(input, SWT.NONE).setText("Address:");
		address = new Text(input, SWT.BORDER | SWT.SINGLE);
		GridData ad = new GridData(SWT.FILL, SWT.CENTER, true, false);
		ad.widthHint = 200;
		address.setLayoutData(ad);
		address.setMessage("virtual address, e.g. 0xffff888000100000");
		address.addListener(SWT.DefaultSelection, e -> walkTyped());
		new Label(input, SWT.NONE).setText("in");
		spaces = new Combo(input, SWT.READ_ONLY);
		GridData sd = new GridData(SWT.LEFT, SWT.CENTER, false, false);
		sd.widthHint = 140;
		spaces.setLayoutData(sd);
		spaces.addListener(SWT.Selection, e -> {
			space = spaces.getText();
			refresh();
		});
		Button walk = new Button(input, SWT.PUSH);
		walk.setText("Walk");
		walk.addListener(SWT.Selection, e -> walkTyped());

		split = new BitSplit(parent);

		table = new Table(parent, SWT.VIRTUAL | SWT.BORDER | SWT.FULL_SELECTION);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		int[] widths = { 50, 150, 50, 150, 150, 150, 300, 260 };
		for (int i = 0; i < TranslationModel.COLUMNS.size(); i++) {
			TableColumn c = new TableColumn(table, i == 2 ? SWT.RIGHT : SWT.LEFT);
			c.setText(TranslationModel.COLUMNS.get(i));
			c.setWidth(widths[i]);
		}
		table.addListener(SWT.SetData, e -> {
			TableItem item = (TableItem) e.item;
			TranslationModel m = model();
			int index = table.indexOf(item);
			if (m == null || index >= m.rows().size()) {
				return;
			}
			TranslationModel.Row r = m.rows().get(index);
			item.setText(r.cells().toArray(String[]::new));
			item.setBackground(r.changed() ? changedBackground() : null);
		});
		table.addListener(SWT.DefaultSelection, e -> {
			TranslationModel m = model();
			int i = table.getSelectionIndex();
			if (m != null && i >= 0 && i < m.rows().size() && m.rows().get(i).writer() != null) {
				SourceLinks.open(getSite().getPage(), m.rows().get(i).writer().place());
			}
		});
		summary = new Text(parent, SWT.READ_ONLY | SWT.MULTI | SWT.WRAP);
		GridData gd = new GridData(SWT.FILL, SWT.BOTTOM, true, false);
		gd.heightHint = 4 * summary.getLineHeight() + 4;
		summary.setLayoutData(gd);
	}

	private void walkTyped() {
		MemoryTarget t = MemoryTarget.parse(address.getText(), false);
		if (t == null) {
			setMessage("Type a virtual address: 0x followed by hex digits, or a decimal number.");
			return;
		}
		setMessage(context() == null ? "No suspended kmemlab session." : null);
		show(t);
	}

	@Override
	public void show(MemoryTarget t) {
		target = t;
		if (address != null && !address.isDisposed()) {
			address.setText(String.format("0x%x", t.value()));
		}
		refresh();
	}

	/** Shows the walk in {@code name}'s address space ("init_mm" or a process). */
	public void showIn(String name, MemoryTarget t) {
		space = name;
		show(t);
	}

	@Override
	protected TranslationModel build(Inspector inspector, LastWriters writers, MemoryContext context) {
		MemoryTarget t = target;
		if (t == null) {
			return TranslationModel.of(inspector, space != null ? space : context.space(), 0, context.changes(), writers).withoutWalk();
		}
		return TranslationModel.of(inspector, space != null ? space : context.space(), t.value(), context.changes(), writers);
	}

	@Override
	protected void render(TranslationModel m) {
		List<String> names = m.spaces();
		String chosen = m.walk() != null ? m.walk().space() : space != null ? space : context() == null ? null : context().space();
		if (!names.equals(List.of(spaces.getItems()))) {
			spaces.setItems(names.toArray(String[]::new));
		}
		int at = chosen == null ? -1 : names.indexOf(chosen);
		if (at >= 0) {
			spaces.select(at);
		}
		split.show(m.walk());
		table.clearAll();
		table.setItemCount(m.rows().size());
		if (!m.rows().isEmpty()) {
			Columns.fit(table, m.rows().stream().map(TranslationModel.Row::cells).toList(), 520);
		}
		summary.setText(String.join("\n", m.summary()));
		if (target == null) {
			setMessage("Type an address and press Enter, or use Show in Translations on a value in the editor or the Variables view.");
		}
	}

	@Override
	protected void clear() {
		split.show(null);
		table.setItemCount(0);
		summary.setText("");
	}

	@Override
	protected boolean hasText() {
		return true;
	}

	/** crash's vtop layout, as the CLI's walk prints it (the same renderer), ending with the PAGE line of the struct page. */
	@Override
	protected String text(Inspector inspector, TranslationModel m) {
		Translation t = m.walk();
		return t == null ? null : WalkText.vtop(inspector, t);
	}

	// ------------------------------------------------------------------ for tests

	public Table table() {
		return table;
	}

	public String summaryText() {
		return summary.getText();
	}

	public List<BitSplit.Box> splitBoxes() {
		return split.boxes();
	}

	public Combo spaces() {
		return spaces;
	}
}
