package io.kmemlab.emulator;

import io.kmemlab.emulator.store.Checkpointable;

/**
 * A subsystem as a checkpoint keeps it: the instance that existed then and its saved state.
 * Restoring puts the same instance back and loads the state into it.
 */
public record Saved<T extends Checkpointable<S>, S>(T system, S state) {
    /** null for a subsystem that does not exist (yet). */
    static <T extends Checkpointable<S>, S> Saved<T, S> of(T system) {
        return system == null ? null : new Saved<>(system, system.save());
    }

    /** The instance with its state loaded, or null when the checkpoint had none. */
    static <T extends Checkpointable<S>, S> T restore(Saved<T, S> saved) {
        if (saved == null) return null;
        saved.system().load(saved.state());
        return saved.system();
    }
}
