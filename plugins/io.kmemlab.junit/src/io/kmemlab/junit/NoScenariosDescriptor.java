package io.kmemlab.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * A path that was meant to hold scenarios but holds none (missing, misspelt, unreadable): a
 * failing test saying so, rather than a build that silently runs nothing.
 */
final class NoScenariosDescriptor extends AbstractTestDescriptor {
    private final String message;

    NoScenariosDescriptor(UniqueId id, String path, String message) {
        super(id, "no scenarios in " + path);
        this.message = message;
    }

    String message() {
        return message;
    }

    @Override public Type getType() {
        return Type.TEST;
    }
}
