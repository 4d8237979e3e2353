package io.kmemlab.emulator.store;

/**
 * Contents of physical memory. Only frames that were written are stored (512 longs each,
 * little-endian bytes as on x86), in a sparse radix tree ({@link CowRadix}) so that the cost
 * does not grow with the size of RAM; an unwritten frame reads as zeros. Copy-on-write for
 * checkpoints: each frame carries the epoch it was copied in; a write to a frame shared
 * with a checkpoint copies it first.
 *
 * Page tables of the linear maps (the direct map, the vmemmap) are kept as {@link TableRun}s:
 * consecutive table frames whose entries continue one progression from frame to frame, as
 * boot writes them. A 64 TiB machine has about a thousand such tables and a 4 PiB one about
 * 70,000, but only a few runs; a frame of a run is copied into the tree (as its own
 * progression) on its first write, and a frame stored in the tree always hides the run.
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

        /** A cleared frame inside a {@link TableRun}: reads as zeros and hides the run's contents. */
        static Frame cleared(int epoch) { return new Frame(0, 0, 0, 0, epoch); }

        boolean isCleared() { return words == null && count == 0; }

        /** The words for a change report: null for a frame that reads as zeros. */
        long[] readOrNull() { return isCleared() ? null : read(); }
    }

    /**
     * Consecutive page-table frames (pfn0, pfn0 + dir, ...; dir is 1 or -1, as memblock hands
     * out pages top-down) holding {@code entries} entries that continue one progression across
     * the frames: entry e (value first + e * step) is word (lo + e) mod 512 of frame (lo + e) / 512.
     * Every other word is 0. Immutable: a checkpoint shares it.
     */
    public record TableRun(long pfn0, int dir, int lo, long entries, long first, long step) {
        public TableRun {
            if ((dir != 1 && dir != -1) || lo < 0 || lo >= 512 || entries <= 0) throw new IllegalArgumentException(toString());
        }

        public long frames() { return (lo + entries + 511) >>> 9; }

        long lowPfn() { return dir > 0 ? pfn0 : pfn0 - frames() + 1; }

        long highPfn() { return dir > 0 ? pfn0 + frames() - 1 : pfn0; }

        boolean covers(long pfn) { return pfn >= lowPfn() && pfn <= highPfn(); }

        /** Word {@code i} of frame {@code pfn} (which the run covers). */
        long word(long pfn, int i) {
            long e = ((pfn - pfn0) * dir << 9) + i - lo;
            return e >= 0 && e < entries ? first + e * step : 0;
        }

        /** Frame {@code pfn} of the run as a progression of its own. */
        Frame frame(long pfn, int epoch) {
            long j = (pfn - pfn0) * dir;
            int from = j == 0 ? lo : 0;
            long e0 = (j << 9) + from - lo;
            int n = (int) Math.min(512 - from, entries - e0);
            return new Frame(from, n, first + e0 * step, step, epoch);
        }
    }

    private final CowRadix<Frame> frames;
    private TableRun[] runs = NO_RUNS;        // by lowPfn, disjoint; a new array on each change (checkpoints share it)
    private static final TableRun[] NO_RUNS = {};
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
        return words(frames.get(pfn), runs, pfn);
    }

    /** The words of {@code pfn} given its tree slot and the runs of the same state, or null for zeros. */
    private static long[] words(Frame slot, TableRun[] runs, long pfn) {
        if (slot != null) return slot.readOrNull();
        TableRun r = runAt(runs, pfn);
        return r == null ? null : r.frame(pfn, 0).read();
    }

    /** The run holding {@code pfn}, or null. */
    private static TableRun runAt(TableRun[] runs, long pfn) {
        int lo = 0, hi = runs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            TableRun r = runs[mid];
            if (pfn < r.lowPfn()) hi = mid - 1;
            else if (pfn > r.highPfn()) lo = mid + 1;
            else return r;
        }
        return null;
    }

    /** The frame owned by the current epoch (copied when a checkpoint shares it, or out of its run), or null. */
    private Frame owned(long pfn) {
        Frame f = frames.get(pfn);
        if (f == null) {
            TableRun r = runs.length == 0 ? null : runAt(runs, pfn);
            if (r == null) return null;
            f = r.frame(pfn, epoch);
            frames.set(pfn, f);
            storedFrames++;
            return f;
        }
        if (f.epoch != epoch) {                      // shared with a checkpoint
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
        Frame f = frames.get(pfn);
        boolean empty = f == null ? runs.length == 0 || runAt(runs, pfn) == null : f.isCleared();
        if (empty && lo + n <= 512) {
            if (f == null) storedFrames++;
            frames.set(pfn, new Frame(lo, n, first, step, epoch));
            return;
        }
        if (f != null && f.words == null && f.count >= 2 && lo == f.lo + f.count && lo + n <= 512
                && first == f.first + f.count * f.step && (n == 1 || step == f.step)) {
            owned(pfn).count += n;                      // continues the progression
            return;
        }
        if (lo + n <= 512) {                            // the frame's words, filled in one go
            long[] w = writable(pfn);
            for (int k = 0; k < n; k++) w[lo + k] = first + k * step;
            return;
        }
        for (int k = 0; k < n; k++) write64(pa + 8L * k, first + k * step);
    }

    /**
     * Writes the page tables {@code run} describes, replacing whatever its frames held: the same
     * as clearing each frame and writing its entries one by one, kept as one run. Runs never
     * overlap; a run over frames of another (or past the end of memory) is written frame by frame.
     */
    public void writeTableRun(TableRun run) {
        long low = run.lowPfn(), high = run.highPfn();
        int at = 0;
        while (at < runs.length && runs[at].highPfn() < low) at++;
        if (low < 0 || high >= maxPfn || (at < runs.length && runs[at].lowPfn() <= high)) {
            for (long j = 0; j < run.frames(); j++) {
                long pfn = run.pfn0() + j * run.dir();
                clearFrame(pfn);
                Frame f = run.frame(pfn, epoch);
                writeProgression((pfn << 12) + 8L * f.lo, f.count, f.first, f.step);
            }
            return;
        }
        Object live = frames.live();
        for (long p = frames.next(live, low); p >= 0 && p <= high; p = frames.next(live, p + 1)) {
            frames.set(p, null);                        // the run replaces it (alloc_low_pages gives zeroed pages)
            storedFrames--;
            live = frames.live();
        }
        TableRun[] n = new TableRun[runs.length + 1];
        System.arraycopy(runs, 0, n, 0, at);
        n[at] = run;
        System.arraycopy(runs, at, n, at + 1, runs.length - at);
        runs = n;
    }

    /**
     * How many of the {@code max} 8-byte words from {@code pa} (inside one frame) read as 0,
     * counted from the first: pmd_none() over a table without reading the entries one by one.
     */
    public int zeroWords(long pa, int max) {
        long pfn = pa >>> 12;
        int i = (int) ((pa >>> 3) & 511);
        max = Math.min(max, 512 - i);
        if (pfn >= maxPfn || max <= 0) return 0;
        Frame f = frames.get(pfn);
        if (f == null) {
            TableRun r = runs.length == 0 ? null : runAt(runs, pfn);
            if (r == null) return max;
            f = r.frame(pfn, 0);
        }
        int k = 0;
        if (f.words == null && (f.count == 0 || i + max <= f.lo)) return max;
        if (f.words == null && i < f.lo) {
            k = f.lo - i;
            if (f.first != 0) return k;
        }
        while (k < max && f.word(i + k) == 0) k++;
        return k;
    }

    /** The table runs, in pfn order (for tests and the checkpoint). */
    public java.util.List<TableRun> tableRuns() { return java.util.List.of(runs); }

    /** Reads 8 bytes; beyond the end of memory the bus returns all ones, as on a PC. */
    public long read64(long pa) {
        long pfn = pa >>> 12;
        if (pfn >= maxPfn) return -1L;
        Frame f = frames.get(pfn);
        if (f != null) return f.word((int) ((pa >>> 3) & 511));
        if (runs.length == 0) return 0;
        TableRun r = runAt(runs, pfn);
        return r == null ? 0 : r.word(pfn, (int) ((pa >>> 3) & 511));
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
        Frame f = frames.get(pfn);
        if (runs.length > 0 && runAt(runs, pfn) != null) {     // the tree must hide the run's contents
            if (f == null) storedFrames++;
            if (f == null || !f.isCleared()) frames.set(pfn, Frame.cleared(epoch));
        } else if (f != null) {
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
        return storedFrames * (16 + 4096 + 40 + 8) + runs.length * 64L;
    }

    // ---- checkpoint ----
    /** The frame tree at the checkpoint (nodes and frames are shared copy-on-write). */
    public record State(Object frames, long stored, TableRun[] runs) { }

    /** Checkpoint: keeps the tree's root and the runs; nodes and frames are copied on their first write afterwards. */
    @Override public State save() {
        State s = new State(frames.save(), storedFrames, runs);
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
        TableRun[] nowRuns = runs, thenRuns = saved.runs;
        Object now = frames.live(), then = saved.frames;
        frames.diff(now, then, (pfn, a, b) -> out.frame(pfn, words(b, thenRuns, pfn), words(a, nowRuns, pfn)));
        if (nowRuns == thenRuns) return;
        // frames of runs that only one side has, where neither tree stores the frame (the diff saw the others)
        java.util.Set<TableRun> both = new java.util.HashSet<>(java.util.List.of(thenRuns));
        both.retainAll(java.util.List.of(nowRuns));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (TableRun[] side : new TableRun[][]{nowRuns, thenRuns})
            for (TableRun r : side) {
                if (both.contains(r)) continue;
                for (long j = 0, n = r.frames(); j < n; j++) {
                    long pfn = r.pfn0() + j * r.dir();
                    if (frames.getIn(now, pfn) != null || frames.getIn(then, pfn) != null || !seen.add(pfn)) continue;
                    out.frame(pfn, words(null, thenRuns, pfn), words(null, nowRuns, pfn));
                }
            }
    }

    /** Restore: adopts the checkpoint's tree (O(1)); it stays shared with the checkpoint. */
    @Override public void load(State s) {
        frames.load(s.frames);
        storedFrames = s.stored;
        runs = s.runs;
        epoch++;                                 // shared with the checkpoint, which stays reusable
    }
}
