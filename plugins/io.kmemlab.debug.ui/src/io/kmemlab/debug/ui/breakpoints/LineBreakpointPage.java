package io.kmemlab.debug.ui.breakpoints;

import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PropertyPage;

/**
 * Breakpoint Properties of a kmemlab line breakpoint: enabled, and a condition written in the
 * language ({@code page_ref_count(p) > 1}), evaluated where the statement is about to run.
 */
public class LineBreakpointPage extends PropertyPage {
	private Button enabled;
	private Button conditional;
	private Text condition;

	private KmemLineBreakpoint breakpoint() {
		return getElement().getAdapter(KmemLineBreakpoint.class);
	}

	@Override
	protected Control createContents(Composite parent) {
		noDefaultAndApplyButton();
		KmemLineBreakpoint b = breakpoint();
		Composite c = new Composite(parent, SWT.NONE);
		c.setLayout(new GridLayout(1, false));
		Label where = new Label(c, SWT.NONE);
		try {
			where.setText(b.getMarker().getResource().getFullPath() + ", line " + b.getLineNumber());
			enabled = check(c, "&Enabled", b.isEnabled());
		} catch (CoreException e) {
			where.setText("the breakpoint's marker is gone");
			enabled = check(c, "&Enabled", false);
		}
		conditional = check(c, "&Stop only when this holds (an expression of the language, in the statement's scope):",
				b.isConditionEnabled());
		condition = new Text(c, SWT.BORDER | SWT.MULTI | SWT.WRAP);
		condition.setText(b.getCondition());
		GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
		data.heightHint = 60;
		condition.setLayoutData(data);
		condition.setEnabled(conditional.getSelection());
		conditional.addListener(SWT.Selection, e -> condition.setEnabled(conditional.getSelection()));
		new Label(c, SWT.WRAP).setText("For example: page_ref_count(p) > 1, or i == 3 in a for loop. A condition that cannot be "
				+ "evaluated stops the scenario there and says why on the console.");
		return c;
	}

	private static Button check(Composite parent, String text, boolean value) {
		Button b = new Button(parent, SWT.CHECK);
		b.setText(text);
		b.setSelection(value);
		return b;
	}

	@Override
	public boolean performOk() {
		KmemLineBreakpoint b = breakpoint();
		try {
			b.setEnabled(enabled.getSelection());
			b.setCondition(condition.getText());
			b.setConditionEnabled(conditional.getSelection() && !condition.getText().isBlank());
		} catch (CoreException e) {
			ErrorDialog.openError(getShell(), "kmemlab", "Could not change the breakpoint", e.getStatus());
			return false;
		}
		return true;
	}
}
