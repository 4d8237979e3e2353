package io.kmemlab.emulator.store;

import java.util.Arrays;

/**
 * The owner of every frame whose descriptor block was never written, as extents: sorted
 * starts, each owning the frames up to the next start (the first start is pfn 0; frames
 * before any boot-time assignment are holes). Boot assigns a handful of ranges (memblock's
 * memory and reserved regions), so a 4 PiB machine costs as little as a 64 MiB one. An
 * instance is immutable: {@link #with} returns a new one, so checkpoints share it freely.
 */
final class OwnerExtents {
    private final long[] starts;
    private final byte[] owners;

    static final OwnerExtents HOLES = new OwnerExtents(new long[]{0}, new byte[]{(byte) FrameOwner.HOLE.ordinal()});

    private OwnerExtents(long[] starts, byte[] owners) {
        this.starts = starts;
        this.owners = owners;
    }

    /** Index of the extent holding {@code pfn} (pfn >= 0). */
    private int at(long pfn) {
        int i = Arrays.binarySearch(starts, pfn);
        return i >= 0 ? i : -i - 2;
    }

    byte ownerAt(long pfn) { return owners[at(Math.max(0, pfn))]; }

    /** Start of the extent after the one holding {@code pfn}, or Long.MAX_VALUE. */
    long extentEnd(long pfn) {
        int i = at(Math.max(0, pfn)) + 1;
        return i < starts.length ? starts[i] : Long.MAX_VALUE;
    }

    /** These extents with [start, end) owned by {@code owner}; neighbours with one owner merge. */
    OwnerExtents with(long start, long end, byte owner) {
        if (end <= start) return this;
        byte after = ownerAt(end);
        long[] ns = new long[starts.length + 2];
        byte[] no = new byte[starts.length + 2];
        int n = 0;
        for (int i = 0; i < starts.length && starts[i] < start; i++) { ns[n] = starts[i]; no[n++] = owners[i]; }
        ns[n] = start; no[n++] = owner;
        ns[n] = end; no[n++] = after;
        for (int i = 0; i < starts.length; i++) if (starts[i] > end) { ns[n] = starts[i]; no[n++] = owners[i]; }
        // merge neighbours with one owner
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && no[m - 1] == no[i]) continue;
            ns[m] = ns[i];
            no[m++] = no[i];
        }
        return new OwnerExtents(Arrays.copyOf(ns, m), Arrays.copyOf(no, m));
    }

    /** Receives a range of frames whose owner differs between two extent sets ({@link #differences}). */
    interface Ranges { void range(long start, long end); }

    /** Every maximal range of [0, limit) where {@code a} and {@code b} name different owners, ascending. */
    static void differences(OwnerExtents a, OwnerExtents b, long limit, Ranges out) {
        if (a == b) return;
        long p = 0, runStart = -1;
        while (p < limit) {
            long e = Math.min(limit, Math.min(a.extentEnd(p), b.extentEnd(p)));
            boolean differ = a.ownerAt(p) != b.ownerAt(p);
            if (differ && runStart < 0) runStart = p;
            if (!differ && runStart >= 0) { out.range(runStart, p); runStart = -1; }
            p = e;
        }
        if (runStart >= 0) out.range(runStart, limit);
    }
}
