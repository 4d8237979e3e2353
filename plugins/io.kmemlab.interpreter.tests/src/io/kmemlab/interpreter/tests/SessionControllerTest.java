package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Debugging.FILE;
import static io.kmemlab.interpreter.tests.Debugging.controller;
import static io.kmemlab.interpreter.tests.Debugging.line;
import static io.kmemlab.interpreter.tests.Debugging.reason;
import static io.kmemlab.interpreter.tests.Debugging.suspended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.debug.Command;
import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.Evaluation;
import io.kmemlab.interpreter.debug.FrameState;
import io.kmemlab.interpreter.debug.LineBreakpoint;
import io.kmemlab.interpreter.debug.Position;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.interpreter.exec.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controls of a debug session on the real emulator: stepping, running, stepping back, across the boot. */
class SessionControllerTest {
    /** The boot phases of the emulator, in order (docs/emulator-design.md, "Boot"). */
    private static final List<String> PHASES = List.of("MEMBLOCK", "PAGE_TABLES", "MEMMAP", "ZONES", "STRUCT_PAGES", "BUDDY", "BOOTED");

    private static final String LOOPS = """
            let a = alloc_page(GFP_KERNEL)
            repeat 3 {
                let x = alloc_page(GFP_KERNEL)
                __free_page(x)
            }
            for i in 1 .. 2 {
                let y = i
                let z = i * 2
            }
            let done = 1
            """;

    private static SessionController booted(String body) {
        SessionController c = controller(body, DebugOptions.defaults().withStopAtEntry(true));
        reason(c.resume(), SuspendReason.Entry.class);
        return c;
    }

    @Test
    void aResumeWithNothingToStopAtRunsToTheEnd() {
        SessionController c = controller(LOOPS);
        Debugging.Recorder r = new Debugging.Recorder();
        c.addListener(r);
        SessionEvent.Finished f = assertInstanceOf(SessionEvent.Finished.class, c.resume());
        assertTrue(f.passed(), f.problems()::toString);
        assertFalse(f.terminated());
        // 7 boot phases; a; repeat head + 3 x 2; for head + 2 x 2; done
        int statements = 1 + 1 + 6 + 1 + 4 + 1;
        assertEquals("R" + "S".repeat(PHASES.size() + statements) + "F", r.kinds());
        assertEquals(1L, f.position().top().variables().get("done").bits(), "the variables stay readable after the end");
    }

    @Test
    void stopAtEachBootPhaseNamesThePhaseAndStopAtEntryStopsBeforeTheFirstStatement() {
        SessionController c = controller("let a = 1", DebugOptions.defaults().withStopAtBootPhases(true).withStopAtEntry(true));
        List<String> phases = new ArrayList<>();
        Position p = null;
        for (int i = 0; i < PHASES.size(); i++) {
            SessionEvent e = c.resume();
            phases.add(reason(e, SuspendReason.BootPhase.class).phase());
            p = suspended(e).position();
            assertEquals(i + 1, p.steps());
            boolean last = i == PHASES.size() - 1;
            assertEquals(last ? FrameState.Kind.SCENARIO : FrameState.Kind.BOOT, p.top().kind(), "while booting the stack is the machine");
        }
        assertEquals(PHASES, phases);
        assertTrue(p.booted());
        assertEquals(Kmem.FIRST_BODY_LINE, p.next().line(), "the last phase's stop is also the entry");
        SessionController entry = controller("let a = 1", DebugOptions.defaults().withStopAtEntry(true));
        SessionEvent stop = entry.resume();
        reason(stop, SuspendReason.Entry.class);
        Position at = suspended(stop).position();
        assertEquals(Kmem.FIRST_BODY_LINE, at.next().line());
        assertEquals(PHASES.size(), at.steps());
    }

    @Test
    void stepIntoRunsOneStepAndEntersBlocks() {
        SessionController c = booted(LOOPS);
        Position p = suspended(c.stepInto()).position();
        assertEquals(line(LOOPS, "repeat 3"), p.next().line());
        p = suspended(c.stepInto()).position();
        assertEquals(line(LOOPS, "let x"), p.next().line(), "into the repeat's body");
        assertEquals(List.of(FrameState.Kind.SCENARIO, FrameState.Kind.REPEAT), p.stack().stream().map(FrameState::kind).toList());
        assertEquals(line(LOOPS, "repeat 3"), p.stack().get(0).location().line(), "the outer frame is at the block it runs");
        assertEquals(new SuspendReason.StepEnd(Command.STEP_INTO), suspended(c.stepInto()).reason());
    }

    @Test
    void stepOverRunsAWholeBlockAsOneStep() {
        SessionController c = booted(LOOPS);
        c.stepOver();                                  // let a
        Debugging.Recorder r = new Debugging.Recorder();
        c.addListener(r);
        SessionEvent e = c.stepOver();                 // the whole repeat
        assertEquals(new SuspendReason.StepEnd(Command.STEP_OVER), suspended(e).reason());
        assertEquals(line(LOOPS, "for i"), suspended(e).position().next().line());
        assertEquals("R" + "S".repeat(7) + "P", r.kinds(), "the head and three iterations of two statements");
    }

