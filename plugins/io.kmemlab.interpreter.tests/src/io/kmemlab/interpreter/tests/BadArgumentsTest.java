package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Built-ins given a node that is not online: NODE_DATA(nid) of such a node is NULL
 * (arch/x86/include/asm/mmzone_64.h, node_data[] is set up for online nodes only), so the call
 * is refused at its line in those words instead of an IndexOutOfBoundsException.
 */
class BadArgumentsTest {
    private static List<String> messages(ScenarioResult r) {
        return r.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
    }

    @Test
    void nodeMemMapOfANodeThatIsNotOnline() {
        ScenarioResult r = new ScenarioRunner().run(Kmem.scenarioOn("pc32", "    let p = node_mem_map(99)"));
        assertFalse(r.passed());
        assertEquals(List.of(Kmem.FIRST_BODY_LINE + ": node_mem_map(99): node 99 is not online: this machine has node 0 only, "
                + "and NODE_DATA(99) is NULL"), messages(r));
    }

    @Test
    void allocPagesNodeOfANegativeNode() {
        ScenarioResult r = new ScenarioRunner().run(Kmem.scenarioOn("pc64", "    let p = alloc_pages_node(-1, GFP_KERNEL, 0)"));
        assertFalse(r.passed());
        assertEquals(List.of(Kmem.FIRST_BODY_LINE + ": alloc_pages_node(-1): node -1 is not online: this machine has node 0 only, "
                + "and NODE_DATA(-1) is NULL"), messages(r));
        assertEquals(Problem.Severity.ERROR, r.problems().get(0).severity());
    }
}
