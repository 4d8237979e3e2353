package io.kmemlab.debug.core.launch;

import io.kmemlab.debug.core.console.RunReport;
import io.kmemlab.debug.core.console.ScenarioProcess;
import io.kmemlab.debug.core.engine.ScenarioRun;
import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.lang.kmem.Scenario;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;

/**
 * Launches a "kmemlab scenario" configuration. Run mode runs every chosen scenario to its
 * end and prints the run to the console; debug mode does the same under a debug target,
 * which stops where the launch and the breakpoints say. Both run within the configuration's
 * budgets ({@link LaunchBudgets}), and on an engine thread of
 * their own, so the launch returns at once.
 */
public final class ScenarioLaunchDelegate extends LaunchConfigurationDelegate {
	@Override
	public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
			throws CoreException {
		LaunchSettings settings = LaunchSettings.of(configuration);
		Limits limits = LaunchBudgets.limits(configuration);
		List<Scenario> scenarios = ScenarioSource.scenarios(settings);
		IFile file = ScenarioSource.file(settings);
		String label = file.getName() + (settings.allScenarios() ? "" : " \u2014 scenario \"" + settings.scenario() + "\"");
		ScenarioProcess process = new ScenarioProcess(launch, label);
		if (ILaunchManager.DEBUG_MODE.equals(mode)) {
			DebugOptions options = DebugOptions.defaults().withStopAtEntry(settings.stopAtFirst())
					.withStopAtBootPhases(settings.stopAtBootPhases());
			new KmemDebugTarget(launch, process, label, scenarios, limits, options).start();
		} else {
			// run mode never steps back: no checkpoints are kept
			ScenarioRun run = new ScenarioRun(label, scenarios, limits, new DebugOptions(false, false, 0), new RunReport(process));
			process.onTerminate(run::terminate);
			run.start();
		}
	}

	/** A scenario needs no build: the interpreter reads the .kmem text itself. */
	@Override
	public boolean buildForLaunch(ILaunchConfiguration configuration, String mode, IProgressMonitor monitor) {
		return false;
	}
}
