package io.kmemlab.interpreter.debug;

import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.services.KmemGrammarAccess;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.IParser;

/**
 * Breakpoint conditions: parsed once with the language's own parser (the Expression rule),
 * evaluated by the interpreter in the scope of the statement about to run. A condition that
 * does not parse or cannot be evaluated gives a {@link Verdict.Broken} with the reason, never
 * an exception. Confined to the engine thread, like the session.
 */
final class Conditions {
    /** What a condition says at one point of the run. */
    sealed interface Verdict {
        record Holds() implements Verdict { }

        record Fails() implements Verdict { }

        record Broken(String message) implements Verdict { }
    }

    private record Parsed(Expression expression, String error) { }

    private final Map<String, Parsed> parsed = new HashMap<>();
    private IParser parser;
    private KmemGrammarAccess grammar;

    Verdict test(Session session, String condition) {
        Parsed p = parsed.computeIfAbsent(condition, this::parse);
        if (p.error != null) return new Verdict.Broken(p.error);
        try {
            Value v = session.evaluate(p.expression);
            return v.truthy() ? new Verdict.Holds() : new Verdict.Fails();
        } catch (EvalException e) {
            return new Verdict.Broken("condition `" + condition + "`: " + e.getMessage());
        } catch (RuntimeException e) {
            // the emulator's own errors (an unsupported call): said, not thrown at the engine
            return new Verdict.Broken("condition `" + condition + "`: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Evaluates {@code text} where the session stands; the machine is left as it was. */
    Evaluation evaluate(Session session, String text) {
        Parsed p = parsed.computeIfAbsent(text, this::parse);
        if (p.error != null) return new Evaluation(text, null, p.error.replaceFirst("^condition ", ""), false);
        try {
            Value v = session.evaluate(p.expression);
            return new Evaluation(text, v, io.kmemlab.interpreter.value.ValueFormat.typed(v), true);
        } catch (EvalException e) {
            return new Evaluation(text, null, e.getMessage(), false);
        } catch (RuntimeException e) {
            return new Evaluation(text, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), false);
        }
    }

    /** The syntax check alone, for a client that wants to reject a condition as it is typed. */
    String syntaxError(String condition) {
        return parsed.computeIfAbsent(condition, this::parse).error;
    }

    private Parsed parse(String text) {
        if (parser == null) {
            parser = KmemFiles.injector().getInstance(IParser.class);
            grammar = KmemFiles.injector().getInstance(KmemGrammarAccess.class);
        }
        IParseResult r = parser.parse(grammar.getExpressionRule(), new StringReader(text));
        if (r.hasSyntaxErrors() || !(r.getRootASTElement() instanceof Expression e)) {
            StringJoiner why = new StringJoiner("; ");
            for (INode n : r.getSyntaxErrors()) why.add(n.getSyntaxErrorMessage().getMessage());
            return new Parsed(null, "condition `" + text + "` is not an expression of the language"
                    + (why.length() == 0 ? "" : ": " + why) + " (write it as in an expect, e.g. page_ref_count(p) > 1)");
        }
        return new Parsed(e, null);
    }
}
