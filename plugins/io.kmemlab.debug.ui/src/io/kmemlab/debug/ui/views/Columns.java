package io.kmemlab.debug.ui.views;

import java.util.List;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/** Column widths of a virtual table fitted to the model's texts (rows are few: a walk, a descriptor). */
final class Columns {
	private Columns() {
	}

	/** Sets each column as wide as its header and its widest cell of {@code rows}, up to {@code max} pixels. */
	static void fit(Table table, List<List<String>> rows, int max) {
		GC gc = new GC(table);
		try {
			TableColumn[] columns = table.getColumns();
			for (int c = 0; c < columns.length; c++) {
				int w = gc.textExtent(columns[c].getText()).x;
				for (List<String> r : rows) {
					if (c < r.size()) {
						w = Math.max(w, gc.textExtent(r.get(c)).x);
					}
				}
				columns[c].setWidth(Math.min(max, w + 24));
			}
		} finally {
			gc.dispose();
		}
	}
}
