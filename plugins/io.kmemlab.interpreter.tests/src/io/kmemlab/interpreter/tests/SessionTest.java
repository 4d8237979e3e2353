package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interpreter's rules, on a stand-in machine ({@link FakeMachine}). */
class SessionTest {
    private static final int BOOT = FakeMachine.PHASES.length;

    private static Session start(String body) {
        return Session.start(Kmem.scenario(body), Limits.defaults().withHistory(100), FakeMachine::new);
    }

    private static Session run(String body) {
        Session s = start(body);
        s.runToEnd(null);
        return s;
    }

    private static List<Problem> errors(Session s) {
        return s.problems().stream().filter(Problem::isError).toList();
    }

    @Test
    void bootPhasesAreStepsBeforeTheFirstStatement() {
        Session s = start("let p = alloc_page(GFP_KERNEL)");
        for (int i = 0; i < BOOT; i++) {
            Step st = s.step();
            assertEquals(Step.Kind.BOOT, st.kind());
            assertEquals("boot: " + FakeMachine.PHASES[i], st.label());
        }
        assertTrue(s.booted());
        assertEquals(7, s.currentLocation().line(), "the next step is the first statement");
    }

    @Test
    void structPageArithmeticIsInUnitsOfTheDescriptor() {
        Session s = run("""
                let p = alloc_pages(GFP_KERNEL, 2)
                expect p + 1 == pfn_to_page(page_to_pfn(p) + 1)
                expect (p + 3) - p == 3
                expect p + 1 - p == 1
                let q = p + 2
                """);
        assertEquals(List.of(), errors(s));
        Value p = s.variables().get("p"), q = s.variables().get("q");
        assertEquals(CType.PAGE, q.type());
        assertEquals(p.bits() + 2 * 64, q.bits());
    }

    @Test
    void valuesOfAnyKindCompareNumericallyAndZonesByIdentity() {
        Session s = run("""
                expect pfn_to_page(0x10) == VMEMMAP_START + 0x10 * 64
                expect page_to_pfn(pfn_to_page(0x10)) == 16
                expect zone(Normal) == zone(Normal)
                expect zone(DMA) != zone(Normal)
                expect page_zone(pfn_to_page(0x100000)) == Normal
                expect ZONE_NORMAL == 2
                expect pfn_to_page(1) > 0
                """);
        assertEquals(List.of(), errors(s));
    }

    @Test
    void aFailedExpectNamesTheLineAndBothSides() {
        Session s = run("""
                let p = alloc_page(GFP_KERNEL)
                expect page_to_pfn(p) == 0x2000
                let after = 1
                """);
        List<Problem> e = errors(s);
        assertEquals(1, e.size(), e::toString);
        assertEquals(8, e.get(0).line());
        assertTrue(e.get(0).message().contains("left: (unsigned long (pfn)) 0x1000"), e.get(0).message());
        assertTrue(e.get(0).message().contains("right: 8192"), e.get(0).message());
        assertTrue(s.variables().containsKey("after"), "a failed expect does not end the scenario");
        assertFalse(s.passed());
    }

    @Test
    void anUnexpectedOopsEndsTheScenario() {
        Session s = run("""
                write8(0xdead000000000000, 1)
                let after = 1
                """);
        List<Problem> e = errors(s);
        assertEquals(1, e.size());
        assertTrue(e.get(0).message().startsWith("oops: general protection fault, probably for non-canonical address 0xdead000000000000"), e.get(0).message());
        assertEquals(7, e.get(0).line());
        assertEquals(BOOT + 1, s.steps().size(), "the statement after the oops did not run");
    }

    @Test
    void expectOopsHoldsWhenTheStatementOopsesAndFailsWhenItDoesNot() {
        Session ok = run("""
                expect oops write8(0xdead000000000000, 1)
                let after = 1
                """);
        assertEquals(List.of(), errors(ok));
        assertTrue(ok.variables().containsKey("after"));

        Session bad = run("expect oops write8(0xffff888000000000, 1)");
        assertEquals(1, errors(bad).size());
        assertTrue(errors(bad).get(0).message().contains("completed without an oops"), errors(bad).toString());
    }

