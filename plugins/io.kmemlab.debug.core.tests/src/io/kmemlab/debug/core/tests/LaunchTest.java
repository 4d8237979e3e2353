package io.kmemlab.debug.core.tests;

import static io.kmemlab.debug.core.tests.Scenarios.PAGES;
import static io.kmemlab.debug.core.tests.Scenarios.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Launching in debug and run mode, what the console says, and what stops a launch. */
class LaunchTest {
	@AfterEach
	void clean() throws CoreException {
		Sessions.removeAllBreakpoints();
	}

	@Test
	void debugModeStopsBeforeTheFirstStatementWhenAsked() throws CoreException {
		IFile file = Sessions.file("launch.kmem", PAGES);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", true));
		Suspension s = Sessions.suspended(target);
		assertInstanceOf(SuspendReason.Entry.class, s.reason());
		assertTrue(s.booted(), "the machine booted before the first statement");
		KmemStackFrame top = Sessions.topFrame(target);
		assertEquals(lineOf(PAGES, "let p = alloc_pages"), top.getLineNumber());
		assertEquals(file.getLocationURI().getPath(), top.sourceFile().getPath());
		assertEquals("scenario \"pages\"", target.activeThread().getName());
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void terminateEndsTheTargetTheProcessAndTheLaunch() throws CoreException {
		IFile file = Sessions.file("terminate.kmem", PAGES);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", true));
		Sessions.suspended(target);
		assertTrue(target.canTerminate());
		target.terminate();
		Sessions.terminated(target);
		assertTrue(target.getProcess().isTerminated(), "the console's process ended");
		assertTrue(target.getLaunch().isTerminated(), "the launch ended");
		// a scenario cut short did not pass: the console says where it stopped, and the run fails
		String out = target.getProcess().getStreamsProxy().getOutputStreamMonitor().getContents();
		assertFalse(out.contains("PASS  pages"), out);
		assertTrue(out.lines().anyMatch(l -> l.contains("terminate.kmem:" + lineOf(PAGES, "let p =") + ":") && l.contains("terminated here")), out);
		assertTrue(out.contains("FAIL  pages"), out);
		assertEquals(1, target.getProcess().getExitValue());
		assertEquals(0, target.getThreads().length);
		assertFalse(target.canResume());
	}

	@Test
	void runModeRunsEveryScenarioAndPrintsWhatKmemlabRunPrints() throws Exception {
		IFile file = Sessions.file("run.kmem", PAGES);
		ILaunch launch = Sessions.config(file, "", false).launch(ILaunchManager.RUN_MODE, null);
		assertEquals(0, launch.getDebugTargets().length, "run mode has no debug target");
		IProcess process = launch.getProcesses()[0];
		Sessions.waitUntil(process::isTerminated, "the run ends");
		String out = process.getStreamsProxy().getOutputStreamMonitor().getContents();
		assertTrue(out.contains("== scenario \"pages\" on pc"), out);
		assertTrue(out.contains("== scenario \"second\" on pc"), out);
		// a statement line: its line number, then its source text
		int letDone = lineOf(PAGES, "let done = 1");
		assertTrue(out.lines().anyMatch(l -> l.matches("\\s*" + letDone + "\\s+let done = 1\\s+= 1")), out);
		assertTrue(out.contains("PASS  pages"), out);
		assertTrue(out.contains("2 passed, 0 failed"), out);
		assertEquals(0, process.getExitValue());
	}

	@Test
	void aFailedExpectIsReportedWithItsFileAndLineAndFailsTheRun() throws Exception {
		String text = Scenarios.MACHINE + """

				scenario "bad" on pc {
				    let p = alloc_page(GFP_KERNEL)
				    expect page_count(p) == 2
				}
				""";
		IFile file = Sessions.file("failing.kmem", text);
		ILaunch launch = Sessions.config(file, "", false).launch(ILaunchManager.RUN_MODE, null);
		IProcess process = launch.getProcesses()[0];
		Sessions.waitUntil(process::isTerminated, "the run ends");
		String out = process.getStreamsProxy().getOutputStreamMonitor().getContents();
		int line = lineOf(text, "expect page_count");
		assertTrue(out.lines().anyMatch(l -> l.contains("FAILED") && l.contains("failing.kmem:" + line + ":")), out);
		assertTrue(out.contains("FAIL  bad"), out);
		assertEquals(1, process.getExitValue());
	}

	@Test
	void anUnknownScenarioStopsTheLaunchWithTheNamesThereAre() throws CoreException {
		IFile file = Sessions.file("names.kmem", PAGES);
		CoreException e = assertThrows(CoreException.class,
				() -> Sessions.config(file, "nope", false).launch(ILaunchManager.DEBUG_MODE, null));
		assertTrue(e.getMessage().contains("no scenario called \"nope\""), e.getMessage());
		assertTrue(e.getMessage().contains("\"pages\", \"second\""), e.getMessage());
	}

	@Test
	void aFileWithErrorsStopsTheLaunchWithFileLineAndMessage() throws CoreException {
		String text = Scenarios.MACHINE + "\nscenario \"x\" on pc {\n    let = 1\n}\n";
		IFile file = Sessions.file("broken.kmem", text);
		CoreException e = assertThrows(CoreException.class,
				() -> Sessions.config(file, "", false).launch(ILaunchManager.DEBUG_MODE, null));
		assertTrue(e.getMessage().contains("broken.kmem:" + lineOf(text, "let = 1") + ":"), e.getMessage());
	}

	@Test
	void theMachineOverrideRunsTheScenarioOnAnotherMachine() throws CoreException {
		String text = Scenarios.MACHINE + """
				machine old {
				    arch i386
				    paging 2-level
				    ram 0x0 .. 0x9ffff
				    ram 0x100000 .. 0x1fffffff
				}

				scenario "on pc" on pc {
				    let offset = PAGE_OFFSET
				    let after = 1
				}
				""";
		IFile file = Sessions.file("override.kmem", text);
		var config = Sessions.config(file, "on pc", true);
		config.setAttribute(LaunchSettings.MACHINE, "old");
		KmemDebugTarget target = Sessions.debug(config);
		Sessions.suspended(target);
		target.activeThread().stepOver();
		Suspension s = Sessions.suspended(target);
		// i386 with the default 3G/1G split: PAGE_OFFSET is CONFIG_PAGE_OFFSET 0xC0000000
		// (arch/x86/Kconfig, VMSPLIT_3G); on the x86_64 pc it would be 0xffff888000000000
		assertEquals(0xC0000000L, s.variables().get("offset").bits());
		target.terminate();
		Sessions.terminated(target);
	}
}
