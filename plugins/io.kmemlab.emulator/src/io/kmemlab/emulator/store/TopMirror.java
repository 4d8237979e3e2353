package io.kmemlab.emulator.store;

/**
 * Checkpoint support for a large flat top-level array (the block tables of {@link PageStore}
 * and {@link PhysMem}): the flat array stays the only thing the read paths touch, and every
 * slot write is mirrored into 1024-slot chunks that are shared copy-on-write with
 * checkpoints. A checkpoint copies the chunk index (one entry per 1024 slots), a write after
 * it copies one chunk, and a restore rebuilds the flat array from the chunks.
 */
final class TopMirror {
    static final int CHUNK_SHIFT = 10, CHUNK = 1 << CHUNK_SHIFT;
    private final int size;
    private Object[][] chunks;
    private int[] chunkEpoch;

    TopMirror(int size) {
        this.size = size;
        chunks = new Object[(size + CHUNK - 1) >>> CHUNK_SHIFT][];
        chunkEpoch = new int[chunks.length];
    }

    /** Records slot {@code i} = {@code v} in the current {@code epoch}. */
    void set(int i, Object v, int epoch) {
        int c = i >>> CHUNK_SHIFT;
        Object[] ch = chunks[c];
        if (ch == null) {
            if (v == null) return;
            ch = chunks[c] = new Object[CHUNK];
        } else if (chunkEpoch[c] != epoch) {
            ch = chunks[c] = ch.clone();
        }
        chunkEpoch[c] = epoch;
        ch[i & (CHUNK - 1)] = v;
    }

    /** The chunk index for a checkpoint (the caller then starts a new epoch). */
    Object[][] save() { return chunks.clone(); }

    /** Adopts a checkpoint's chunks; returns slot values via {@link #get}. */
    void load(Object[][] saved) {
        chunks = saved.clone();
        chunkEpoch = new int[chunks.length];       // epoch 0: every chunk is copied before its next write
    }

    Object get(int i) {
        Object[] ch = chunks[i >>> CHUNK_SHIFT];
        return ch == null ? null : ch[i & (CHUNK - 1)];
    }

    int size() { return size; }

    /** Number of chunks (slots / 1024, rounded up). */
    int chunkCount() { return chunks.length; }

    /**
     * The live chunk {@code c} (null when all its slots are null). A chunk shared with a
     * checkpoint is never written again, so an identical reference means identical slots.
     */
    Object[] chunk(int c) { return chunks[c]; }

    /** Chunk {@code c} of a checkpoint's index ({@link #save()}). */
    static Object[] chunk(Object[][] saved, int c) { return c < saved.length ? saved[c] : null; }
}
