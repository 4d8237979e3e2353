package io.kmemlab.emulator.store;

/**
 * Contents of physical memory. Only frames that were written are stored (512 longs each,
 * little-endian bytes as on x86); an unwritten frame reads as zeros. Copy-on-write for
 * checkpoints: each frame carries the epoch it was copied in; a write to a frame shared
 * with a checkpoint copies it first.
 */
public final class PhysMem implements Checkpointable<PhysMem.State> {
    static final int BLOCK_SHIFT = 9, BLOCK = 1 << BLOCK_SHIFT;
    private long[][][] frames;       // [pfn >> 9][pfn & 511] -> 512 longs or null
    private int[][] epochs;
    private int[] blockEpoch;        // epoch in which the block's arrays were last copied
    private final TopMirror mFrames, mEpochs;   // checkpointable mirrors of frames[] and epochs[]
    private int epoch = 1;
    private final long maxPfn;
    private long storedFrames;

    public PhysMem(long maxPfn) {
        this.maxPfn = maxPfn;
        int blocks = (int) ((maxPfn + BLOCK - 1) >>> BLOCK_SHIFT);
        frames = new long[blocks][][];
        epochs = new int[blocks][];
        blockEpoch = new int[blocks];
        mFrames = new TopMirror(blocks);
        mEpochs = new TopMirror(blocks);
    }

    private void setBlock(int bi, long[][] b, int[] e) {
        frames[bi] = b;
        epochs[bi] = e;
        mFrames.set(bi, b, epoch);
        mEpochs.set(bi, e, epoch);
    }

    public long maxPfn() { return maxPfn; }

    /** The frame's words for reading, or null when it was never written (all zero). */
    public long[] frameOrNull(long pfn) {
        if (pfn < 0 || pfn >= maxPfn) return null;
        long[][] b = frames[(int) (pfn >>> BLOCK_SHIFT)];
        return b == null ? null : b[(int) (pfn & (BLOCK - 1))];
    }

    private long[] writable(long pfn) {
        int bi = (int) (pfn >>> BLOCK_SHIFT), i = (int) (pfn & (BLOCK - 1));
        long[][] b = frames[bi];
        if (b == null) {
            b = new long[BLOCK][];
            setBlock(bi, b, new int[BLOCK]);
            blockEpoch[bi] = epoch;
        } else if (blockEpoch[bi] != epoch) {          // block arrays shared with a checkpoint
            b = b.clone();
            setBlock(bi, b, epochs[bi].clone());
            blockEpoch[bi] = epoch;
        }
        long[] f = b[i];
        if (f == null) {
            f = b[i] = new long[512];
            storedFrames++;
        } else if (epochs[bi][i] != epoch) {
            f = b[i] = f.clone();
        }
        epochs[bi][i] = epoch;
        return f;
    }

    /** Reads 8 bytes; beyond the end of memory the bus returns all ones, as on a PC. */
    public long read64(long pa) {
        long pfn = pa >>> 12;
        if (pfn >= maxPfn) return -1L;
        long[][] b = frames[(int) (pfn >>> BLOCK_SHIFT)];
        if (b == null) return 0;
        long[] f = b[(int) (pfn & (BLOCK - 1))];
        return f == null ? 0 : f[(int) ((pa >>> 3) & 511)];
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
        int bi = (int) (pfn >>> BLOCK_SHIFT), i = (int) (pfn & (BLOCK - 1));
        long[][] b = frames[bi];
        if (b != null && b[i] != null) {
            if (blockEpoch[bi] != epoch) {
                b = b.clone();
                setBlock(bi, b, epochs[bi].clone());
                blockEpoch[bi] = epoch;
            }
            b[i] = null;
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

    /** Host bytes used (approximate): top array + per-block arrays + stored frames. */
    public long hostBytes() {
        long bytes = 16L + 4L * frames.length * 4;
        for (long[][] b : frames) if (b != null) bytes += 16 + 4L * BLOCK + 16 + 4L * BLOCK;
        return bytes + storedFrames * (16 + 4096);
    }

    // ---- checkpoint ----
    /** The chunk indexes of the block tables at the checkpoint (chunks, blocks and frames are shared copy-on-write). */
    public record State(Object[][] frames, Object[][] epochs, long stored) { }

    /**
     * Checkpoint: copies the chunk index of the block table (one entry per 1024 blocks);
     * chunks, blocks and frames are copied on their first write afterwards.
     */
    @Override public State save() {
        State s = new State(mFrames.save(), mEpochs.save(), storedFrames);
        epoch++;                                 // every live chunk, block and frame is now shared
        return s;
    }

    /** Receives the frames whose contents may differ from a checkpoint ({@link #changesSince}). */
    public interface FrameChanges {
        /** {@code before} / {@code after}: the frame's 512 words, null for a frame that reads as zeros. Read only. */
        void frame(long pfn, long[] before, long[] after);
    }

    /**
     * Frames written since checkpoint {@code saved}: chunks, blocks and frames are compared by
     * identity (a frame shared with a checkpoint is copied before it is written), so only what
     * was copied since is visited. The caller compares the words.
     */
    public void changesSince(State saved, FrameChanges out) {
        State s = saved;
        for (int c = 0; c < mFrames.chunkCount(); c++) {
            Object[] now = mFrames.chunk(c), then = TopMirror.chunk(s.frames, c);
            if (now == then) continue;
            int first = c << TopMirror.CHUNK_SHIFT, last = Math.min(frames.length, first + TopMirror.CHUNK);
            for (int bi = first; bi < last; bi++) {
                int i = bi & (TopMirror.CHUNK - 1);
                long[][] nb = now == null ? null : (long[][]) now[i], ob = then == null ? null : (long[][]) then[i];
                if (nb == ob) continue;
                for (int j = 0; j < BLOCK; j++) {
                    long[] nf = nb == null ? null : nb[j], of = ob == null ? null : ob[j];
                    if (nf != of) out.frame(((long) bi << BLOCK_SHIFT) + j, of, nf);
                }
            }
        }
    }

    /** Restore: rebuilds the flat block table from the checkpoint's chunks (O(blocks)). */
    @Override public void load(State s) {
        mFrames.load(s.frames);
        mEpochs.load(s.epochs);
        for (int i = 0; i < frames.length; i++) {
            frames[i] = (long[][]) mFrames.get(i);
            epochs[i] = (int[]) mEpochs.get(i);
        }
        storedFrames = s.stored;
        epoch++;                                 // shared with the checkpoint, which stays reusable
    }
}
