package io.kmemlab.debug.ui.launch;

import org.eclipse.debug.ui.AbstractLaunchConfigurationTabGroup;
import org.eclipse.debug.ui.CommonTab;
import org.eclipse.debug.ui.ILaunchConfigurationDialog;
import org.eclipse.debug.ui.ILaunchConfigurationTab;
import org.eclipse.debug.ui.sourcelookup.SourceLookupTab;

/** The tabs of a "kmemlab scenario" configuration: what to run, its budgets, where its sources are, the usual common settings. */
public class ScenarioTabGroup extends AbstractLaunchConfigurationTabGroup {
	@Override
	public void createTabs(ILaunchConfigurationDialog dialog, String mode) {
		setTabs(new ILaunchConfigurationTab[] { new ScenarioMainTab(), new ScenarioBudgetsTab(), new SourceLookupTab(), new CommonTab() });
	}
}
