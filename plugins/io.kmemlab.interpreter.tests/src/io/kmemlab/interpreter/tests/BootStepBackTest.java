package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stepping back over boot steps on the real emulator: the machine goes back to the boot
 * phase of that step, so the session's idea of "booted" and the machine's phase agree, and
 * stepping forward again boots and runs exactly as the first time.
 */
class BootStepBackTest {
    @Test
    void backOverBootStepsReturnsTheMachineToEachPhase() {
        Session s = Session.start(Kmem.scenarioOn("pc64", """
                let p = alloc_page(GFP_KERNEL)
                expect page_count(p) == 1
                """), Limits.defaults().withHistory(100));
        Machine m = s.machine();
        List<BootPhase> phaseBefore = new ArrayList<>();        // the machine's phase before each boot step
        List<Step> first = new ArrayList<>();
        while (!s.booted()) {
            phaseBefore.add(m.phase());
            first.add(s.step());
        }
        assertEquals(BootPhase.BOOTED, m.phase());
        Step alloc = s.step();
        assertTrue(s.back());                                   // the statement
        for (int i = phaseBefore.size() - 1; i >= 0; i--) {
            assertTrue(s.back(), "back over boot step " + i);
            assertEquals(phaseBefore.get(i), m.phase(), "machine phase after stepping back over boot step " + i);
            assertFalse(s.booted());
        }
        for (Step st : first) assertEquals(st.label(), s.step().label());
        assertTrue(s.booted());
        assertEquals(BootPhase.BOOTED, m.phase());
        assertEquals(alloc.value(), s.step().value(), "the re-booted machine hands out the same page");
        s.runToEnd(null);
        assertTrue(s.passed());
    }
}
