package io.kmemlab.debug.ui.views.zones;

import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.zones.ZoneRow;
import io.kmemlab.debug.core.views.zones.ZonesModel;
import io.kmemlab.debug.ui.views.MemoryView;
import io.kmemlab.debug.ui.views.MemoryViews;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import io.kmemlab.interpreter.debug.LastWriters;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;

/**
 * Zones &amp; Buddy: per node and zone, what /proc/zoneinfo says (spanned, present, managed,
 * free, the min/low/high watermarks, lowmem_reserve as "protection", the per-CPU lists), and
 * below, for each zone with pages, free against its watermarks and the buddyinfo bar chart.
 * Counters the last step changed are highlighted, with their former value in the chart.
 */
public final class ZonesView extends MemoryView<ZonesModel> {
	public static final String ID = MemoryViews.ZONES;

	/** Column titles; the numbers are pages, as /proc/zoneinfo counts. */
	public static final List<String> COLUMNS = List.of("zone", "spanned", "present", "managed", "free", "min", "low", "high",
			"protection (lowmem_reserve)", "pcp count / high / batch");
	private static final String[] COUNTERS = { null, ZoneRow.SPANNED, ZoneRow.PRESENT, ZoneRow.MANAGED, ZoneRow.FREE, ZoneRow.MIN,
			ZoneRow.LOW, ZoneRow.HIGH, null, null };

	private Tree tree;
	private ZoneCharts charts;

	@Override
	protected void createContent(Composite parent) {
		parent.setLayout(new FillLayout());
		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		tree = new Tree(sash, SWT.BORDER | SWT.FULL_SELECTION);
		tree.setHeaderVisible(true);
		tree.setLinesVisible(true);
		int[] widths = { 170, 80, 80, 80, 80, 65, 65, 65, 230, 170 };
		for (int i = 0; i < COLUMNS.size(); i++) {
			TreeColumn c = new TreeColumn(tree, i == 0 || i >= 8 ? SWT.LEFT : SWT.RIGHT);
			c.setText(COLUMNS.get(i));
			c.setWidth(widths[i]);
		}
		charts = new ZoneCharts(sash);
		sash.setWeights(40, 60);
	}

	@Override
	protected ZonesModel build(Inspector inspector, LastWriters writers, MemoryContext context) {
		return ZonesModel.of(inspector.zones(), context.changes().changeSet());
	}

	@Override
	protected void render(ZonesModel model) {
		tree.setRedraw(false);
		try {
			tree.removeAll();
			for (int nid : model.nodes()) {
				TreeItem node = new TreeItem(tree, SWT.NONE);
				node.setText(0, "Node " + nid);
				for (ZoneRow r : model.zonesOf(nid)) {
					zoneItem(node, r);
				}
				node.setExpanded(true);
			}
		} finally {
			tree.setRedraw(true);
		}
		charts.show(model);
	}

	private void zoneItem(TreeItem node, ZoneRow r) {
		ZoneSnapshot z = r.zone();
		TreeItem item = new TreeItem(node, SWT.NONE);
		long[] values = { z.spanned(), z.present(), z.managed(), z.free(), z.min(), z.low(), z.high() };
		item.setText(0, z.name() + (z.allocatorNone() ? " (allocator none)" : ""));
		for (int i = 0; i < values.length; i++) {
			item.setText(i + 1, Long.toString(values[i]));
			if (r.changed(COUNTERS[i + 1])) {
				item.setBackground(i + 1, changedBackground());
			}
		}
		item.setText(8, r.protectionText());
		if (r.protectionChanged()) {
			item.setBackground(8, changedBackground());
		}
		item.setText(9, z.pcpPages() + " / " + (z.pcp().isEmpty() ? 0 : z.pcp().get(0).high()) + " / "
				+ (z.pcp().isEmpty() ? 0 : z.pcp().get(0).batch()));
		if (r.pcpChanged()) {
			item.setBackground(9, changedBackground());
		}
		for (ZoneSnapshot.Pcp p : z.pcp()) {
			TreeItem cpu = new TreeItem(item, SWT.NONE);
			cpu.setText(0, "cpu " + p.cpu() + " per-CPU list");
			cpu.setText(9, p.count() + " / " + p.high() + " / " + p.batch());
			if (r.changed(ZoneRow.pcpCount(p.cpu()))) {
				cpu.setBackground(9, changedBackground());
			}
		}
		item.setExpanded(!z.pcp().isEmpty() && z.spanned() > 0);
	}

	@Override
	protected void clear() {
		if (!tree.isDisposed()) {
			tree.removeAll();
			charts.show(null);
		}
	}

	@Override
	public void show(MemoryTarget target) {
		// every zone is always shown
	}

	@Override
	protected boolean hasText() {
		return true;
	}

	/** /proc/buddyinfo's lines for the zones shown. */
	@Override
	protected String text(Inspector inspector, ZonesModel model) {
		StringBuilder sb = new StringBuilder();
		for (ZoneRow r : model.rows()) {
			if (!r.zone().freeBlocks().isEmpty()) {
				sb.append(r.buddyinfoText()).append('\n');
			}
		}
		return sb.toString();
	}

	/** The tree (tests). */
	public Tree tree() {
		return tree;
	}

	/** The charts (tests). */
	public ZoneCharts charts() {
		return charts;
	}
}
