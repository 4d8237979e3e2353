package io.kmemlab.emulator.store;

/**
 * Machine state a checkpoint saves and a restore brings back. {@link #save()} returns an
 * immutable snapshot of type {@code S} that can be loaded any number of times.
 */
public interface Checkpointable<S> {
    S save();

    void load(S state);
}
