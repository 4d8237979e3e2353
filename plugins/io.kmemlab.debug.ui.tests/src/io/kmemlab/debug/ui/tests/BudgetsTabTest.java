package io.kmemlab.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.launch.LaunchBudgets;
import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.ui.launch.ScenarioBudgetsTab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.core.resources.IFile;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.internal.ui.launchConfigurations.LaunchConfigurationsDialog;
import org.eclipse.debug.internal.ui.launchConfigurations.LaunchGroupExtension;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchConfigurationTab;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

/**
 * The Budgets tab in the dialog Run > Debug Configurations... opens: its fields show the
 * configuration's budgets, a value that is not one puts its reason in the dialog's message area
 * and disables Debug, and Apply saves a good value under the budget's attribute. The dialog is
 * the Platform's own (an internal class: the public entry point blocks until it closes).
 */
class BudgetsTabTest {
	@Test
	void theBudgetsTabShowsValidatesAndSavesTheHistoryBudget() throws Exception {
		IFile file = Ui.file("launch-ui-test", "budgets.kmem", LaunchUiTest.TWO_SCENARIOS);
		ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
				.getLaunchConfigurationType(KmemDebug.LAUNCH_TYPE_ID).newInstance(null, "budgets of two scenarios");
		new LaunchSettings(file.getFullPath().toPortableString(), "", "", false, false).writeTo(wc);
		wc.setAttribute(LaunchBudgets.Field.STEPS.attribute(), "5000");
		ILaunchConfiguration config = wc.doSave();

		LaunchGroupExtension group = (LaunchGroupExtension) DebugUITools.getLaunchGroup(config, ILaunchManager.DEBUG_MODE);
		LaunchConfigurationsDialog dialog = new LaunchConfigurationsDialog(Ui.window().getShell(), group);
		dialog.setOpenMode(LaunchConfigurationsDialog.LAUNCH_CONFIGURATION_DIALOG_OPEN_ON_SELECTION);
		dialog.setInitialSelection(new StructuredSelection(config));
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			Ui.waitUntil(() -> budgetsTab(dialog) != null, "the dialog shows the kmemlab tabs");
			ScenarioBudgetsTab tab = budgetsTab(dialog);
			dialog.setActiveTab(tab);
			Text steps = tab.field(LaunchBudgets.Field.STEPS);
			Text seconds = tab.field(LaunchBudgets.Field.SECONDS);
			Text history = tab.field(LaunchBudgets.Field.HISTORY_MIB);
			assertEquals("5000", steps.getText(), "the configuration's value");
			assertEquals("300", seconds.getText(), "the default of --max-seconds");
			assertEquals("256", history.getText(), "the default of --max-history-mib");
			assertTrue(dialog.getTabViewer().canLaunch(), "a configuration with good budgets can be debugged");

			history.setText("lots");
			String expected = "Max history (MiB) is not a whole number: \"lots\"; enter a number of MiB from 1 to 1048576 (default 256)";
			Ui.waitUntil(() -> expected.equals(dialog.getErrorMessage()), () -> "the message area says what is wrong: "
					+ dialog.getErrorMessage());
			assertFalse(dialog.getTabViewer().canLaunch(), "Debug is disabled while a budget is not a number");
			Path shot = Ui.screenshot(dialog.getShell(), "launch-budget.png");
			assertTrue(Files.size(shot) > 0);

			seconds.setText("0");
			history.setText("1024");
			Ui.waitUntil(() -> String.valueOf(dialog.getErrorMessage()).startsWith("Max seconds is out of range: 0 seconds"),
					() -> "the next bad field is named: " + dialog.getErrorMessage());
			seconds.setText("600");
			Ui.waitUntil(() -> dialog.getErrorMessage() == null, () -> "the message clears: " + dialog.getErrorMessage());
			assertTrue(dialog.getTabViewer().canLaunch());
			dialog.getTabViewer().handleApplyPressed();
			Ui.settle(Duration.ofMillis(200));
		} finally {
			dialog.close();
		}
		// the handle reads the saved file
		assertEquals("1024", config.getAttribute(LaunchBudgets.Field.HISTORY_MIB.attribute(), (String) null));
		assertEquals("600", config.getAttribute(LaunchBudgets.Field.SECONDS.attribute(), (String) null));
		assertEquals("5000", config.getAttribute(LaunchBudgets.Field.STEPS.attribute(), (String) null));
		assertEquals(1024L << 20, LaunchBudgets.limits(config).historyBytes(), "the launch reads what the tab saved");
		config.delete();
	}

	private static ScenarioBudgetsTab budgetsTab(LaunchConfigurationsDialog dialog) {
		ILaunchConfigurationTab[] tabs = dialog.getTabs();
		if (tabs == null) {
			return null;
		}
		for (ILaunchConfigurationTab t : tabs) {
			if (t instanceof ScenarioBudgetsTab b) {
				return b;
			}
		}
		return null;
	}
}
