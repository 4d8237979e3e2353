package io.kmemlab.benchmark;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Model;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + validate, and parse + validate + run, of a generated scenario of 10 000 lines
 * (goal: parse + validate under 0.5 s). Each operation is one whole file, as an editor save
 * or `kmemlab check` would process it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScenarioBenchmark {
    String text;
    IResourceValidator validator;

    @Setup
    public void setup() {
        text = ScenarioText.generate(10_000);
        validator = KmemFiles.injector().getInstance(IResourceValidator.class);
    }

    XtextResource parse() throws Exception {
        XtextResource r = KmemFiles.parse("bench.kmem", text);
        EcoreUtil.resolveAll(r);
        return r;
    }

    @Benchmark
    public List<Issue> parseAndValidate() throws Exception {
        return validator.validate(parse(), CheckMode.ALL, CancelIndicator.NullImpl);
    }

    @Benchmark
    public ScenarioResult parseValidateAndRun() throws Exception {
        XtextResource r = parse();
        List<Issue> issues = validator.validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
        if (issues.stream().anyMatch(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)) {
            throw new IllegalStateException("the generated scenario has errors: " + issues.get(0));
        }
        Model m = (Model) r.getContents().get(0);
        ScenarioResult result = new ScenarioRunner(Limits.defaults().withMaxSteps(1_000_000)).run(ScenarioRunner.scenarios(m).get(0));
        if (!result.passed()) throw new IllegalStateException("the generated scenario fails: " + result.problems());
        return result;
    }
}
