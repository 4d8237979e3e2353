package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Budget;
import io.kmemlab.interpreter.exec.LimitKnobs;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.load.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loop counts are unsigned, as the kernel's unsigned long: 0xffffffffffffffff is the largest
 * count, not -1 (it used to run zero times, silently). A run that a budget stops says which
 * budget and how to raise it.
 */
class BudgetTest {
    @Test
    void theLargestRepeatCountRunsUntilTheStepBudgetStopsIt() {
        Session s = Session.start(Kmem.scenarioOn("pc64", "repeat 0xffffffffffffffff { let x = 1 }"), Limits.defaults().withMaxSteps(3000));
        s.runToEnd(null);
        assertEquals(3000, s.steps().size());
        assertEquals(List.of("step budget exhausted: 3000 steps run (the boot's included), the limit is 3000 (a loop that runs too "
                + "long?); the scenario stops here. Raise it with --max-steps N"), errors(s).stream().map(Problem::message).toList());
        assertEquals(Kmem.FIRST_BODY_LINE, errors(s).get(0).line());
    }

    @Test
    void aForUpToTheLargestValueRunsUntilTheStepBudgetStopsIt() {
        Session s = Session.start(Kmem.scenarioOn("pc64", "for i in 0 .. 0xffffffffffffffff { let x = i }"), Limits.defaults().withMaxSteps(3000));
        s.runToEnd(null);
        assertEquals(3000, s.steps().size());
        assertTrue(errors(s).get(0).message().startsWith("step budget exhausted: 3000 steps run"), errors(s).toString());
    }

    @Test
    void theTimeBudgetCountsTheBootAndNamesItsOption() {
        // no time at all: the first step (a boot phase) already spends it
        Session s = Session.start(Kmem.scenarioOn("pc64", "let x = 1"), Limits.defaults().withMaxRunMillis(0));
        s.runToEnd(null);
        assertEquals(1, s.steps().size());
        assertEquals(List.of("time budget exhausted: 0 s spent running 1 steps (the boot's included), the limit is 0 s; the scenario "
                + "stops here. Raise it with --max-seconds N"), errors(s).stream().map(Problem::message).toList());
    }

    @Test
    void theMemoryCapSaysHowToRaiseIt() {
        Session s = Session.start(Kmem.scenarioOn("pc64", "repeat 100000 { let x = 1 }"), Limits.defaults().withMaxHeap(1));
        s.runToEnd(null);
        String m = errors(s).get(0).message();
        assertTrue(m.startsWith("memory cap reached: ") && m.endsWith(" MiB (90% of the JVM's heap); the scenario stops here. Raise it "
                + "by giving Java more heap, e.g. JAVA_TOOL_OPTIONS=-Xmx8g"), m);
    }

    /** A front end other than the command line (the debugger, the debug adapter) names its own setting in every stop. */
    @Test
    void aStopNamesTheKnobOfTheFrontEndThatSetTheLimits() {
        LimitKnobs knobs = new LimitKnobs("STEPS-KNOB", "SECONDS-KNOB", "MIB-KNOB", "HEAP-KNOB");
        Session steps = Session.start(Kmem.scenarioOn("pc64", "repeat 100 { let x = 1 }"), Limits.defaults().withMaxSteps(20).withKnobs(knobs));
        steps.runToEnd(null);
        assertTrue(errors(steps).get(0).message().endsWith("the scenario stops here. Raise it with STEPS-KNOB"), errors(steps).toString());
        Session time = Session.start(Kmem.scenarioOn("pc64", "let x = 1"), Limits.defaults().withMaxRunMillis(0).withKnobs(knobs));
        time.runToEnd(null);
        assertTrue(errors(time).get(0).message().endsWith("Raise it with SECONDS-KNOB"), errors(time).toString());
        Session heap = Session.start(Kmem.scenarioOn("pc64", "repeat 1000 { let x = 1 }"), Limits.defaults().withMaxHeap(1).withKnobs(knobs));
        heap.runToEnd(null);
        assertTrue(errors(heap).get(0).message().endsWith("Raise it by HEAP-KNOB"), errors(heap).toString());
    }

    @Test
    void aBudgetValueIsAWholeNumberInItsRange() {
        assertEquals(new Budget.Parsed(256, null), Budget.HISTORY_MIB.parse("Max history", " 256 "));
        assertEquals(new Budget.Parsed(1_000_000, null), Budget.STEPS.parse("Max steps", "1_000_000"));
        assertEquals("Max steps is not a whole number: \"ten\"; enter a number of steps from 1 to 1000000000000 (default 1000000)",
                Budget.STEPS.parse("Max steps", "ten").error());
        assertEquals("Max history is out of range: 0 MiB; enter a number from 1 to 1048576 (default 256)",
                Budget.HISTORY_MIB.parse("Max history", "0").error());
        assertEquals("Max seconds is out of range: -5 seconds; enter a number from 1 to 10000000 (default 300)",
                Budget.SECONDS.parse("Max seconds", "-5").error());
        // past a long: out of range, not a crash
        assertFalse(Budget.STEPS.parse("Max steps", "99999999999999999999999").ok());
        assertFalse(Budget.SECONDS.parse("Max seconds", "2.5").ok());
        assertTrue(Budget.SECONDS.parse("Max seconds", "").error().startsWith("Max seconds is empty"));
    }

    @Test
    void aBudgetSetsItsLimitInItsUnit() {
        Limits l = Budget.HISTORY_MIB.apply(Budget.SECONDS.apply(Budget.STEPS.apply(Limits.defaults(), 77), 9), 3);
        assertEquals(77, l.maxSteps());
        assertEquals(9_000, l.maxRunMillis());
        assertEquals(3L << 20, l.historyBytes());
        assertEquals(3, Budget.HISTORY_MIB.of(l));
        // the defaults are the command line's (--max-steps, --max-seconds, --max-history-mib)
        for (Budget b : Budget.values()) assertEquals(b.defaultValue(), b.of(Limits.defaults()), b.name());
    }
}
