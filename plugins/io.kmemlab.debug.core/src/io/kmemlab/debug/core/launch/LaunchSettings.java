package io.kmemlab.debug.core.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;

/**
 * What a "kmemlab scenario" launch configuration holds, read once into a value.
 *
 * @param file              the .kmem file, as a workspace path ({@code /project/dir/x.kmem})
 * @param scenario          the scenario to run, or empty for every scenario of the file in order
 * @param machine           a machine (defined in the file or one it imports) to run on instead of
 *                          the one each scenario names, or empty
 * @param stopAtFirst       debug mode: suspend before the scenario's first statement
 * @param stopAtBootPhases  debug mode: suspend after each boot phase of the machine
 */
public record LaunchSettings(String file, String scenario, String machine, boolean stopAtFirst, boolean stopAtBootPhases) {
	public static final String FILE = "io.kmemlab.debug.file";
	public static final String SCENARIO = "io.kmemlab.debug.scenario";
	public static final String MACHINE = "io.kmemlab.debug.machine";
	public static final String STOP_AT_FIRST = "io.kmemlab.debug.stopAtFirst";
	public static final String STOP_AT_BOOT_PHASES = "io.kmemlab.debug.stopAtBootPhases";

	public static LaunchSettings of(ILaunchConfiguration c) throws CoreException {
		return new LaunchSettings(c.getAttribute(FILE, ""), c.getAttribute(SCENARIO, ""), c.getAttribute(MACHINE, ""),
				c.getAttribute(STOP_AT_FIRST, false), c.getAttribute(STOP_AT_BOOT_PHASES, false));
	}

	public void writeTo(ILaunchConfigurationWorkingCopy c) {
		c.setAttribute(FILE, file);
		c.setAttribute(SCENARIO, scenario.isEmpty() ? null : scenario);
		c.setAttribute(MACHINE, machine.isEmpty() ? null : machine);
		c.setAttribute(STOP_AT_FIRST, stopAtFirst);
		c.setAttribute(STOP_AT_BOOT_PHASES, stopAtBootPhases);
	}

	public boolean allScenarios() {
		return scenario.isEmpty();
	}
}
