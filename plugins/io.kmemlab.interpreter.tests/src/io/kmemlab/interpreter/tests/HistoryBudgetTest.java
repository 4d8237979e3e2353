package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.load.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a run keeps of its past is held within Limits.historyBytes: a long loop no longer grows
 * it without bound. Asserted on the session's accounted bytes, which grow with every step kept.
 */
class HistoryBudgetTest {
    private static final long BUDGET = 1L << 20;
    /** One iteration's worth of slack: the budget is enforced after each step. */
    private static final long ONE_STEP = 64L << 10;
    /** The boot phases (MEMBLOCK .. BOOTED) are the first steps. */
    private static final int BOOT_STEPS = 7;

    private static Session run(String body, Limits limits) {
        Session s = Session.start(Kmem.scenarioOn("pc64", body), limits);
        s.runToEnd(null);
        return s;
    }

    @Test
    void aLongPlainRunStaysWithinTheBudgetAndKeepsItsFindings() {
        String body = "expect 1 == 2\nrepeat %d { let p = alloc_page(GFP_KERNEL)\n __free_page(p) }";
        Session unbounded = run(body.formatted(20_000), Limits.defaults().withHistoryBytes(Long.MAX_VALUE));
        Session half = run(body.formatted(10_000), Limits.defaults().withHistoryBytes(Long.MAX_VALUE));
        assertTrue(unbounded.historyBytes() > BUDGET * 3, "the accounting counts every step: " + unbounded.historyBytes());
        assertTrue(unbounded.historyBytes() > half.historyBytes() * 3 / 2, "without a budget, twice the loop keeps about twice the bytes");

        Session bounded = run(body.formatted(20_000), Limits.defaults().withHistoryBytes(BUDGET));
        assertEquals(unbounded.steps().size(), bounded.steps().size(), "every step still counts");
        assertTrue(bounded.historyBytes() <= BUDGET, bounded.historyBytes() + " bytes kept, budget " + BUDGET);
        // the first statement (after the boot's steps) is forgotten, its failed expect still reported
        int first = BOOT_STEPS;
        assertTrue(unbounded.steps().get(first).label().startsWith("expect 1 == 2"), unbounded.steps().get(first).label());
        assertEquals("(step " + first + ": no longer kept, beyond the history budget)", bounded.steps().get(first).label());
        List<Problem> errors = bounded.problems().stream().filter(Problem::isError).toList();
        assertEquals(unbounded.problems().stream().filter(Problem::isError).toList(), errors);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(Kmem.FIRST_BODY_LINE, errors.get(0).line());
    }

    @Test
    void aDebugRunDropsItsOldestCheckpointsAndSaysHowFarBackItCanGo() {
        String body = "repeat 3000 { let p = alloc_page(GFP_KERNEL)\n __free_page(p) }";
        Session s = run(body, Limits.defaults().withHistory(10_000).withHistoryBytes(BUDGET));
        assertTrue(s.historyBytes() <= BUDGET + ONE_STEP, s.historyBytes() + " bytes kept, budget " + BUDGET);
        assertTrue(s.historyTrimmedForMemory());
        int kept = s.stepsBackKept();
        assertTrue(kept >= 1 && kept < s.steps().size(), "kept " + kept + " of " + s.steps().size());

        Session big = run(body, Limits.defaults().withHistory(10_000).withHistoryBytes(Long.MAX_VALUE));
        assertFalse(big.historyTrimmedForMemory());
        assertTrue(big.stepsBackKept() > kept * 3, "without a memory budget only the step count limits: " + big.stepsBackKept());
        assertTrue(big.historyBytes() > BUDGET * 3, "the checkpoints' pages are counted: " + big.historyBytes());

        SessionController c = new SessionController(s, DebugOptions.defaults());
        for (int i = 0; i < kept; i++) assertTrue(s.back(), "step back " + (i + 1) + " of " + kept);
        Debugging.Recorder r = new Debugging.Recorder();
        c.addListener(r);
        c.stepBack();
        assertEquals("step back: no earlier step is kept (the session keeps the last 10000 steps within 1 MiB of history; this run filled that "
                + "budget, so it kept fewer; raise it with --max-history-mib N)", r.of(SessionEvent.ProblemFound.class).get(0).problem().message());
    }
}
