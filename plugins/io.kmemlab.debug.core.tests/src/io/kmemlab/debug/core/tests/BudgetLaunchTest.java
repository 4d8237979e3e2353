package io.kmemlab.debug.core.tests;

import static io.kmemlab.debug.core.tests.Scenarios.PAGES;
import static io.kmemlab.debug.core.tests.Scenarios.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.launch.LaunchBudgets;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.interpreter.exec.Limits;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.junit.jupiter.api.Test;

/**
 * The run budgets of a launch configuration (--max-steps, --max-seconds, --max-history-mib of
 * the command line) reach the session, and a run a budget stops says which budget stopped it
 * and where in the launch configuration to raise it.
 */
class BudgetLaunchTest {
	@Test
	void theConfigurationsBudgetsAreTheSessionsLimits() throws CoreException {
		IFile file = Sessions.file("budgets.kmem", PAGES);
		ILaunchConfigurationWorkingCopy config = Sessions.config(file, "pages", true);
		config.setAttribute(LaunchBudgets.Field.STEPS.attribute(), "5000");
		config.setAttribute(LaunchBudgets.Field.SECONDS.attribute(), "77");
		config.setAttribute(LaunchBudgets.Field.HISTORY_MIB.attribute(), "3");
		KmemDebugTarget target = Sessions.debug(config);
		Sessions.suspended(target);
		Limits limits = target.engine().read(c -> c.session().limits());
		assertEquals(5000, limits.maxSteps());
		assertEquals(77_000, limits.maxRunMillis());
		assertEquals(3L << 20, limits.historyBytes());
		assertEquals(LaunchBudgets.KNOBS, limits.knobs());
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void withoutBudgetAttributesTheCommandLinesDefaultsApply() throws CoreException {
		IFile file = Sessions.file("defaults.kmem", PAGES);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", true));
		Sessions.suspended(target);
		Limits limits = target.engine().read(c -> c.session().limits());
		assertEquals(1_000_000, limits.maxSteps());
		assertEquals(Limits.DEFAULT_RUN_MILLIS, limits.maxRunMillis());
		assertEquals(256L << 20, limits.historyBytes());
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void aRunTheStepBudgetStopsSaysWhereToRaiseIt() throws Exception {
		String text = Scenarios.MACHINE + """

				scenario "loop" on pc {
				    repeat 100000 { let x = 1 }
				}
				""";
		IFile file = Sessions.file("loop.kmem", text);
		ILaunchConfigurationWorkingCopy config = Sessions.config(file, "", false);
		config.setAttribute(LaunchBudgets.Field.STEPS.attribute(), "200");
		ILaunch launch = config.launch(ILaunchManager.RUN_MODE, null);
		IProcess process = launch.getProcesses()[0];
		Sessions.waitUntil(process::isTerminated, "the run ends");
		String out = process.getStreamsProxy().getOutputStreamMonitor().getContents();
		// the error sits at the statement the run reached, with the budget and the field that raises it
		int line = lineOf(text, "repeat 100000");
		assertTrue(out.lines().anyMatch(l -> l.contains("loop.kmem:" + line + ":") && l.contains("step budget exhausted: 200 steps run")
				&& l.endsWith("Raise it with the \"Max steps\" field on the Budgets tab of the launch configuration (Run > Run "
						+ "Configurations...)")), out);
		assertFalse(out.contains("--max-steps"), out);
		assertFalse(out.contains("Exception"), out);
		assertTrue(out.contains("FAIL  loop"), out);
		assertEquals(1, process.getExitValue());
	}

	@Test
	void aBadBudgetStopsTheLaunchWithWhatIsWrongAndWhatIsAccepted() throws CoreException {
		IFile file = Sessions.file("bad-budget.kmem", PAGES);
		ILaunchConfigurationWorkingCopy config = Sessions.config(file, "pages", false);
		config.setAttribute(LaunchBudgets.Field.HISTORY_MIB.attribute(), "lots");
		CoreException e = assertThrows(CoreException.class, () -> config.launch(ILaunchManager.DEBUG_MODE, null));
		assertEquals("The launch configuration \"test bad-budget.kmem\" has a bad budget on its Budgets tab: Max history (MiB) is not a "
				+ "whole number: \"lots\"; enter a number of MiB from 1 to 1048576 (default 256)", e.getMessage());
		config.setAttribute(LaunchBudgets.Field.HISTORY_MIB.attribute(), (String) null);
		config.setAttribute(LaunchBudgets.Field.SECONDS.attribute(), "0");
		e = assertThrows(CoreException.class, () -> config.launch(ILaunchManager.RUN_MODE, null));
		assertTrue(e.getMessage().endsWith("Max seconds is out of range: 0 seconds; enter a number from 1 to 10000000 (default 300)"),
				e.getMessage());
	}
}
