package io.kmemlab.junit;

import io.kmemlab.interpreter.load.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * One .kmem file: its scenarios are the children. {@code errors} are the parse, link and
 * validation errors of the file and of the files it imports: with any, no scenario runs.
 */
final class ScenarioFileDescriptor extends AbstractTestDescriptor {
    private final List<Problem> errors;

    ScenarioFileDescriptor(UniqueId id, String displayName, Path file, List<Problem> errors) {
        super(id, displayName, FileSource.from(file.toFile()));
        this.errors = List.copyOf(errors);
    }

    List<Problem> errors() {
        return errors;
    }

    @Override public Type getType() {
        return Type.CONTAINER;
    }
}
