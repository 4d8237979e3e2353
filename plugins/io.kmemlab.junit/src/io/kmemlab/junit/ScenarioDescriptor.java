package io.kmemlab.junit;

import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.lang.kmem.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * One scenario: a test of its own (it fails on any error, as {@code kmemlab check} counts it)
 * and the container of its expects. The display name ends in {@code (file:line)}, as
 * {@code kmemlab check} prints it: reports that show only names still say where it is.
 */
final class ScenarioDescriptor extends AbstractTestDescriptor {
    private final Scenario scenario;
    private final List<Problem> fileErrors;

    ScenarioDescriptor(UniqueId id, Path file, Scenario scenario, List<Problem> fileErrors) {
        this(id, file, scenario, SourceLocation.of(scenario), fileErrors);
    }

    private ScenarioDescriptor(UniqueId id, Path file, Scenario scenario, SourceLocation at, List<Problem> fileErrors) {
        super(id, scenario.getName() + " (" + at.where() + ")",
                FileSource.from(file.toFile(), FilePosition.from(at.line(), at.column())));
        this.scenario = scenario;
        this.fileErrors = fileErrors;
    }

    Scenario scenario() {
        return scenario;
    }

    /** Errors of its file (or an imported one): the scenario is not run. */
    List<Problem> fileErrors() {
        return fileErrors;
    }

    @Override public Type getType() {
        return Type.CONTAINER_AND_TEST;
    }
}
