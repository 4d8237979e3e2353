package io.kmemlab.debug.ui.launch;

import io.kmemlab.debug.core.launch.LaunchBudgets;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * The Budgets tab: when a run stops on its own (steps, seconds spent running) and how much of
 * its past it keeps for stepping back (MiB), as {@code kmemlab run}'s --max-steps,
 * --max-seconds and --max-history-mib. A value that is not a whole number in range is named in
 * the dialog's message area and disables Run/Debug, as every Eclipse tab does.
 */
public class ScenarioBudgetsTab extends AbstractLaunchConfigurationTab {
	private static final Map<LaunchBudgets.Field, String> UNIT = Map.of(LaunchBudgets.Field.STEPS, "steps",
			LaunchBudgets.Field.SECONDS, "seconds", LaunchBudgets.Field.HISTORY_MIB, "MiB");

	static final String EXPLANATION = "Steps count the boot's phases and every statement. Seconds count the time spent "
			+ "running, the boot included; time suspended in the debugger does not count. The history keeps the run's past "
			+ "steps for stepping back: beyond it the oldest steps keep only their findings, and stepping back reaches less "
			+ "far. A run that a budget stops ends with an error at the statement it reached, naming the budget. These are "
			+ "the options --max-steps, --max-seconds and --max-history-mib of kmemlab run.";

	private final Map<LaunchBudgets.Field, Text> fields = new EnumMap<>(LaunchBudgets.Field.class);

	@Override
	public void createControl(Composite parent) {
		Composite top = new Composite(parent, SWT.NONE);
		top.setLayout(new GridLayout(3, false));
		setControl(top);
		for (LaunchBudgets.Field f : LaunchBudgets.Field.values()) {
			new Label(top, SWT.NONE).setText(f.label() + ":");
			Text t = new Text(top, SWT.BORDER | SWT.RIGHT);
			GridData d = new GridData(SWT.FILL, SWT.CENTER, false, false);
			d.widthHint = 120;
			t.setLayoutData(d);
			t.addModifyListener(e -> updateLaunchConfigurationDialog());
			fields.put(f, t);
			new Label(top, SWT.NONE).setText(UNIT.get(f) + " (default " + f.budget().defaultValue() + ")");
		}
		Label explanation = new Label(top, SWT.WRAP);
		explanation.setText(EXPLANATION);
		// a wrapping label needs a width hint, or it asks for one line as wide as its text
		GridData d = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
		d.widthHint = 300;
		d.verticalIndent = 8;
		explanation.setLayoutData(d);
	}

	/** The text field of {@code f}, for tests. */
	public Text field(LaunchBudgets.Field f) {
		return fields.get(f);
	}

	@Override
	public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
		for (LaunchBudgets.Field f : LaunchBudgets.Field.values()) {
			f.write(configuration, null);
		}
	}

	@Override
	public void initializeFrom(ILaunchConfiguration configuration) {
		try {
			for (LaunchBudgets.Field f : LaunchBudgets.Field.values()) {
				fields.get(f).setText(f.text(configuration));
			}
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
		}
	}

	@Override
	public void performApply(ILaunchConfigurationWorkingCopy configuration) {
		for (LaunchBudgets.Field f : LaunchBudgets.Field.values()) {
			f.write(configuration, fields.get(f).getText());
		}
	}

	@Override
	public boolean isValid(ILaunchConfiguration launchConfig) {
		setErrorMessage(null);
		for (LaunchBudgets.Field f : LaunchBudgets.Field.values()) {
			Text t = fields.get(f);
			String error;
			try {
				// the widgets when shown; the configuration itself before the tab was built
				error = f.check(t != null && !t.isDisposed() ? t.getText() : f.text(launchConfig));
			} catch (CoreException e) {
				error = e.getMessage();
			}
			if (error != null) {
				setErrorMessage(error);
				return false;
			}
		}
		return true;
	}

	@Override
	public String getName() {
		return "Budgets";
	}
}