    @Test
    void stepOverStopsAtABreakpointInsideTheBlock() {
        SessionController c = booted(LOOPS);
        c.stepOver();
        c.breakpoints().add(new LineBreakpoint(FILE, line(LOOPS, "__free_page")));
        SessionEvent e = c.stepOver();
        assertEquals(line(LOOPS, "__free_page"), reason(e, SuspendReason.LineHit.class).breakpoint().line());
        assertEquals(2, suspended(e).position().stack().size(), "inside the repeat: scenario and repeat frames");
    }

    @Test
    void stepReturnLeavesTheLoopAndDuringTheBootRunsToItsEnd() {
        SessionController c = controller(LOOPS, DebugOptions.defaults().withStopAtBootPhases(true));
        reason(c.resume(), SuspendReason.BootPhase.class);
        SessionEvent boot = c.stepReturn();
        assertEquals(new SuspendReason.StepEnd(Command.STEP_RETURN), suspended(boot).reason());
        assertTrue(suspended(boot).position().booted());
        assertEquals(Kmem.FIRST_BODY_LINE, suspended(boot).position().next().line());

        c.stepInto();                                   // let a
        c.stepInto();                                   // the repeat's head
        c.stepInto();                                   // let x (iteration 1)
        Position p = suspended(c.stepReturn()).position();
        assertEquals(line(LOOPS, "for i"), p.next().line(), "every iteration of the repeat ran");
        assertEquals(1, p.stack().size());
        assertFalse(p.top().variables().containsKey("x"), "the loop's variables are gone with its frame");
    }

    @Test
    void runToLineStopsThereUnlessABreakpointComesFirst() {
        SessionController c = booted(LOOPS);
        SessionEvent e = c.runToLine(FILE, line(LOOPS, "let z"));
        SuspendReason.RunToLine to = reason(e, SuspendReason.RunToLine.class);
        assertEquals(line(LOOPS, "let z"), to.line());
        assertEquals(1L, suspended(e).position().top().variables().get("y").bits());

        SessionController d = booted(LOOPS);
        d.breakpoints().add(new LineBreakpoint(FILE, line(LOOPS, "let x")));
        assertInstanceOf(SuspendReason.LineHit.class, suspended(d.runToLine(FILE, line(LOOPS, "let done"))).reason());
    }

    @Test
    void stepBackUndoesOneStepAndIsRefusedAtTheStart() {
        SessionController c = booted(LOOPS);
        long a = suspended(c.stepInto()).position().top().variables().get("a").bits();
        Debugging.Recorder r = new Debugging.Recorder();
        c.addListener(r);
        SessionEvent e = c.stepBack();
        assertEquals(new SuspendReason.StepEnd(Command.STEP_BACK), suspended(e).reason());
        assertFalse(suspended(e).position().top().variables().containsKey("a"));
        assertEquals(Kmem.FIRST_BODY_LINE, suspended(e).position().next().line());
        assertEquals("RBP", r.kinds());
        assertEquals("let a = alloc_page(GFP_KERNEL)", r.of(SessionEvent.Restored.class).get(0).undone().label());
        assertEquals(a, suspended(c.stepInto()).position().top().variables().get("a").bits(),
                "the allocator was restored: the same frame comes back");

        SessionController fresh = controller(LOOPS);
        Debugging.Recorder r2 = new Debugging.Recorder();
        fresh.addListener(r2);
        suspended(fresh.stepBack());
        assertTrue(r2.of(SessionEvent.ProblemFound.class).get(0).problem().message().contains("nothing has run yet"));
    }

    @Test
    void steppingBackCrossesIntoTheBoot() {
        SessionController c = booted("let a = alloc_page(GFP_KERNEL)");
        c.stepInto();
        c.stepBack();                                        // the statement
        c.stepBack();                                        // BOOTED
        Position p = suspended(c.stepBack()).position();     // BUDDY
        assertFalse(p.booted());
        assertEquals(PHASES.size() - 2, p.steps());
        assertEquals(FrameState.Kind.BOOT, p.top().kind());
        // forward again: the boot resumes from there and the statement runs as before
        SessionEvent entry = c.resume();
        reason(entry, SuspendReason.Entry.class);
        assertEquals(PHASES.size(), suspended(entry).position().steps(), "every phase ran again");
        SessionEvent end = c.resume();
        assertInstanceOf(SessionEvent.Finished.class, end, end::toString);
        assertTrue(((SessionEvent.Finished) end).passed(), end::toString);
    }

