package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.Machine;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.exec.TraceItem;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.types.Kind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interpreter's rules, on the real emulator (the pc64 and pc32 machines of {@link Kmem}). */
class SessionTest {
    /** One boot step per phase after CREATED (io.kmemlab.emulator.spec.BootPhase). */
    private static final List<BootPhase> PHASES = Arrays.stream(BootPhase.values()).filter(p -> p != BootPhase.CREATED).toList();
    private static final int BOOT = PHASES.size();
    private static final int FIRST = Kmem.FIRST_BODY_LINE;

    private static Session start(String body) {
        return Session.start(Kmem.scenarioOn("pc64", body), Limits.defaults().withHistory(100));
    }

    private static Session run(String body) {
        Session s = start(body);
        s.runToEnd(null);
        return s;
    }

    private static void boot(Session s) {
        for (int i = 0; i < BOOT; i++) s.step();
    }

    @Test
    void bootPhasesAreStepsBeforeTheFirstStatement() {
        Session s = start("let p = alloc_page(GFP_KERNEL)");
        for (BootPhase phase : PHASES) {
            Step st = s.step();
            assertEquals(Step.Kind.BOOT, st.kind());
            assertEquals("boot: " + phase, st.label());
            assertEquals(phase, s.machine().phase(), "the session's machine is the one that booted");
        }
        assertTrue(s.booted());
        assertEquals(FIRST, s.currentLocation().line(), "the next step is the first statement");
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
        assertEquals(Kind.PAGE, q.kind());
        assertEquals(p.bits() + 2 * 64, q.bits(), "sizeof(struct page) is 64 on x86_64 (include/linux/mm_types.h)");
    }

