package io.kmemlab.ui.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

/** The proposal popups of content assist and quick assist: small shells with a table. */
final class Popups {

	private Popups() {
	}

	/** The texts of the first non-empty table in a visible shell other than the workbench's. */
	static List<String> items(Shell workbench) {
		for (Shell shell : workbench.getDisplay().getShells()) {
			if (shell != workbench && shell.isVisible()) {
				List<String> items = tableItems(shell);
				if (!items.isEmpty()) {
					return items;
				}
			}
		}
		return List.of();
	}

	/** Closes the popups (as Escape would). */
	static void close(Shell workbench) {
		List<Shell> popups = new ArrayList<>();
		for (Shell shell : workbench.getDisplay().getShells()) {
			if (shell != workbench && shell.isVisible()) {
				popups.add(shell);
			}
		}
		// closing one popup can dispose another (a details shell belongs to its proposal list)
		popups.stream().filter(s -> !s.isDisposed()).forEach(Shell::close);
	}

	private static List<String> tableItems(Composite composite) {
		for (Control child : composite.getChildren()) {
			if (child instanceof Table table && table.getItemCount() > 0) {
				return Arrays.stream(table.getItems()).map(TableItem::getText).toList();
			}
			if (child instanceof Composite nested) {
				List<String> items = tableItems(nested);
				if (!items.isEmpty()) {
					return items;
				}
			}
		}
		return List.of();
	}
}
