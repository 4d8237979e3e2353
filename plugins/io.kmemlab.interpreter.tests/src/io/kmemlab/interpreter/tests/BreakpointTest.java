package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Debugging.FILE;
import static io.kmemlab.interpreter.tests.Debugging.controller;
import static io.kmemlab.interpreter.tests.Debugging.line;
import static io.kmemlab.interpreter.tests.Debugging.reason;
import static io.kmemlab.interpreter.tests.Debugging.suspended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.debug.BreakpointLines;
import io.kmemlab.interpreter.debug.EventBreakpoint;
import io.kmemlab.interpreter.debug.LineBreakpoint;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.interpreter.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Line, conditional and event breakpoints of a debug session on the real emulator. */
class BreakpointTest {
    private static final String BODY = """
            let a = alloc_page(GFP_KERNEL)

            // a comment
            let b = alloc_pages(GFP_KERNEL,
                                2)
            for i in 1 .. 4 {
                let c = i * 10
            }
            let d = page_ref_count(a)
            """;

    private static final String TEXT = Kmem.PC64_AND_PC32 + "scenario \"t\" on pc64 {\n" + BODY + "\n}\n";

    @Test
    void aBreakpointLandsOnTheLineWhereAStatementStarts() {
        int a = line(BODY, "let a"), b = line(BODY, "let b"), forLine = line(BODY, "for i"), d = line(BODY, "let d");
        assertEquals(OptionalInt.of(a), BreakpointLines.landing(TEXT, a), "a statement's own line");
        assertEquals(OptionalInt.of(b), BreakpointLines.landing(TEXT, a + 1), "a blank line moves to the next statement");
        assertEquals(OptionalInt.of(b), BreakpointLines.landing(TEXT, a + 2), "so does a comment");
        assertEquals(OptionalInt.of(b), BreakpointLines.landing(TEXT, b + 1), "the second line of a statement is the statement");
        assertEquals(OptionalInt.of(d), BreakpointLines.landing(TEXT, forLine + 2), "a closing brace moves to the next statement");
        assertEquals(OptionalInt.of(Kmem.FIRST_BODY_LINE), BreakpointLines.landing(TEXT, 1), "a line of the machine: the first statement");
        assertEquals(OptionalInt.empty(), BreakpointLines.landing(TEXT, d + 1), "after the last statement: nowhere");
    }

    @Test
    void aLineBreakpointSuspendsBeforeItsStatementAndABlankLineOneAtTheNext() {
        SessionController c = controller(BODY);
        c.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let a") + 1));   // the blank line
        SessionEvent e = c.resume();
        assertEquals(line(BODY, "let a") + 1, reason(e, SuspendReason.LineHit.class).breakpoint().line());
        assertEquals(line(BODY, "let b"), suspended(e).position().next().line());
        assertTrue(suspended(e).position().top().variables().containsKey("a"));
        assertTrue(!suspended(e).position().top().variables().containsKey("b"), "the statement has not run yet");
        assertInstanceOf(SessionEvent.Finished.class, c.resume());
    }

    @Test
    void aBreakpointOfAnotherFileNeverStops() {
        SessionController c = controller(BODY);
        c.breakpoints().add(new LineBreakpoint("other.kmem", line(BODY, "let b")));
        assertInstanceOf(SessionEvent.Finished.class, c.resume());
    }

    @Test
    void aLineBreakpointInALoopStopsAtEveryIterationAndAConditionPicksOne() {
        SessionController every = controller(BODY);
        every.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let c")));
        List<Long> seen = new ArrayList<>();
        SessionEvent e;
        while ((e = every.resume()) instanceof SessionEvent.Suspended s) seen.add(s.position().top().variables().get("i").bits());
        assertEquals(List.of(1L, 2L, 3L, 4L), seen);

        SessionController one = controller(BODY);
        one.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let c"), "i * 10 == 30 && page_ref_count(a) == 1"));
        SessionEvent hit = one.resume();
        reason(hit, SuspendReason.LineHit.class);
        assertEquals(3L, suspended(hit).position().top().variables().get("i").bits());
        assertInstanceOf(SessionEvent.Finished.class, one.resume());
    }

