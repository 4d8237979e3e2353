package io.kmemlab.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

/**
 * A selected {@link KmemScenarios} class: the scenario files under its paths. Build tools
 * group reports by the class (Surefire writes one report file per class), so it stays a
 * level of its own.
 */
final class ScenarioClassDescriptor extends AbstractTestDescriptor {
    ScenarioClassDescriptor(UniqueId id, Class<?> annotated) {
        super(id, annotated.getSimpleName(), ClassSource.from(annotated));
    }

    @Override public Type getType() {
        return Type.CONTAINER;
    }
}
