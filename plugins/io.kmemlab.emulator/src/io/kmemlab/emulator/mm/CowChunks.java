package io.kmemlab.emulator.mm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A growable primitive array cut into chunks of 1024 elements that copies share until one
 * of them writes: a {@link #copy()} costs one reference per chunk, and the first write to a
 * chunk afterwards copies that chunk alone (8 KiB at most). Every instance has its own epoch;
 * a chunk stamped with another epoch is shared and is copied before it is written. The
 * {@link BuddyLists} of a zone keep their hash table and slots in these, so that a
 * checkpoint followed by one allocation copies a few chunks, not the whole free-list index
 * (262,000 order-10 blocks on a 1 TiB machine).
 *
 * @param <A> the chunk type: long[], int[] or byte[]
 */
abstract class CowChunks<A> {
    static final int SHIFT = 10, SIZE = 1 << SHIFT, MASK = SIZE - 1;
    private static final AtomicLong EPOCHS = new AtomicLong();

    Object[] chunks;
    private long[] stamps;
    private long epoch = EPOCHS.incrementAndGet();
    private int length;

    CowChunks(int length) {
        this.length = length;
        int n = chunksFor(length);
        chunks = new Object[n];
        stamps = new long[n];
        for (int c = 0; c < n; c++) {
            chunks[c] = fresh(Math.min(SIZE, length));
            stamps[c] = epoch;
        }
    }

    CowChunks(CowChunks<A> o) {
        length = o.length;
        chunks = o.chunks.clone();
        stamps = o.stamps.clone();
        o.epoch = EPOCHS.incrementAndGet();     // both sides copy a chunk before their next write to it
    }

    private static int chunksFor(int length) { return (length + SIZE - 1) >>> SHIFT; }

    /** A new chunk of {@code n} elements holding the empty value. */
    abstract A fresh(int n);

    abstract A grown(A chunk, int n);

    abstract A cloned(A chunk);

    /** The chunk holding {@code i}, for reading. */
    @SuppressWarnings("unchecked")
    final A read(int i) { return (A) chunks[i >>> SHIFT]; }

    /** The chunk holding {@code i}, owned by this instance, for writing. */
    @SuppressWarnings("unchecked")
    final A write(int i) {
        int c = i >>> SHIFT;
        if (stamps[c] != epoch) {
            chunks[c] = cloned((A) chunks[c]);
            stamps[c] = epoch;
        }
        return (A) chunks[c];
    }

    final int length() { return length; }

    /** Grows to {@code n} elements (a power of two, like every length here), new ones empty. */
    @SuppressWarnings("unchecked")
    final void grow(int n) {
        if (n <= length) return;
        int old = chunks.length, now = chunksFor(n);
        if (old > 0 && length < SIZE) {                 // the single short chunk grows in place
            chunks[0] = grown((A) chunks[0], Math.min(SIZE, n));
            stamps[0] = epoch;
        }
        if (now > old) {
            chunks = java.util.Arrays.copyOf(chunks, now);
            stamps = java.util.Arrays.copyOf(stamps, now);
            for (int c = Math.max(old, 1); c < now; c++) {
                chunks[c] = fresh(SIZE);
                stamps[c] = epoch;
            }
            if (old == 0) { chunks[0] = fresh(Math.min(SIZE, n)); stamps[0] = epoch; }
        }
        length = n;
    }

    /** True when chunk {@code c} is the same (shared) chunk in {@code o}: nothing in it differs. */
    final boolean shares(CowChunks<A> o, int c) {
        return c < chunks.length && c < o.chunks.length && chunks[c] == o.chunks[c];
    }

    static final class Longs extends CowChunks<long[]> {
        private final long empty;

        Longs(int length, long empty) {
            super(length);
            this.empty = empty;
            if (empty != 0) for (Object c : chunks) java.util.Arrays.fill((long[]) c, empty);
        }

        private Longs(Longs o) { super(o); empty = o.empty; }

        Longs copy() { return new Longs(this); }

        long get(int i) { return read(i)[i & MASK]; }

        void set(int i, long v) { write(i)[i & MASK] = v; }

        @Override long[] fresh(int n) {
            long[] a = new long[n];
            if (empty != 0) java.util.Arrays.fill(a, empty);
            return a;
        }

        @Override long[] grown(long[] chunk, int n) {
            long[] a = java.util.Arrays.copyOf(chunk, n);
            if (empty != 0) java.util.Arrays.fill(a, chunk.length, n, empty);
            return a;
        }

        @Override long[] cloned(long[] chunk) { return chunk.clone(); }
    }

    static final class Ints extends CowChunks<int[]> {
        Ints(int length) { super(length); }

        private Ints(Ints o) { super(o); }

        Ints copy() { return new Ints(this); }

        int get(int i) { return read(i)[i & MASK]; }

        void set(int i, int v) { write(i)[i & MASK] = v; }

        @Override int[] fresh(int n) { return new int[n]; }

        @Override int[] grown(int[] chunk, int n) { return java.util.Arrays.copyOf(chunk, n); }

        @Override int[] cloned(int[] chunk) { return chunk.clone(); }
    }

    static final class Bytes extends CowChunks<byte[]> {
        Bytes(int length) { super(length); }

        private Bytes(Bytes o) { super(o); }

        Bytes copy() { return new Bytes(this); }

        byte get(int i) { return read(i)[i & MASK]; }

        void set(int i, byte v) { write(i)[i & MASK] = v; }

        @Override byte[] fresh(int n) { return new byte[n]; }

        @Override byte[] grown(byte[] chunk, int n) { return java.util.Arrays.copyOf(chunk, n); }

        @Override byte[] cloned(byte[] chunk) { return chunk.clone(); }
    }
}
