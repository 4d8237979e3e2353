package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
