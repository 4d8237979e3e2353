package io.kmemlab.interpreter.run;

import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.TopLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Runs scenarios to their end: what `kmemlab run`, `kmemlab check` and the scenario tests share. */
public final class ScenarioRunner {
    private final Limits limits;

    public ScenarioRunner(Limits limits) {
        this.limits = limits;
    }

    public ScenarioRunner() {
        this(Limits.defaults());
    }

    /** The scenarios of a model, in file order. */
    public static List<Scenario> scenarios(Model model) {
        List<Scenario> out = new ArrayList<>();
        if (model == null) return out;
        for (TopLevel t : model.getElements()) if (t instanceof Scenario s) out.add(s);
        return out;
    }

    public ScenarioResult run(Scenario scenario) {
        return run(scenario, null);
    }

    /** Runs {@code scenario}, handing every step to {@code listener} (may be null). */
    public ScenarioResult run(Scenario scenario, BiConsumer<Scenario, Step> listener) {
        Session s = Session.start(scenario, limits);
        s.runToEnd(listener == null ? null : step -> listener.accept(scenario, step));
        return new ScenarioResult(scenario.getName(), SourceLocation.of(scenario), s.passed(), s.problems(), s.steps().size());
    }
}