    @Test
    void valuesOfAnyKindCompareNumericallyAndZonesByIdentity() {
        // x86_64 4-level: VMEMMAP_START 0xffffea0000000000 (Documentation/arch/x86/x86_64/mm.rst);
        // ZONE_DMA32 covers 16 MiB .. 4 GiB (arch/x86/mm/init.c zone_sizes_init); enum zone_type
        // orders DMA, DMA32, NORMAL (include/linux/mmzone.h)
        Session s = run("""
                expect pfn_to_page(0x10) == VMEMMAP_START + 0x10 * 64
                expect pfn_to_page(0x10) == 0xffffea0000000400
                expect page_to_pfn(pfn_to_page(0x10)) == 16
                expect zone(DMA32) == zone(DMA32)
                expect zone(DMA) != zone(DMA32)
                expect page_zone(pfn_to_page(0x1000)) == DMA32
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
        assertEquals(FIRST + 1, e.get(0).line());
        long pfn = (s.variables().get("p").bits() - 0xffffea0000000000L) / 64;
        assertTrue(e.get(0).message().contains("left: (pfn) 0x" + Long.toHexString(pfn)), e.get(0).message());
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
        // a non-canonical address is a #GP, not a page fault (arch/x86/kernel/traps.c exc_general_protection)
        // (6.10+ __die_header prefixes "Oops: ", arch/x86/kernel/dumpstack.c)
        assertTrue(e.get(0).message().startsWith("oops: Oops: general protection fault, probably for non-canonical address 0xdead000000000000"),
                e.get(0).message());
        assertEquals(FIRST, e.get(0).line());
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

        Session bad = run("""
                let k = kmalloc(64, GFP_KERNEL)
                expect oops write8(k, 1)
                """);
        assertEquals(1, errors(bad).size(), errors(bad)::toString);
        assertTrue(errors(bad).get(0).message().contains("completed without an oops"), errors(bad).toString());
    }

    @Test
    void aWarnIsAWarningUnlessExpected() {
        // mm/page_alloc.c __alloc_pages: WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER, gfp)
        Session s = run("let p = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1)");
        assertEquals(List.of(), errors(s));
        assertTrue(s.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.WARNING && p.message().contains("WARNING: CPU")),
                s.problems().toString());
        Session expected = run("expect warn alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1)");
        assertTrue(expected.problems().isEmpty(), expected.problems().toString());
        Session missing = run("expect sigsegv alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1)");
        assertEquals(1, errors(missing).size(), missing.problems().toString());
    }

    @Test
    void whatTheEmulatorLacksIsReportedAsNotSupportedAtItsLine() {
        Session s = run("""
                let a = alloc_page(GFP_KERNEL)
                show zoneinfo DMA32
                """);
        List<Problem> e = errors(s);
        assertEquals(1, e.size());
        assertEquals(FIRST + 1, e.get(0).line());
        assertTrue(e.get(0).message().startsWith("not supported yet: show zoneinfo DMA32"), e.get(0).message());
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
        Session zoneArith = run("let z = zone(DMA32) + 1");
        assertTrue(errors(zoneArith).get(0).message().contains("needs a number here; this is a zone"), errors(zoneArith).toString());
        Session index = run("let l = alloc_page(GFP_KERNEL)[0]");
        assertTrue(errors(index).get(0).message().contains("indexes a list"), errors(index).toString());
        Session arity = run("let n = page_to_pfn(alloc_page(GFP_KERNEL), 3)");
        assertTrue(errors(arity).get(0).message().startsWith("page_to_pfn() takes 1 argument, not 2"), errors(arity).toString());
    }

    @Test
    void theStepBudgetStopsARunawayLoop() {
        Session s = Session.start(Kmem.scenarioOn("pc64", "repeat 1000000000 { let x = 1 }"), Limits.defaults().withMaxSteps(5000));
        s.runToEnd(null);
        assertTrue(s.finished());
        assertEquals(5000, s.steps().size());
        List<Problem> e = errors(s);
        assertEquals(1, e.size());
        assertTrue(e.get(0).message().startsWith("step budget exhausted: 5000 steps run"), e.get(0).message());
        assertEquals(FIRST, e.get(0).line());
    }

    @Test
    void theMemoryCapStopsTheRun() {
        Session s = Session.start(Kmem.scenarioOn("pc64", "repeat 100000 { let x = 1 }"), Limits.defaults().withMaxHeap(1));
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
        boot(s);
        assertEquals(Step.Kind.ENTER, s.step().kind());
        assertEquals(List.of("scenario \"t\"", "process app"), s.stackLabels());
        assertEquals("app", s.frames().get(1).task().name(), "the process block runs as the emulator's task of that name");
        s.step();
        assertEquals(List.of("scenario \"t\"", "process app", "repeat 2 (iteration 1 of 2)"), s.stackLabels());
        assertEquals(FIRST + 2, s.currentLocation().line());
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
        boot(s);
        List<Step> over = s.stepOver();
        assertEquals(4, over.size(), "the repeat header and its three iterations");
        assertEquals(FIRST + 1, s.currentLocation().line());
        s.step();                                  // enter the for
        s.step();                                  // let y = 1
        assertEquals(1, s.variables().get("y").bits());
        List<Step> ret = s.stepReturn();
        assertEquals(7, ret.size(), "the rest of iteration 1 and iterations 2..4");
        assertEquals(FIRST + 5, s.currentLocation().line());
        assertFalse(s.variables().containsKey("y"), "the loop's variables are gone with its frame");
    }

    @Test
    void backRestoresTheMachineAndTheFrames() {
        Session s = start("""
                let a = alloc_page(GFP_KERNEL)
                let b = alloc_page(GFP_KERNEL)
                """);
        boot(s);
        s.step();
        Value a = s.variables().get("a");
        Step b1 = s.step();
        assertTrue(s.back());
        assertFalse(s.variables().containsKey("b"));
        assertEquals(FIRST + 1, s.currentLocation().line());
        Step b2 = s.step();
        assertEquals(b1.value(), b2.value(), "the allocator was restored: the same frame comes back");
        assertNotEquals(a, b2.value());
        assertTrue(s.back());
        assertTrue(s.back());
        assertFalse(s.variables().containsKey("a"));
    }

    /**
     * Stepping back over a boot step: the session changes its state only when the machine
     * really went back. Either both are in the earlier phase or both stay where they were;
     * never a session that thinks it is booting on a booted machine.
     */
    @Test
    void backOverABootStepLeavesSessionAndMachineAgreeing() {
        Session s = start("let a = alloc_page(GFP_KERNEL)");
        boot(s);
        s.step();
        assertTrue(s.back(), "a statement step goes back within the booted phase");
        assertTrue(s.booted());
        BootPhase before = s.machine().phase();
        int steps = s.steps().size();
        boolean wentBack = s.back();                         // over the last boot step (BOOTED)
        Machine m = s.machine();
        assertEquals(m.booted(), s.booted(), "session and machine agree whether the machine is booted");
        if (wentBack) {
            assertEquals(PHASES.get(PHASES.size() - 2), m.phase());
            assertEquals(steps - 1, s.steps().size());
            Step again = s.step();
            assertEquals("boot: " + BootPhase.BOOTED, again.label());
            assertTrue(s.booted() && m.booted());
        } else {
            assertEquals(before, m.phase(), "a refused restore leaves the machine where it was");
            assertEquals(steps, s.steps().size(), "and the session too");
        }
        s.runToEnd(null);
        assertEquals(List.of(), errors(s));
        assertTrue(s.variables().containsKey("a"));
    }

    @Test
    void stepsCarryTheTraceAndTheBinding() {
        Session s = start("let p = alloc_page(GFP_KERNEL)");
        boot(s);
        Step st = s.step();
        assertEquals("let p = alloc_page(GFP_KERNEL)", st.label());
        assertEquals(Kind.PAGE, st.value().kind());
        long pfn = (st.value().bits() - 0xffffea0000000000L) / 64;
        assertTrue(st.events().stream().anyMatch(e -> e instanceof StepEvent.Trace t && t.item() instanceof TraceItem.Formula f
                && f.text().startsWith("pfn_to_page(0x" + Long.toHexString(pfn) + ")")), st.events().toString());
        assertTrue(st.events().stream().anyMatch(e -> e instanceof StepEvent.Bound b && b.name().equals("p")));
    }

    @Test
    void aBlockStatementIsLabelledByItsHeadOnly() {
        Session s = start("repeat 2 {\n    let p = alloc_page(GFP_KERNEL)\n}");
        boot(s);
        Step enter = s.step();
        assertEquals("repeat 2 {", enter.label(), "the body's statements are steps of their own");
        assertEquals("let p = alloc_page(GFP_KERNEL)", s.step().label());
    }
}
