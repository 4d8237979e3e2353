package io.kmemlab.debug.ui.commands;

import io.kmemlab.debug.core.breakpoints.EventKind;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/** Chooses what an event breakpoint waits for, and the pfn or address it is about. */
final class EventBreakpointDialog extends TitleAreaDialog {
	private Combo kinds;
	private Text argument;
	private Label argumentLabel;
	private EventKind kind = EventKind.REPORT;
	private long value;

	EventBreakpointDialog(Shell parent) {
		super(parent);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		setTitle("kmemlab event breakpoint");
		setMessage("Stop the scenario when the kernel does something, wherever in the scenario it happens.");
		Composite area = (Composite) super.createDialogArea(parent);
		Composite c = new Composite(area, SWT.NONE);
		c.setLayout(new GridLayout(2, false));
		c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		new Label(c, SWT.NONE).setText("Stop when:");
		kinds = new Combo(c, SWT.READ_ONLY);
		for (EventKind k : EventKind.values()) {
			kinds.add(k.description);
		}
		kinds.select(0);
		kinds.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		argumentLabel = new Label(c, SWT.NONE);
		argument = new Text(c, SWT.BORDER);
		argument.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		kinds.addListener(SWT.Selection, e -> update());
		argument.addModifyListener(e -> update());
		update();
		return area;
	}

	private void update() {
		kind = EventKind.values()[Math.max(0, kinds.getSelectionIndex())];
		argumentLabel.setText(kind.takesArgument() ? capitalized(kind.argument) + ":" : "");
		argument.setEnabled(kind.takesArgument());
		argumentLabel.getParent().layout();
		String error = null;
		if (kind.takesArgument()) {
			String t = argument.getText().strip();
			try {
				value = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
			} catch (NumberFormatException e) {
				error = "Give the " + kind.argument + " as a number: 0x1234 (hex) or 4660 (decimal).";
			}
		}
		setErrorMessage(error);
		var ok = getButton(IDialogConstants.OK_ID);
		if (ok != null) {
			ok.setEnabled(error == null);
		}
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		super.createButtonsForButtonBar(parent);
		update();
	}

	private static String capitalized(String s) {
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

	EventKind kind() {
		return kind;
	}

	long argument() {
		return value;
	}
}