    @Test
    void aBrokenConditionIsAProblemAndAStopNotACrash() {
        for (String condition : List.of("nosuchname > 1", "i ==", "zone(Normal) + i")) {
            SessionController c = controller(BODY);
            Debugging.Recorder r = new Debugging.Recorder();
            c.addListener(r);
            c.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let c"), condition));
            SessionEvent e = c.resume();
            reason(e, SuspendReason.LineHit.class);
            List<SessionEvent.ProblemFound> problems = r.of(SessionEvent.ProblemFound.class);
            assertEquals(1, problems.size(), condition);
            String m = problems.get(0).problem().message();
            assertTrue(m.contains("condition `" + condition + "`"), m);
            assertEquals(line(BODY, "let c"), problems.get(0).problem().line());
        }
        SessionController c = controller(BODY);
        Debugging.Recorder r = new Debugging.Recorder();
        c.addListener(r);
        c.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let c"), "nosuchname > 1"));
        c.resume();
        assertTrue(r.of(SessionEvent.ProblemFound.class).get(0).problem().message().contains("unknown name 'nosuchname'"));
    }

    @Test
    void aConditionThatAllocatesLeavesNoTrace() {
        SessionController plain = controller(BODY);
        plain.resume();
        Value d = plain.position().top().variables().get("b");

        SessionController c = controller(BODY);
        c.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let b"), "alloc_pages(GFP_KERNEL, 2) == 0"));
        assertInstanceOf(SessionEvent.Finished.class, c.resume(), "the condition is false");
        assertEquals(d.bits(), c.position().top().variables().get("b").bits(),
                "the allocation of the condition was undone: let b got the same pages");
    }

    @Test
    void reportBreakpointsStopAfterTheStepThatReportedAndOopsIncludesABug() {
        String body = """
                let v = vmalloc(4096)
                vfree(v)
                vfree(v)
                let k = kmalloc(64, GFP_KERNEL)
                kfree(k)
                expect oops stack_buffer(65536)
                expect oops write8(0xdead000000000000, 1)
                let end = 1
                """;
        SessionController warn = controller(body);
        warn.breakpoints().add(new EventBreakpoint.Report(EventBreakpoint.ReportKind.WARN));
        SessionEvent w = warn.resume();
        SuspendReason.EventHit hit = reason(w, SuspendReason.EventHit.class);
        assertTrue(hit.detail().contains("vfree"), hit.detail());
        assertEquals(line(body, "let k"), suspended(w).position().next().line(), "after the second vfree");

        SessionController bug = controller(body);
        bug.breakpoints().add(new EventBreakpoint.Report(EventBreakpoint.ReportKind.BUG));
        assertEquals(line(body, "write8"), suspended(bug.resume()).position().next().line(), "after the stack overflow (a BUG with VMAP_STACK; a double kfree is one only with SLAB_FREELIST_HARDENED or slub_debug)");

        SessionController oops = controller(body);
        oops.breakpoints().add(new EventBreakpoint.Report(EventBreakpoint.ReportKind.OOPS));
        assertEquals(line(body, "write8"), suspended(oops.resume()).position().next().line(), "a BUG is an oops");
        SessionEvent gp = oops.resume();
        assertTrue(reason(gp, SuspendReason.EventHit.class).detail().contains("general protection"), gp::toString);
        assertEquals(line(body, "let end"), suspended(gp).position().next().line());
    }

    @Test
    void anOopsThatEndsTheScenarioStillStopsThereAndCanBeSteppedBack() {
        String body = """
                let a = 1
                write8(0xdead000000000000, 1)
                let never = 1
                """;
        SessionController c = controller(body);
        c.breakpoints().add(new EventBreakpoint.Report(EventBreakpoint.ReportKind.OOPS));
        SessionEvent e = c.resume();
        reason(e, SuspendReason.EventHit.class);
        assertTrue(suspended(e).position().finished(), "the oops ended the scenario");
        assertEquals(line(body, "write8"), suspended(e).position().last().location().line());
        assertEquals(line(body, "write8"), suspended(c.stepBack()).position().next().line());
        reason(c.resume(), SuspendReason.EventHit.class);
        assertInstanceOf(SessionEvent.Finished.class, c.resume());
    }
}
