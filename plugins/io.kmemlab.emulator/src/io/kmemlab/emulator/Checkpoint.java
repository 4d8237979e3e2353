package io.kmemlab.emulator;

/** An opaque saved machine state from {@link Machine#checkpoint()}. */
public final class Checkpoint {
    final Object[] parts;
    final long id;

    Checkpoint(long id, Object[] parts) {
        this.id = id;
        this.parts = parts;
    }

    public long id() { return id; }
}
