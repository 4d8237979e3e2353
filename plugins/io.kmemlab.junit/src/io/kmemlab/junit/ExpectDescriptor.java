package io.kmemlab.junit;

import io.kmemlab.interpreter.load.SourceLocation;
import java.nio.file.Path;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/** One {@code expect} statement of a scenario: passes when every time it ran it held. */
final class ExpectDescriptor extends AbstractTestDescriptor {
    /** Longest statement text shown in the name; longer ones end in an ellipsis. */
    private static final int SHOWN = 72;

    private final SourceLocation location;

    ExpectDescriptor(UniqueId id, Path file, SourceLocation location) {
        super(id, shown(location.text()) + " (" + location.where() + ")",
                FileSource.from(file.toFile(), FilePosition.from(location.line(), location.column())));
        this.location = location;
    }

    /** Where the statement is: steps run from it carry the same location. */
    SourceLocation location() {
        return location;
    }

    private static String shown(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= SHOWN ? t : t.substring(0, SHOWN - 1) + "\u2026";
    }

    @Override public Type getType() {
        return Type.TEST;
    }
}
