package io.kmemlab.junit.tests;

import io.kmemlab.junit.KmemTestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs the kmem engine alone (no engine found by service lookup) and records what it reports. */
final class Recorder implements TestExecutionListener {
    /** One reported outcome: FINISHED with a status and message, or SKIPPED with a reason. */
    record Outcome(TestIdentifier test, String status, String message) { }

    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<TestIdentifier> started = new ArrayList<>();
    private TestPlan plan;

    static Recorder run(DiscoverySelector... selectors) {
        return run(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build());
    }

    static Recorder run(LauncherDiscoveryRequest request) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new KmemTestEngine())
                .build());
        Recorder r = new Recorder();
        launcher.execute(request, r);
        return r;
    }

    @Override public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override public void executionStarted(TestIdentifier test) {
        started.add(test);
    }

    @Override public void executionSkipped(TestIdentifier test, String reason) {
        outcomes.add(new Outcome(test, "SKIPPED", reason));
    }

    @Override public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        outcomes.add(new Outcome(test, result.getStatus().name(), result.getThrowable().map(Throwable::getMessage).orElse(null)));
    }

    TestPlan plan() {
        return plan;
    }

    List<TestIdentifier> started() {
        return started;
    }

    /** The outcome of the test whose display name starts with {@code name}. */
    Outcome outcome(String name) {
        return find(name).orElseThrow(() -> new AssertionError("no test called \"" + name + "...\" was reported; reported: "
                + outcomes.stream().map(o -> o.test().getDisplayName()).toList()));
    }

    Optional<Outcome> find(String name) {
        return outcomes.stream().filter(o -> o.test().getDisplayName().startsWith(name)).findFirst();
    }

    List<Outcome> outcomes() {
        return outcomes;
    }
}
