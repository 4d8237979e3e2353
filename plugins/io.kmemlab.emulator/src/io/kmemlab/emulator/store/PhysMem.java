package io.kmemlab.emulator.store;

/**
 * Contents of physical memory. Only frames that were written are stored (512 longs each,
 * little-endian bytes as on x86), in a sparse radix tree ({@link CowRadix}) so that the cost
 * does not grow with the size of RAM; an unwritten frame reads as zeros. Copy-on-write for
 * checkpoints: each frame carries the epoch it was copied in; a write to a frame shared
 * with a checkpoint copies it first.
 */
public final class PhysMem implements Checkpointable<PhysMem.State> {
    /** One stored frame: its words and the epoch in which they were last copied. */
    private static final class Frame {
        final long[] words;
        final int epoch;

        Frame(long[] words, int epoch) { this.words = words; this.epoch = epoch; }
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
        return f == null ? null : f.words;
    }

    private long[] writable(long pfn) {
        Frame f = frames.get(pfn);
        if (f == null) {
            f = new Frame(new long[512], epoch);
            frames.set(pfn, f);
            storedFrames++;
        } else if (f.epoch != epoch) {               // shared with a checkpoint
            f = new Frame(f.words.clone(), epoch);
            frames.set(pfn, f);
        }
        return f.words;
    }

    /** Reads 8 bytes; beyond the end of memory the bus returns all ones, as on a PC. */
    public long read64(long pa) {
        long pfn = pa >>> 12;
        if (pfn >= maxPfn) return -1L;
        Frame f = frames.get(pfn);
        return f == null ? 0 : f.words[(int) ((pa >>> 3) & 511)];
    }
    /** Writes 8 bytes; writes beyond the end of memory are dropped. */
    public void write64(long pa, long v) {
        if ((pa >>> 12) >= maxPfn) return;
        writable(pa >>> 12)[(int) ((pa >>> 3) & 511)] = v;
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
        System.arraycopy(s, 0, writable(dstPfn), 0, 512);
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
        return storedFrames * (16 + 4096 + 16 + 8);
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
                out.frame(pfn, then == null ? null : then.words, now == null ? null : now.words));
    }

    /** Restore: adopts the checkpoint's tree (O(1)); it stays shared with the checkpoint. */
    @Override public void load(State s) {
        frames.load(s.frames);
        storedFrames = s.stored;
        epoch++;                                 // shared with the checkpoint, which stays reusable
    }
}
