package io.kmemlab.emulator.store;

/**
 * Contents of physical memory. Only frames that were written are stored (512 longs each,
 * little-endian bytes as on x86), in a sparse radix tree ({@link CowRadix}) so that the cost
 * does not grow with the size of RAM; an unwritten frame reads as zeros. Copy-on-write for
 * checkpoints: each frame carries the epoch it was copied in; a write to a frame shared
 * with a checkpoint copies it first.
 */
public final class PhysMem implements Checkpointable<PhysMem.State> {
    /**
     * One stored frame and the epoch in which it was last copied. A frame written entry after
     * entry with values in arithmetic progression (a page table that maps a linear range: the
     * direct map, vmemmap) is kept as that progression - words[lo + i] = first + i * step for
     * i < count, every other word 0 - until a write breaks it; {@link #words} is then filled.
     */
    private static final class Frame {
        long[] words;                  // null while the frame is a progression
        int lo, count;
        long first, step;
        final int epoch;

        Frame(long[] words, int epoch) { this.words = words; this.epoch = epoch; }

        Frame(int lo, int count, long first, long step, int epoch) {
            this.lo = lo; this.count = count; this.first = first; this.step = step; this.epoch = epoch;
        }

        Frame copy(int newEpoch) {
            return words != null ? new Frame(words.clone(), newEpoch) : new Frame(lo, count, first, step, newEpoch);
        }

        long word(int i) {
            if (words != null) return words[i];
            int k = i - lo;
            return k >= 0 && k < count ? first + k * step : 0;
        }

        /** Continues the progression with words[i] = v when it does; false otherwise. */
        boolean extend(int i, long v) {
            if (words != null || i != lo + count) return false;
            if (count == 1) step = v - first;
            else if (v != first + count * step) return false;
            count++;
            return true;
        }

        long[] materialised() {
            long[] w = new long[512];
            for (int k = 0; k < count; k++) w[lo + k] = first + k * step;
            return w;
        }

        /** The words for reading: the array, or a fresh one for a progression. */
        long[] read() { return words != null ? words : materialised(); }
    }

    private final CowRadix<Frame> frames;
    private int epoch = 1;
    private final long maxPfn;
    private long storedFrames;

    public PhysMem(long maxPfn) {
        this.maxPfn = maxPfn;
        frames = new CowRadix<>(Math.max(1, maxPfn));
    }

    public long maxPfn() { return maxPfn; }

    /** The frame's words for reading, or null when it was never written (all zero). */
    public long[] frameOrNull(long pfn) {
        if (pfn < 0 || pfn >= maxPfn) return null;
        Frame f = frames.get(pfn);
        return f == null ? null : f.read();
    }

    /** The frame owned by the current epoch (copied when a checkpoint shares it), or null. */
    private Frame owned(long pfn) {
        Frame f = frames.get(pfn);
        if (f != null && f.epoch != epoch) {         // shared with a checkpoint
            f = f.copy(epoch);
            frames.set(pfn, f);
        }
        return f;
    }

    private long[] writable(long pfn) {
        Frame f = owned(pfn);
        if (f == null) {
            f = new Frame(new long[512], epoch);
            frames.set(pfn, f);
            storedFrames++;
        } else if (f.words == null) {
            f.words = f.materialised();
        }
        return f.words;
    }

    /**
     * Writes {@code n} 8-byte words from {@code pa} (inside one frame): first, first + step,
     * ... The same as n calls of write64, kept as a progression when the frame held nothing.
     */
    public void writeProgression(long pa, int n, long first, long step) {
        long pfn = pa >>> 12;
        if (pfn >= maxPfn || n <= 0) return;
        int lo = (int) ((pa >>> 3) & 511);
        if (frames.get(pfn) == null && lo + n <= 512) {
            frames.set(pfn, new Frame(lo, n, first, step, epoch));
            storedFrames++;
            return;
        }
        for (int k = 0; k < n; k++) write64(pa + 8L * k, first + k * step);
    }

