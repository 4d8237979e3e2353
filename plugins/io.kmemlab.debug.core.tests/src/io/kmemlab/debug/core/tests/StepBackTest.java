package io.kmemlab.debug.core.tests;

import static io.kmemlab.debug.core.tests.Scenarios.PAGES;
import static io.kmemlab.debug.core.tests.Scenarios.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IVariable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stepping back shows exactly what the forward run showed at the same step. */
class StepBackTest {
	@AfterEach
	void clean() throws CoreException {
		Sessions.removeAllBreakpoints();
	}

	/** What the debugger shows at one point: the line, the frames, the variables and p's struct page. */
	private static String view(KmemDebugTarget target) throws DebugException {
		StringBuilder sb = new StringBuilder();
		sb.append("line ").append(Sessions.topFrame(target).getLineNumber()).append(" thread ").append(target.activeThread().getName());
		for (var f : target.activeThread().getStackFrames()) {
			sb.append("\n  frame ").append(f.getName()).append(" @").append(f.getLineNumber());
		}
		for (IVariable v : Sessions.topFrame(target).getVariables()) {
			sb.append("\n  ").append(v.getName()).append(" : ").append(v.getReferenceTypeName()).append(" = ").append(v.getValue().getValueString());
			if (v.getName().equals("p")) {
				for (IVariable f : v.getValue().getVariables()) {
					sb.append("\n    ").append(f.getName()).append(" = ").append(f.getValue().getValueString());
				}
			}
		}
		return sb.toString();
	}

	@Test
	void everyStepBackShowsWhatTheForwardRunShowedThere() throws CoreException {
		IFile file = Sessions.file("back.kmem", PAGES);
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", true));
		Sessions.suspended(target);
		assertTrue(target.canStepBack(), "the boot phases before the first statement can be undone");
		List<String> forward = new ArrayList<>();
		forward.add(view(target));
		int end = lineOf(PAGES, "let done");
		while (Sessions.topFrame(target).getLineNumber() != end) {
			target.activeThread().stepInto();
			Sessions.suspended(target);
			forward.add(view(target));
		}
		assertTrue(forward.size() > 12, "the run went through the repeat and the process: " + forward.size() + " points");
		assertTrue(forward.get(forward.size() - 1).contains("_refcount = 0x"), "p's fields are shown");
		for (int i = forward.size() - 2; i >= 0; i--) {
			assertTrue(target.canStepBack(), "can step back at point " + i);
			target.stepBack();
			Suspension s = Sessions.suspended(target);
			assertInstanceOf(SuspendReason.StepEnd.class, s.reason());
			assertEquals(forward.get(i), view(target), "point " + i + " differs between the forward run and the step back");
		}
		target.terminate();
		Sessions.terminated(target);
	}

	@Test
	void reverseResumeStopsAtABreakpointOnTheWayBack() throws CoreException {
		IFile file = Sessions.file("reverse.kmem", PAGES);
		KmemLineBreakpoint early = KmemLineBreakpoint.create(file, lineOf(PAGES, "let pfn"));
		KmemLineBreakpoint late = KmemLineBreakpoint.create(file, lineOf(PAGES, "let done"));
		KmemDebugTarget target = Sessions.debug(Sessions.config(file, "pages", false));
		Sessions.suspended(target);
		assertEquals(lineOf(PAGES, "let pfn"), Sessions.topFrame(target).getLineNumber());
		target.resume();
		Sessions.suspended(target);
		assertEquals(lineOf(PAGES, "let done"), Sessions.topFrame(target).getLineNumber());
		target.reverseResume();
		Suspension s = Sessions.suspended(target);
		assertInstanceOf(SuspendReason.LineHit.class, s.reason());
		assertEquals(lineOf(PAGES, "let pfn"), Sessions.topFrame(target).getLineNumber());
		assertFalse(s.variables().containsKey("pfn"), "the state before 'let pfn' ran");
		early.delete();
		late.delete();
		target.reverseResume();
		s = Sessions.suspended(target);
		// Back to the start of the run; until the machine restores checkpoints across boot
		// phases, the way back may end at the last boot phase instead (said on the console).
		if (s.reason() instanceof SuspendReason.Start) {
			assertFalse(s.booted(), "back before the boot");
			assertEquals(lineOf(PAGES, "machine pc"), Sessions.topFrame(target).getLineNumber(), "the boot is at the machine");
			assertFalse(target.canStepBack());
		} else {
			assertInstanceOf(SuspendReason.StepEnd.class, s.reason());
			assertEquals(lineOf(PAGES, "let p ="), Sessions.topFrame(target).getLineNumber(), "stopped at the end of the boot");
		}
		target.terminate();
		Sessions.terminated(target);
	}
}