    @Test
    void aWarnIsAWarningUnlessExpected() {
        Session s = run("warn_once()");
        assertEquals(List.of(), errors(s));
        assertTrue(s.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.WARNING && p.message().contains("WARNING: CPU")));
        Session expected = run("expect warn warn_once()");
        assertTrue(expected.problems().isEmpty(), expected.problems().toString());
        Session missing = run("expect sigsegv warn_once()");
        assertEquals(1, errors(missing).size(), missing.problems().toString());
    }

    @Test
    void whatTheEmulatorLacksIsReportedAsNotSupportedAtItsLine() {
        Session s = run("""
                let a = alloc_page(GFP_KERNEL)
                let v = vmalloc(4096)
                """);
        List<Problem> e = errors(s);
        assertEquals(1, e.size());
        assertEquals(8, e.get(0).line());
        assertTrue(e.get(0).message().startsWith("not supported yet: vmalloc()"), e.get(0).message());
    }

    @Test
    void wrongKindsAndUnknownNamesGetMessagesSayingWhatToDo() {
        Session deref = run("""
                let p = alloc_page(GFP_KERNEL)
                expect *p
                """);
        assertTrue(errors(deref).get(0).message().contains("unary * reads a page-table entry through an entry pointer"), errors(deref).toString());
        Session unknown = run("expect nosuchname == 1");
        assertTrue(errors(unknown).get(0).message().startsWith("unknown name 'nosuchname'"), errors(unknown).toString());
        Session zoneArith = run("let z = zone(Normal) + 1");
        assertTrue(errors(zoneArith).get(0).message().contains("needs a number here; this is a zone"), errors(zoneArith).toString());
        Session index = run("let l = alloc_page(GFP_KERNEL)[0]");
        assertTrue(errors(index).get(0).message().contains("indexes a list"), errors(index).toString());
    }

    @Test
    void theStepBudgetStopsARunawayLoop() {
        Session s = Session.start(Kmem.scenario("repeat 1000000000 { let x = alloc_page(GFP_KERNEL) }"),
                Limits.defaults().withMaxSteps(5000), FakeMachine::new);
        s.runToEnd(null);
        assertTrue(s.finished());
        assertEquals(5000, s.steps().size());
        List<Problem> e = errors(s);
        assertEquals(1, e.size());
        assertTrue(e.get(0).message().startsWith("step budget exhausted: 5000 steps run"), e.get(0).message());
        assertEquals(7, e.get(0).line());
    }

    @Test
    void theMemoryCapStopsTheRun() {
        Session s = Session.start(Kmem.scenario("repeat 100000 { let x = 1 }"),
                Limits.defaults().withMaxHeap(1), FakeMachine::new);
        s.runToEnd(null);
        assertTrue(errors(s).get(0).message().startsWith("memory cap reached"), errors(s).toString());
        assertTrue(s.steps().size() < 1000);
    }

    @Test
    void framesShowProcessAndLoopBodies() {
        Session s = start("""
                process app {
                    repeat 2 {
                        let x = alloc_page(GFP_KERNEL)
                    }
                }
                """);
        for (int i = 0; i < BOOT; i++) s.step();
        assertEquals(Step.Kind.ENTER, s.step().kind());
        assertEquals(List.of("scenario \"t\"", "process app"), s.stackLabels());
        s.step();
        assertEquals(List.of("scenario \"t\"", "process app", "repeat 2 (iteration 1 of 2)"), s.stackLabels());
        assertEquals(9, s.currentLocation().line());
        s.step();
        assertEquals("repeat 2 (iteration 2 of 2)", s.stackLabels().get(2));
        s.step();
        assertTrue(s.finished());
    }

    @Test
    void stepOverRunsAWholeBlockAndStepReturnLeavesIt() {
        Session s = start("""
                repeat 3 { let x = alloc_page(GFP_KERNEL) }
                for i in 1 .. 4 {
                    let y = i
                    let z = i * 2
                }
                let done = 1
                """);
        for (int i = 0; i < BOOT; i++) s.step();
        List<Step> over = s.stepOver();
        assertEquals(4, over.size(), "the repeat header and its three iterations");
        assertEquals(8, s.currentLocation().line());
        s.step();                                  // enter the for
        s.step();                                  // let y = 1
        assertEquals(1, s.variables().get("y").bits());
        List<Step> ret = s.stepReturn();
        assertEquals(7, ret.size(), "the rest of iteration 1 and iterations 2..4");
        assertEquals(12, s.currentLocation().line());
        assertFalse(s.variables().containsKey("y"), "the loop's variables are gone with its frame");
    }

    @Test
    void backRestoresTheMachineAndTheFrames() {
        Session s = start("""
                let a = alloc_page(GFP_KERNEL)
                let b = alloc_page(GFP_KERNEL)
                """);
        for (int i = 0; i < BOOT; i++) s.step();
        s.step();
        Value a = s.variables().get("a");
        Step b1 = s.step();
        assertTrue(s.back());
        assertFalse(s.variables().containsKey("b"));
        assertEquals(8, s.currentLocation().line());
        Step b2 = s.step();
        assertEquals(b1.value(), b2.value(), "the allocator was restored: the same frame comes back");
        assertNotEquals(a, b2.value());
        assertTrue(s.back());
        assertTrue(s.back());
        assertFalse(s.variables().containsKey("a"));
    }

    @Test
    void stepsCarryTheTraceAndTheBinding() {
        Session s = start("let p = alloc_page(GFP_KERNEL)");
        for (int i = 0; i < BOOT; i++) s.step();
        Step st = s.step();
        assertEquals("let p = alloc_page(GFP_KERNEL)", st.label());
        assertEquals(CType.PAGE, st.value().type());
        assertTrue(st.events().stream().anyMatch(e -> e.toString().contains("alloc_pages -> pfn 4096")), st.events().toString());
        assertTrue(st.events().stream().anyMatch(e -> e instanceof io.kmemlab.interpreter.exec.StepEvent.Bound b && b.name().equals("p")));
    }

    @Test
    void aBlockStatementIsLabelledByItsHeadOnly() {
        Session s = start("repeat 2 {\n    let p = alloc_page(GFP_KERNEL)\n}");
        for (int i = 0; i < BOOT; i++) s.step();
        Step enter = s.step();
        assertEquals("repeat 2 {", enter.label(), "the body's statements are steps of their own");
        assertEquals("let p = alloc_page(GFP_KERNEL)", s.step().label());
    }
}