    /** Reads 8 bytes; beyond the end of memory the bus returns all ones, as on a PC. */
    public long read64(long pa) {
        long pfn = pa >>> 12;
        if (pfn >= maxPfn) return -1L;
        Frame f = frames.get(pfn);
        return f == null ? 0 : f.word((int) ((pa >>> 3) & 511));
    }
    /** Writes 8 bytes; writes beyond the end of memory are dropped. */
    public void write64(long pa, long v) {
        long pfn = pa >>> 12;
        if (pfn >= maxPfn) return;
        int i = (int) ((pa >>> 3) & 511);
        Frame f = owned(pfn);
        if (f == null) {                                 // a new frame starts as a progression of one word
            frames.set(pfn, new Frame(i, 1, v, 0, epoch));
            storedFrames++;
            return;
        }
        if (f.words == null && f.extend(i, v)) return;
        writable(pfn)[i] = v;
    }

    /** Reads {@code size} (1, 2, 4, 8) bytes at {@code pa}; the access must not cross 8-byte alignment. */
    public long read(long pa, int size) {
        if (size == 8 && (pa & 7) == 0) return read64(pa);
        long v = 0;
        for (int i = 0; i < size; i++) v |= (long) readByte(pa + i) << (8 * i);
        return v;
    }

    public void write(long pa, int size, long v) {
        if (size == 8 && (pa & 7) == 0) { write64(pa, v); return; }
        for (int i = 0; i < size; i++) writeByte(pa + i, (int) (v >>> (8 * i)) & 0xff);
    }

    public int readByte(long pa) {
        long w = read64(pa & ~7L);
        return (int) (w >>> (8 * (pa & 7))) & 0xff;
    }

    public void writeByte(long pa, int b) {
        if ((pa >>> 12) >= maxPfn) return;
        long[] f = writable(pa >>> 12);
        int wi = (int) ((pa >>> 3) & 511), sh = (int) (8 * (pa & 7));
        f[wi] = (f[wi] & ~(0xffL << sh)) | ((long) (b & 0xff) << sh);
    }

    /** Drops the frame's contents (it reads as zeros again), e.g. __GFP_ZERO / clear_page. */
    public void clearFrame(long pfn) {
        if (pfn < 0 || pfn >= maxPfn) return;
        if (frames.get(pfn) != null) {
            frames.set(pfn, null);
            storedFrames--;
        }
    }

    public void copyFrame(long srcPfn, long dstPfn) {
        if (dstPfn < 0 || dstPfn >= maxPfn) return;
        long[] s = frameOrNull(srcPfn);
        if (s == null) { clearFrame(dstPfn); return; }
        System.arraycopy(s, 0, writable(dstPfn), 0, 512);    // (s is a fresh array for a progression)
    }

    public long[] frameCopy(long pfn) {
        long[] f = frameOrNull(pfn);
        return f == null ? null : f.clone();
    }

    public void loadFrame(long pfn, long[] words) {
        if (pfn < 0 || pfn >= maxPfn) return;
        if (words == null) clearFrame(pfn);
        else System.arraycopy(words, 0, writable(pfn), 0, 512);
    }

    public long storedFrames() { return storedFrames; }

    /** Host bytes used (approximate): the stored frames and their share of the tree. */
    public long hostBytes() {
        return storedFrames * (16 + 4096 + 40 + 8);
    }

    // ---- checkpoint ----
    /** The frame tree at the checkpoint (nodes and frames are shared copy-on-write). */
    public record State(Object frames, long stored) { }

    /** Checkpoint: keeps the tree's root; nodes and frames are copied on their first write afterwards. */
    @Override public State save() {
        State s = new State(frames.save(), storedFrames);
        epoch++;                                 // every live frame is now shared
        return s;
    }

    /** Receives the frames whose contents may differ from a checkpoint ({@link #changesSince}). */
    public interface FrameChanges {
        /** {@code before} / {@code after}: the frame's 512 words, null for a frame that reads as zeros. Read only. */
        void frame(long pfn, long[] before, long[] after);
    }

    /**
     * Frames written since checkpoint {@code saved}: nodes and frames are compared by identity
     * (a frame shared with a checkpoint is copied before it is written), so only what was
     * copied since is visited. The caller compares the words.
     */
    public void changesSince(State saved, FrameChanges out) {
        frames.diff(frames.live(), saved.frames, (pfn, now, then) ->
                out.frame(pfn, then == null ? null : then.read(), now == null ? null : now.read()));
    }

    /** Restore: adopts the checkpoint's tree (O(1)); it stays shared with the checkpoint. */
    @Override public void load(State s) {
        frames.load(s.frames);
        storedFrames = s.stored;
        epoch++;                                 // shared with the checkpoint, which stays reusable
    }
}
