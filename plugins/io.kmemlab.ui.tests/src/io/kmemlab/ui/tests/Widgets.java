package io.kmemlab.ui.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/** Finding and pressing widgets of a dialog, the way a user would, without a robot. */
final class Widgets {

	private Widgets() {
	}

	/** Every control below {@code root} (itself included) of the given type that passes the test. */
	static <T extends Control> List<T> find(Control root, Class<T> type, Predicate<T> test) {
		List<T> found = new ArrayList<>();
		collect(root, type, test, found);
		return found;
	}

	static <T extends Control> List<T> find(Control root, Class<T> type) {
		return find(root, type, control -> true);
	}

	private static <T extends Control> void collect(Control control, Class<T> type, Predicate<T> test, List<T> found) {
		if (type.isInstance(control) && test.test(type.cast(control))) {
			found.add(type.cast(control));
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				collect(child, type, test, found);
			}
		}
	}

	/** The button a JFace dialog made for {@code id} (IDialogConstants.OK_ID, FINISH_ID…). */
	static Button dialogButton(Shell shell, int id) {
		List<Button> buttons = find(shell, Button.class, button -> Integer.valueOf(id).equals(button.getData()));
		if (buttons.isEmpty()) {
			throw new AssertionError("the dialog has no button " + id + " (" + IDialogConstants.class.getSimpleName() + ")");
		}
		return buttons.get(0);
	}

	/** Replaces a text field's content as typing does: field editors validate on key release. */
	static void type(Text text, String content) {
		text.setText(content);
		text.notifyListeners(SWT.KeyUp, new Event());
	}

	/** Clicks a push button or toggles a check box, as a mouse click does. */
	static void click(Button button) {
		if ((button.getStyle() & (SWT.CHECK | SWT.RADIO | SWT.TOGGLE)) != 0) {
			button.setSelection(!button.getSelection());
		}
		button.notifyListeners(SWT.Selection, new Event());
	}
}
