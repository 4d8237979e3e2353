package io.kmemlab.lang.tests.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.KmemFactory;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.parser.NestingLimit;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import io.kmemlab.lang.validation.IssueCodes;
import io.kmemlab.lang.validation.KmemCompositeEValidator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EValidator;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.FeatureBasedDiagnostic;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inputs nested deeper than a recursive parser can follow, and chains longer than a recursive
 * validator could: each ends in diagnostics (a syntax error at the first level too deep, with
 * its line and column), never in a StackOverflowError. Columns are counted in the texts built
 * here.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class DeepNestingTest {
    private static final String HEAD = "machine pc { arch x86_64 ram 0 size 128M }\nscenario \"s\" on pc {\n";
    private static final int BODY_LINE = 3;
    private static final String MESSAGE = "nested deeper than 128 levels (each (, [, {, unary operator and else if opens one): "
            + "split it up, naming inner expressions with let";
    private static final String TOO_LONG = "more than 2000 operators in one expression: split it up, naming parts with let";

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private IResourceValidator validator;

    @Inject
    private KmemCompositeEValidator composite;

    private List<Issue> issues(String body) throws Exception {
        XtextResource r = (XtextResource) resourceSets.get().createResource(URI.createURI("deep.kmem"));
        r.load(new ByteArrayInputStream((HEAD + body + "\n}\n").getBytes(StandardCharsets.UTF_8)), null);
        return validator.validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
    }

    private static String shown(List<Issue> issues) {
        return issues.stream().map(i -> i.getLineNumber() + ":" + i.getColumn() + ": " + i.getMessage()).collect(Collectors.joining("\n"));
    }

    /** The one issue at line:column with the nesting message, and no other. */
    private static void onlyTooDeepAt(List<Issue> issues, int line, int column) {
        assertEquals(1, issues.size(), () -> shown(issues));
        Issue i = issues.get(0);
        assertEquals(line + ":" + column + ": " + MESSAGE, i.getLineNumber() + ":" + i.getColumn() + ": " + i.getMessage());
        assertEquals(IssueCodes.NESTING_TOO_DEEP, i.getCode());
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void theMessagesNameTheLimits() {
        assertEquals(128, NestingLimit.MAX_DEPTH);
        assertEquals(MESSAGE, NestingLimit.MESSAGE);
        assertEquals(2000, NestingLimit.MAX_OPERATORS);
        assertEquals(TOO_LONG, NestingLimit.TOO_LONG);
    }

    @Test
    void parenthesesUpToTheLimitParse() throws Exception {
        // the scenario's block is the first level: 127 parentheses make 128
        List<Issue> issues = issues("    let x = " + repeat("(", 127) + "1" + repeat(")", 127) + "\n    expect x == 1");
        assertTrue(issues.isEmpty(), () -> shown(issues));
    }

    @Test
    void oneParenthesisMoreIsAnErrorAtThatParenthesis() throws Exception {
        String let = "    let x = ";
        onlyTooDeepAt(issues(let + repeat("(", 128) + "1" + repeat(")", 128)), BODY_LINE, let.length() + 128);
    }

    @Test
    void fiveThousandParenthesesAreOneErrorNotAStackOverflow() throws Exception {
        String let = "    let x = ";
        onlyTooDeepAt(issues(let + repeat("(", 5000) + "1" + repeat(")", 5000)), BODY_LINE, let.length() + 128);
    }

    @Test
    void unclosedParenthesesAreTheNestingErrorAndAMissingParenthesis() throws Exception {
        String let = "    let x = ";
        List<Issue> issues = issues(let + repeat("(", 3000) + "1");
        assertEquals(BODY_LINE + ":" + (let.length() + 128) + ": " + MESSAGE,
                issues.get(0).getLineNumber() + ":" + issues.get(0).getColumn() + ": " + issues.get(0).getMessage(), shown(issues));
        assertTrue(issues.stream().skip(1).allMatch(i -> i.getMessage().contains("it needs ')'")), shown(issues));
    }

    @Test
    void aRunOfUnaryOperatorsCountsOneLevelPerOperator() throws Exception {
        String let = "    let x = ";
        // 127 operators fit beside the scenario's block; the 128th is the error
        onlyTooDeepAt(issues(let + repeat("- ", 5000) + "1"), BODY_LINE, let.length() + 2 * 127 + 1);
    }

    @Test
    void blocksCountAsLevels() throws Exception {
        String open = "repeat 1 { ";
        // the scenario's block and 127 repeat blocks make 128: the 128th repeat's brace is too deep
        String body = "    " + repeat(open, 200) + "let z = 1" + repeat(" }", 200);
        onlyTooDeepAt(issues(body), BODY_LINE, 4 + 127 * open.length() + open.indexOf('{') + 1);
    }

    @Test
    void aLongElseIfChainIsTooDeepWhereItPassesTheLimit() throws Exception {
        StringBuilder b = new StringBuilder("    let v = 3\n    if v == 0 { print 0 }");
        IntStream.range(1, 300).forEach(i -> b.append(" else if v == ").append(i).append(" { print ").append(i).append(" }"));
        b.append(" else { print 7 }");
        List<Issue> issues = issues(b.toString());
        assertTrue(!issues.isEmpty() && issues.stream().allMatch(i -> i.getMessage().equals(MESSAGE)
                && i.getLineNumber() == BODY_LINE + 1), shown(issues));
    }

    @Test
    void aChainOfTwoThousandTermsValidates() throws Exception {
        List<Issue> issues = issues("    let y = 1\n    let x = " + String.join(" + ", Collections.nCopies(2000, "y"))
                + "\n    expect x == 2000 * y");
        assertTrue(issues.isEmpty(), () -> shown(issues));
    }

    @Test
    void theTwoThousandAndFirstOperatorOfAnExpressionIsAnError() throws Exception {
        String let = "    let x = ";
        // y + y + ...: the k-th operator is at 2 + 4 (k - 1) after the start of the chain
        List<Issue> issues = issues("    let y = 1\n" + let + String.join(" + ", Collections.nCopies(100_000, "y")));
        assertEquals(1, issues.size(), () -> shown(issues));
        assertEquals(BODY_LINE + 1 + ":" + (let.length() + 2 + 4 * 2000 + 1) + ": " + TOO_LONG,
                issues.get(0).getLineNumber() + ":" + issues.get(0).getColumn() + ": " + issues.get(0).getMessage());
        assertEquals(IssueCodes.EXPRESSION_TOO_LONG, issues.get(0).getCode());
    }

    @Test
    void operatorsInsideParenthesesCountForTheExpressionAroundThem() throws Exception {
        // the node model nests the inner chain under the outer one: 1,500 + 1,500 operators are too many
        String let = "    let x = ";
        String inner = "(" + String.join(" + ", Collections.nCopies(1501, "1")) + ")";
        List<Issue> issues = issues(let + inner + " + 1".repeat(1500));
        assertEquals(1, issues.size(), () -> shown(issues));
        // the 501st operator after the parenthesis
        assertEquals(BODY_LINE + ":" + (let.length() + inner.length() + 4 * 500 + 2) + ": " + TOO_LONG,
                issues.get(0).getLineNumber() + ":" + issues.get(0).getColumn() + ": " + issues.get(0).getMessage());
    }

    @Test
    void aChainOfOneHundredThousandTermsBuiltInMemoryValidatesWithoutRecursion() throws Exception {
        // beyond what the parser lets through: a model built directly (as a tool could) is validated in a loop
        XtextResource r = (XtextResource) resourceSets.get().createResource(URI.createURI("chain.kmem"));
        r.load(new ByteArrayInputStream((HEAD + "    let y = 1\n    let x = y\n    expect x == 100000\n}\n")
                .getBytes(StandardCharsets.UTF_8)), null);
        Let let = (Let) ((Scenario) ((Model) r.getContents().get(0)).getElements().get(1)).getBody().getStatements().get(1);
        let.setValue(chain(let.getValue(), 100_000));
        List<Issue> issues = validator.validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
        assertTrue(issues.isEmpty(), () -> shown(issues));
    }

    @Test
    void aValidatorThatThrowsIsAnErrorOnTheElementItCheckedNotALogLine() throws Exception {
        XtextResource r = (XtextResource) resourceSets.get().createResource(URI.createURI("v.kmem"));
        r.load(new ByteArrayInputStream((HEAD + "    let x = 1\n}\n").getBytes(StandardCharsets.UTF_8)), null);
        EObject machine = ((Model) r.getContents().get(0)).getElements().get(0);
        composite.addValidator(new Overflowing());
        BasicDiagnostic chain = new BasicDiagnostic();
        composite.validate(machine, chain, new java.util.HashMap<>());
        assertEquals(1, chain.getChildren().size(), chain::toString);
        FeatureBasedDiagnostic d = (FeatureBasedDiagnostic) chain.getChildren().get(0);
        assertEquals(Diagnostic.ERROR, d.getSeverity());
        assertEquals("kmemlab could not check this part of the file (its validator failed with StackOverflowError); this is "
                + "a bug in kmemlab: please report it with this file", d.getMessage());
        assertEquals(machine, d.getSourceEObject());
        assertEquals(IssueCodes.VALIDATOR_FAILED, d.getIssueCode());
    }

    /** A validator that overflows its stack. */
    private static final class Overflowing implements EValidator {
        @Override public boolean validate(EObject o, DiagnosticChain d, Map<Object, Object> c) {
            throw new StackOverflowError();
        }

        @Override public boolean validate(EClass k, EObject o, DiagnosticChain d, Map<Object, Object> c) {
            throw new StackOverflowError();
        }

        @Override public boolean validate(EDataType t, Object v, DiagnosticChain d, Map<Object, Object> c) {
            throw new StackOverflowError();
        }
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
