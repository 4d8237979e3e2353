package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.KmemFactory;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.Scenario;
import org.junit.jupiter.api.Test;

/**
 * Expressions far deeper than a recursive evaluator's stack: a chain a + b + c ... is as deep
 * as it is long once parsed, and is evaluated in a loop. The parser stops files at 2,000
 * operators per expression (node-model depth); the model here is built directly, to one
 * hundred thousand, as a tool could.
 */
class DeepExpressionTest {
    @Test
    void aChainOfOneHundredThousandAdditionsIsEvaluatedWithoutRecursion() {
        Scenario s = Kmem.scenario("    let y = 1\n    let x = y\n    expect x == 100000");
        Let let = (Let) s.getBody().getStatements().get(1);
        let.setValue(chain(let.getValue(), 100_000));
        ScenarioResult r = new ScenarioRunner().run(s);
        assertTrue(r.passed(), () -> r.problems().toString());
    }

    /** {@code first + y + y ...} with {@code terms} terms, built outside the resource and attached once (each move inside it is O(depth)). */
    static Expression chain(Expression first, int terms) {
        Expression e = org.eclipse.emf.ecore.util.EcoreUtil.copy(first);
        for (int i = 1; i < terms; i++) {
            Binary b = KmemFactory.eINSTANCE.createBinary();
            b.setOp("+");
            NameRef y = KmemFactory.eINSTANCE.createNameRef();
            y.setName("y");
            b.setLeft(e);
            b.setRight(y);
            e = b;
        }
        return e;
    }
}