    @Test
    void reverseResumeStopsWhereAResumeWouldHaveStoppedThenAtTheStart() {
        SessionController c = booted(LOOPS);
        LineBreakpoint x = new LineBreakpoint(FILE, line(LOOPS, "let x"));
        LineBreakpoint done = new LineBreakpoint(FILE, line(LOOPS, "let done"));
        c.breakpoints().add(x);
        c.breakpoints().add(done);
        List<Integer> forward = new ArrayList<>();
        SessionEvent e;
        while ((e = c.resume()) instanceof SessionEvent.Suspended s) forward.add(s.position().steps());
        assertEquals(4, forward.size(), "three iterations at let x, once at let done");
        List<Integer> backward = new ArrayList<>();
        while (true) {
            SessionEvent.Suspended s = suspended(c.reverseResume());
            if (!(s.reason() instanceof SuspendReason.LineHit hit)) {
                if (s.reason() instanceof SuspendReason.Entry) { backward.add(s.position().steps()); continue; }
                // an emulator that cannot restore across boot phases stops the way back at the
                // last boot step: the session stays where the machine is
                if (s.reason() instanceof SuspendReason.StepEnd) {
                    assertEquals(PHASES.size(), s.position().steps());
                    break;
                }
                assertInstanceOf(SuspendReason.Start.class, s.reason());
                assertEquals(0, s.position().steps());
                break;
            }
            assertTrue(hit.breakpoint().equals(x) || hit.breakpoint().equals(done));
            backward.add(s.position().steps());
        }
        List<Integer> expected = new ArrayList<>(forward.reversed());
        expected.add(PHASES.size());                    // stop at entry: where the first resume stopped
        assertEquals(expected, backward);
    }

    @Test
    void goingBackStopsAtTheOldestStepTheHistoryKeeps() {
        SessionController c = controller(LOOPS, DebugOptions.defaults().withHistory(3));
        SessionEvent.Finished end = assertInstanceOf(SessionEvent.Finished.class, c.resume());
        int steps = end.position().steps();
        SessionEvent.Suspended back = suspended(c.reverseResume());
        assertEquals(new SuspendReason.HistoryLimit(steps - 3), back.reason());
        assertEquals(steps - 3, back.position().steps());
        assertFalse(back.position().canStepBack());
        Debugging.Recorder r = new Debugging.Recorder();
        c.addListener(r);
        suspended(c.stepBack());
        assertTrue(r.of(SessionEvent.ProblemFound.class).get(0).problem().message().contains("keeps the last 3 steps"), r.events::toString);
    }

    @Test
    void aFinishedSessionCanStillStepBackAndTerminateEndsIt() {
        SessionController c = controller("let a = 1\nlet b = 2");
        assertInstanceOf(SessionEvent.Finished.class, c.resume());
        Position p = suspended(c.stepBack()).position();
        assertFalse(p.finished());
        assertEquals(line("let a = 1\nlet b = 2", "let b"), p.next().line());
        SessionEvent.Finished t = assertInstanceOf(SessionEvent.Finished.class, c.terminate());
        assertTrue(t.terminated());
        assertInstanceOf(SessionEvent.Finished.class, c.stepInto(), "nothing runs after terminate");
        assertEquals(p.steps(), c.position().steps());
    }

    @Test
    void boundVariablesAndStepsAreReportedInOrder() {
        SessionController c = booted("let a = 1\nlet b = a + 1");
        Debugging.Recorder r = new Debugging.Recorder();
        c.addListener(r);
        c.resume();
        List<Step> steps = r.of(SessionEvent.Stepped.class).stream().map(SessionEvent.Stepped::step).toList();
        assertEquals(List.of("let a = 1", "let b = a + 1"), steps.stream().map(Step::label).toList());
        assertEquals(2L, steps.get(1).value().bits());
    }

    @Test
    void anExpressionIsEvaluatedWhereTheSessionStandsWithoutChangingTheMachine() {
        String body = "let a = alloc_page(GFP_KERNEL)\nlet b = alloc_page(GFP_KERNEL)";
        SessionController plain = controller(body);
        plain.resume();
        long b = plain.position().top().variables().get("b").bits();

        SessionController c = booted(body);
        c.stepInto();
        Evaluation pfn = c.evaluate("page_to_pfn(a) == __pa(page_address(a)) >> PAGE_SHIFT");
        assertTrue(pfn.ok(), pfn::text);
        assertEquals("true", pfn.text());
        Evaluation page = c.evaluate("alloc_page(GFP_KERNEL)");
        assertTrue(page.ok(), page::text);
        assertEquals(b, page.value().bits(), "the allocation sees the state before let b");
        assertTrue(page.text().startsWith("(struct page *) 0x"), page.text());
        Evaluation unknown = c.evaluate("nosuchname + 1");
        assertFalse(unknown.ok());
        assertTrue(unknown.text().startsWith("unknown name 'nosuchname'"), unknown.text());
        assertFalse(c.evaluate("a +").ok());
        c.resume();
        assertEquals(b, c.position().top().variables().get("b").bits(), "the evaluation's allocation was undone");
    }
}
