package io.kmemlab.debug.core.tests;

import static io.kmemlab.debug.core.tests.Scenarios.OOPS;
import static io.kmemlab.debug.core.tests.Scenarios.PAGES;
import static io.kmemlab.debug.core.tests.Scenarios.lineOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.breakpoints.EventKind;
import io.kmemlab.debug.core.breakpoints.KmemEventBreakpoint;
import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Line and event breakpoints: where they sit, that they persist as markers, and that runs stop at them. */
class BreakpointTest {
	@AfterEach
	void clean() throws CoreException {
		Sessions.removeAllBreakpoints();
	}

	@Test
	void aLineBreakpointStopsTheRunBeforeItsStatement() throws CoreException {
		IFile file = Sessions.file("line.kmem", PAGES);
		int line = lineOf(PAGES, "expect page_count(p) == 1");
		KmemLineBreakpoint bp = KmemLineBreakpoint.create(file, line);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", false));
		Suspension s = Sessions.suspended(target);
		assertInstanceOf(SuspendReason.LineHit.class, s.reason());
		assertEquals(line, Sessions.topFrame(target).getLineNumber());
		assertArrayEquals(new IBreakpoint[] { bp }, target.activeThread().getBreakpoints());
		// the statements before it ran, the one at it did not
		assertTrue(s.variables().containsKey("pfn"));
		assertEquals("let pfn = page_to_pfn(p)", s.lastStep().label(), "the step before the breakpoint's statement ran last");
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void resumingRunsToTheNextBreakpointThenToTheEnd() throws CoreException {
		IFile file = Sessions.file("resume.kmem", PAGES);
		int first = lineOf(PAGES, "let pfn");
		int second = lineOf(PAGES, "let done");
		KmemLineBreakpoint.create(file, first);
		KmemLineBreakpoint.create(file, second);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", false));
		Sessions.suspended(target);
		assertEquals(first, Sessions.topFrame(target).getLineNumber());
		target.resume();
		Sessions.suspended(target);
		assertEquals(second, Sessions.topFrame(target).getLineNumber());
		target.resume();
		Sessions.terminated(target);
	}

	@Test
	void aDisabledBreakpointAndSkipAllBreakpointsDoNotStop() throws CoreException {
		IFile file = Sessions.file("disabled.kmem", PAGES);
		KmemLineBreakpoint bp = KmemLineBreakpoint.create(file, lineOf(PAGES, "let pfn"));
		bp.setEnabled(false);
		KmemLineBreakpoint other = KmemLineBreakpoint.create(file, lineOf(PAGES, "let done"));
		DebugPlugin.getDefault().getBreakpointManager().setEnabled(false);
		try {
			KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", false));
			Sessions.terminated(target);
			assertTrue(other.isEnabled());
		} finally {
			DebugPlugin.getDefault().getBreakpointManager().setEnabled(true);
		}
	}

	@Test
	void aBreakpointIsAPersistentMarkerOfTheFileOnItsLine() throws CoreException {
		IFile file = Sessions.file("marker.kmem", PAGES);
		int line = lineOf(PAGES, "let pfn");
		KmemLineBreakpoint bp = KmemLineBreakpoint.create(file, line);
		IMarker marker = bp.getMarker();
		assertEquals(KmemDebug.LINE_BREAKPOINT_MARKER, marker.getType());
		assertTrue(marker.isSubtypeOf(IBreakpoint.LINE_BREAKPOINT_MARKER));
		assertEquals(line, marker.getAttribute(IMarker.LINE_NUMBER, -1));
		assertTrue(marker.getAttribute(IBreakpoint.PERSISTED, false));
		assertEquals(KmemDebug.MODEL_ID, bp.getModelIdentifier());
	}

	@Test
	void aBreakpointOnABlankLineOrACommentStopsAtTheNextStatement() throws CoreException {
		IFile file = Sessions.file("blank.kmem", PAGES);
		KmemLineBreakpoint.create(file, lineOf(PAGES, "// a blank line"));
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", false));
		Sessions.suspended(target);
		assertEquals(lineOf(PAGES, "expect page_count"), Sessions.topFrame(target).getLineNumber());
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void aConditionalBreakpointStopsOnlyWhenItsConditionHolds() throws CoreException {
		String text = Scenarios.MACHINE + """

				scenario "loop" on pc {
				    for i in 1 .. 5 {
				        let twice = i * 2
				    }
				    let done = 1
				}
				""";
		IFile file = Sessions.file("conditional.kmem", text);
		KmemLineBreakpoint bp = KmemLineBreakpoint.create(file, lineOf(text, "let twice"));
		bp.setCondition("i == 3");
		bp.setConditionEnabled(true);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "loop", false));
		Suspension s = Sessions.suspended(target);
		assertInstanceOf(SuspendReason.LineHit.class, s.reason());
		assertEquals(3, s.variables().get("i").bits(), "stopped in the iteration where i == 3 only");
		assertFalse(s.variables().containsKey("twice"), "each iteration has a scope of its own; its let has not run yet");
		target.resume();
		Sessions.terminated(target);
	}

	@Test
	void aConditionThatCannotBeEvaluatedStopsAndSaysWhyOnTheConsole() throws CoreException {
		IFile file = Sessions.file("broken-condition.kmem", PAGES);
		KmemLineBreakpoint bp = KmemLineBreakpoint.create(file, lineOf(PAGES, "let pfn"));
		bp.setCondition("nosuchname > 1");
		bp.setConditionEnabled(true);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", false));
		Sessions.suspended(target);
		assertEquals(lineOf(PAGES, "let pfn"), Sessions.topFrame(target).getLineNumber());
		String out = target.getProcess().getStreamsProxy().getOutputStreamMonitor().getContents();
		assertTrue(out.contains("nosuchname"), out);
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void anOopsBreakpointStopsAtTheOopsAndStepBackShowsWhatLedToIt() throws CoreException {
		IFile file = Sessions.file("oops.kmem", OOPS);
		KmemEventBreakpoint.create(EventKind.REPORT, 0);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "oops", false));
		Suspension s = Sessions.suspended(target);
		SuspendReason.EventHit hit = assertInstanceOf(SuspendReason.EventHit.class, s.reason());
		assertTrue(hit.detail().contains("general protection fault"), hit.detail());
		assertTrue(s.lastStep().label().startsWith("write8(0xdead000000000000"), s.lastStep().label());
		assertFalse(s.variables().containsKey("after"), "the oops ended the scenario before 'let after'");
		target.stepBack();
		Suspension back = Sessions.suspended(target);
		assertEquals(lineOf(OOPS, "write8(0xdead"), Sessions.topFrame(target).getLineNumber());
		assertEquals(7, back.variables().get("before").bits());
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void withoutTheOopsBreakpointTheRunEndsAtTheOops() throws CoreException {
		IFile file = Sessions.file("oops-free.kmem", OOPS);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "oops", false));
		Sessions.terminated(target);
		String out = target.getProcess().getStreamsProxy().getOutputStreamMonitor().getContents();
		assertTrue(out.contains("FAIL  oops"), out);
	}
}
