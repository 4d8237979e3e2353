package io.kmemlab.debug.core.tests;

import static io.kmemlab.debug.core.tests.Scenarios.PAGES;
import static io.kmemlab.debug.core.tests.Scenarios.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import io.kmemlab.debug.core.model.KmemThread;
import io.kmemlab.interpreter.debug.FrameState;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Step into, over and return through blocks and contexts; the frames, threads and variables on the way. */
class SteppingTest {
	private KmemDebugTarget target;

	@BeforeEach
	void launch() throws CoreException {
		IFile file = Sessions.file("stepping.kmem", PAGES);
		target = Sessions.debug(Sessions.config(file, "pages", true));
		Sessions.suspended(target);
	}

	@AfterEach
	void terminate() {
		target.terminate();
		Sessions.terminated(target);
	}

	private int line() {
		return Sessions.topFrame(target).getLineNumber();
	}

	private Suspension over() {
		target.activeThread().stepOver();
		return Sessions.suspended(target);
	}

	@Test
	void stepOverRunsOneStatementAndAWholeBlock() {
		assertEquals(lineOf(PAGES, "let p ="), line());
		over();
		assertEquals(lineOf(PAGES, "let pfn"), line());
		over();
		assertEquals(lineOf(PAGES, "expect page_count"), line(), "over the blank line and the comment");
		over();
		assertEquals(lineOf(PAGES, "repeat 2"), line());
		over();
		assertEquals(lineOf(PAGES, "process app"), line(), "both iterations of the repeat ran");
		over();
		assertEquals(lineOf(PAGES, "get_page(p)"), line(), "the whole process block ran");
	}

	@Test
	void stepIntoEntersABlockAndStepReturnLeavesIt() throws DebugException {
		for (int i = 0; i < 3; i++) {
			over();
		}
		assertEquals(lineOf(PAGES, "repeat 2"), line());
		target.activeThread().stepInto();
		Sessions.suspended(target);
		KmemStackFrame top = Sessions.topFrame(target);
		assertEquals(lineOf(PAGES, "let q"), top.getLineNumber());
		assertEquals(FrameState.Kind.REPEAT, top.entry().kind());
		assertTrue(top.getName().contains("iteration 1 of 2"), top.getName());
		IStackFrame[] frames = target.activeThread().getStackFrames();
		assertEquals(2, frames.length, "the repeat block inside the scenario");
		assertEquals(lineOf(PAGES, "repeat 2"), frames[1].getLineNumber(), "the outer frame is at the repeat statement");

		target.activeThread().stepReturn();
		Sessions.suspended(target);
		assertEquals(lineOf(PAGES, "process app"), line());
		assertEquals(1, target.activeThread().getStackFrames().length);
	}

	@Test
	void aProcessBlockRunsInAThreadOfItsOwnNamedAsPsNamesIt() throws DebugException {
		for (int i = 0; i < 4; i++) {
			over();
		}
		assertEquals(lineOf(PAGES, "process app"), line());
		target.activeThread().stepInto();
		Sessions.suspended(target);
		KmemThread active = target.activeThread();
		assertNotNull(active.task(), "the process's thread is the active one");
		assertTrue(active.getName().matches("app \\(pid \\d+\\)"), active.getName());
		assertEquals(lineOf(PAGES, "let u = mmap"), line());
		KmemThread scenario = target.scenarioThread();
		assertEquals(lineOf(PAGES, "process app"), scenario.getTopStackFrame().getLineNumber(),
				"the scenario waits at the process statement");
		List<IThread> threads = Arrays.asList(target.getThreads());
		assertTrue(threads.contains(scenario) && threads.contains(active), threads.toString());

		over();
		over();
		assertEquals(lineOf(PAGES, "get_page(p)"), line());
		assertEquals(target.scenarioThread(), target.activeThread(), "back in the scenario's context");
		assertTrue(Arrays.stream(target.getThreads()).anyMatch(t -> ((KmemThread) t).getName().startsWith("app (pid")),
				"the process still exists after its block");
	}

	@Test
	void variablesShowKernelTypesStructPageFieldsAndWhatTheLastStepChanged() throws DebugException {
		over();
		Suspension s = over();
		assertEquals(java.util.Set.of("pfn"), s.changed(), "let pfn changed pfn only");
		IVariable[] vars = Sessions.topFrame(target).getVariables();
		IVariable p = find(vars, "p");
		assertEquals("struct page *", p.getReferenceTypeName());
		assertFalse(p.hasValueChanged());
		assertTrue(find(vars, "pfn").hasValueChanged());
		assertTrue(p.getValue().hasVariables(), "a struct page * expands");
		IVariable[] fields = p.getValue().getVariables();
		long pfn = s.variables().get("pfn").bits();
		assertEquals("0x" + Long.toHexString(pfn), find(fields, "(pfn)").getValue().getValueString());
		// a page just allocated has one reference: set_page_refcounted() in prep_new_page(), mm/page_alloc.c
		assertEquals("0x1 (1)", find(fields, "_refcount").getValue().getValueString());
		assertNotNull(find(vars, "machine"));
	}

	@Test
	void theStructPageFieldsTheLastStepWroteAreShownAsChanged() throws DebugException {
		for (int i = 0; i < 20 && line() != lineOf(PAGES, "__free_pages(p, 1)"); i++) {
			over();
		}
		assertEquals(lineOf(PAGES, "__free_pages(p, 1)"), line(), "stopped after get_page(p)");
		IVariable[] fields = find(Sessions.topFrame(target).getVariables(), "p").getValue().getVariables();
		// get_page() -> folio_get() -> folio_ref_inc(): the reference count and nothing else (include/linux/mm.h)
		assertEquals("0x2 (2)", find(fields, "_refcount").getValue().getValueString());
		assertTrue(find(fields, "_refcount").hasValueChanged(), "_refcount is marked as changed by the last step");
		assertFalse(find(fields, "flags").hasValueChanged(), "flags are not");
		assertFalse(find(fields, "(pfn)").hasValueChanged());
	}

	static IVariable find(IVariable[] vars, String name) throws DebugException {
		for (IVariable v : vars) {
			if (v.getName().equals(name)) {
				return v;
			}
		}
		List<String> names = new java.util.ArrayList<>();
		for (IVariable v : vars) {
			names.add(v.getName());
		}
		throw new AssertionError("no variable " + name + " among " + names);
	}
}
