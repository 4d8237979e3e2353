package io.kmemlab.junit;

import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.UniqueId;

/**
 * The JUnit Platform engine for .kmem files: one test per scenario, one child test per
 * {@code expect}, each with a {@link org.junit.platform.engine.support.descriptor.FileSource}
 * pointing at its line. A scenario passes when it runs to its end without an error (every
 * expect held, no unexpected oops), exactly as {@code kmemlab check} decides.
 *
 * <p>What it runs: the .kmem files and directories selected directly (console launcher
 * {@code --select-file}/{@code --select-directory}, Gradle's test definition directories),
 * and for a selected class annotated with {@link KmemScenarios} (what Maven Surefire, Tycho
 * Surefire and Gradle select) the files under that annotation's paths, else under the
 * configuration parameter {@value #SCENARIOS_PARAMETER}, else under {@value #DEFAULT_SCENARIOS}.
 */
public final class KmemTestEngine implements TestEngine {
    /** The engine's id, for {@code includeEngines} filters and unique ids. */
    public static final String ENGINE_ID = "kmem";

    /** Configuration parameter: comma-separated .kmem files or directories, relative to the working directory. */
    public static final String SCENARIOS_PARAMETER = "kmemlab.scenarios";

    /** Where scenarios are looked for when nothing says otherwise (relative to the working directory). */
    public static final String DEFAULT_SCENARIOS = "src/test/kmem";

    @Override public String getId() {
        return ENGINE_ID;
    }

    @Override public Optional<String> getGroupId() {
        return Optional.of("io.kmemlab");
    }

    @Override public Optional<String> getArtifactId() {
        return Optional.of("kmemlab-junit");
    }

    @Override public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        return new Discovery(request, uniqueId).run();
    }

    @Override public void execute(ExecutionRequest request) {
        new Execution(request.getEngineExecutionListener()).execute(request.getRootTestDescriptor());
    }
}
