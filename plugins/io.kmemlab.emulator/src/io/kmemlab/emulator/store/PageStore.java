package io.kmemlab.emulator.store;

import java.util.function.LongUnaryOperator;

/**
 * Storage of every struct page: struct-of-arrays in blocks of 512 descriptors, created on
 * the first write to a descriptor of the block and kept in a sparse radix tree
 * ({@link CowRadix}). An untouched block costs nothing: its owners come from a few extents
 * ({@link OwnerExtents}) and its descriptors are computed: flags = the zone/node/section bits
 * memmap_init() packs (mm/mm_init.c __init_single_page) plus PG_reserved for reserved frames,
 * _refcount 1 if reserved else 0, _mapcount -1, union words 0.
 *
 * Union words (include/linux/mm_types.h, 64-bit offsets 8..47): word 0 = lru.next /
 * compound_head / slab_cache / pt_list..., 1 = lru.prev, 2 = mapping, 3 = index,
 * 4 = private. How each union variant names them is in io.kmemlab.emulator.mm.StructPage.
 */
public final class PageStore implements PageDescriptors, Checkpointable<PageStore.State> {
    public static final int BLOCK_SHIFT = 9, BLOCK = 1 << BLOCK_SHIFT, WORDS = 5;

    static final class Block {
        int epoch;
        final long[] flags = new long[BLOCK];
        final int[] refcount = new int[BLOCK];
        final int[] mapcount = new int[BLOCK];
        final long[] words = new long[BLOCK * WORDS];
        final byte[] owner = new byte[BLOCK];

        Block copy(int newEpoch) {
            Block b = new Block();
            b.epoch = newEpoch;
            System.arraycopy(flags, 0, b.flags, 0, BLOCK);
            System.arraycopy(refcount, 0, b.refcount, 0, BLOCK);
            System.arraycopy(mapcount, 0, b.mapcount, 0, BLOCK);
            System.arraycopy(words, 0, b.words, 0, BLOCK * WORDS);
            System.arraycopy(owner, 0, b.owner, 0, BLOCK);
            return b;
        }
    }

    private final long maxPfn;
    private final CowRadix<Block> blocks;
    private OwnerExtents defaults = OwnerExtents.HOLES;    // owner of every frame of an untouched block
    private int epoch = 1;
    private long materialised;
    private LongUnaryOperator initialFlags = pfn -> 0;   // zone/node/section bits of a pfn
    private long reservedBit;                            // 1L << PG_reserved
    private boolean initialised;                         // memmap_init has run

    public PageStore(long maxPfn) {
        this.maxPfn = maxPfn;
        blocks = new CowRadix<>(Math.max(1, (maxPfn + BLOCK - 1) >>> BLOCK_SHIFT));
    }

    /** memmap_init(): from now on descriptors hold their initial values. */
    public void initialise(LongUnaryOperator initialFlags, long reservedBit) {
        this.initialFlags = initialFlags;
        this.reservedBit = reservedBit;
        this.initialised = true;
    }

    public boolean initialised() { return initialised; }

    public long maxPfn() { return maxPfn; }

    private Block read(long pfn) { return blocks.get(pfn >>> BLOCK_SHIFT); }

    private Block write(long pfn) {
        long bi = pfn >>> BLOCK_SHIFT;
        Block b = blocks.get(bi);
        if (b == null) {
            b = new Block();
            b.epoch = epoch;
            long base = bi << BLOCK_SHIFT;
            for (int i = 0; i < BLOCK; i++) {
                long p = base + i;
                byte o = defaults.ownerAt(p);
                boolean reserved = o != FrameOwner.FREE.ordinal();
                b.flags[i] = initialised ? initialFlags.applyAsLong(p) | (reserved ? reservedBit : 0) : 0;
                b.refcount[i] = initialised && reserved ? 1 : 0;
                b.mapcount[i] = initialised ? -1 : 0;
                b.owner[i] = o;
            }
            blocks.set(bi, b);
            materialised++;
        } else if (b.epoch != epoch) {
            b = b.copy(epoch);
            blocks.set(bi, b);
        }
        return b;
    }

    private static int idx(long pfn) { return (int) (pfn & (BLOCK - 1)); }

    @Override public long flags(long pfn) {
        Block b = read(pfn);
        if (b != null) return b.flags[idx(pfn)];
        if (!initialised) return 0;
        return initialFlags.applyAsLong(pfn) | (defaults.ownerAt(pfn) != FrameOwner.FREE.ordinal() ? reservedBit : 0);
    }

    public void setFlags(long pfn, long v) { write(pfn).flags[idx(pfn)] = v; }

    public void setFlagBit(long pfn, int bit, boolean on) {
        Block b = write(pfn);
        int i = idx(pfn);
        b.flags[i] = on ? b.flags[i] | (1L << bit) : b.flags[i] & ~(1L << bit);
    }

    @Override public int refcount(long pfn) {
        Block b = read(pfn);
        if (b != null) return b.refcount[idx(pfn)];
        return initialised && defaults.ownerAt(pfn) != FrameOwner.FREE.ordinal() ? 1 : 0;
    }

    public void setRefcount(long pfn, int v) { write(pfn).refcount[idx(pfn)] = v; }

    /** put_page_testzero() in one block access: decrements a positive refcount; returns the old value. */
    public int decRefcountIfPositive(long pfn) {
        Block b = read(pfn);
        int i = idx(pfn);
        int old = b != null ? b.refcount[i] : refcount(pfn);
        if (old <= 0) return old;
        write(pfn).refcount[i] = old - 1;
        return old;
    }

    /** The raw _mapcount / page_type word. */
    @Override public int mapcount(long pfn) {
        Block b = read(pfn);
        if (b != null) return b.mapcount[idx(pfn)];
        return initialised ? -1 : 0;
    }

    public void setMapcount(long pfn, int v) { write(pfn).mapcount[idx(pfn)] = v; }

    @Override public long word(long pfn, int w) {
        Block b = read(pfn);
        return b == null ? 0 : b.words[idx(pfn) * WORDS + w];
    }

    public void setWord(long pfn, int w, long v) { write(pfn).words[idx(pfn) * WORDS + w] = v; }

    @Override public FrameOwner owner(long pfn) {
        if (pfn < 0 || pfn >= maxPfn) return FrameOwner.HOLE;
        Block b = read(pfn);
        return FrameOwner.of(b != null ? b.owner[idx(pfn)] : defaults.ownerAt(pfn));
    }

    public void setOwner(long pfn, FrameOwner o) { write(pfn).owner[idx(pfn)] = (byte) o.ordinal(); }

    /**
     * Boot-time (memmap_init / reserve_bootmem_region): sets the owner of [start, end) and the
     * matching initial state (reserved frames: PG_reserved, refcount 1; free: neither).
     * Untouched blocks only change their extents; written blocks in the range (found in the
     * tree, not by scanning the range) and the partial blocks at its ends are written frame
     * by frame.
     */
    public void setOwnerRange(long start, long end, FrameOwner o) {
        if (end <= start) return;
        long firstWhole = (start + BLOCK - 1) >>> BLOCK_SHIFT, endWhole = end >>> BLOCK_SHIFT;
        if (firstWhole >= endWhole) {                              // inside one block, or across one boundary
            writeOwners(start, end, o);
        } else {
            writeOwners(start, firstWhole << BLOCK_SHIFT, o);     // head of a partial block (materialised by the write)
            writeOwners(endWhole << BLOCK_SHIFT, end, o);         // tail of a partial block
        }
        defaults = defaults.with(start, end, (byte) o.ordinal());
        Object live = blocks.live();
        for (long bi = blocks.next(live, firstWhole); bi >= 0 && bi < endWhole; bi = blocks.next(live, bi + 1))
            writeOwners(bi << BLOCK_SHIFT, (bi + 1) << BLOCK_SHIFT, o);
    }

    private void writeOwners(long p, long e, FrameOwner o) {
        boolean reserved = o != FrameOwner.FREE;
        for (; p < e; p++) {
            Block b = write(p);
            int i = idx(p);
            b.owner[i] = (byte) o.ordinal();
            if (initialised) {
                b.flags[i] = initialFlags.applyAsLong(p) | (reserved ? reservedBit : 0);
                b.refcount[i] = reserved ? 1 : 0;
            }
        }
    }

    /** Resets a descriptor to the state of a free page (free_pages_prepare). */
    public void resetFree(long pfn, long initialFlagsValue) {
        Block b = write(pfn);
        int i = idx(pfn);
        b.flags[i] = initialFlagsValue;
        b.refcount[i] = 0;
        b.mapcount[i] = -1;
        for (int w = 0; w < WORDS; w++) b.words[i * WORDS + w] = 0;
        b.owner[i] = (byte) FrameOwner.FREE.ordinal();
    }

    /** Frames in [start, end) owned by {@code o}; untouched blocks count by their extents. */
    public long countOwner(long start, long end, FrameOwner o) {
        long[] n = {0};
        ownerRuns(start, end, (s, count, owner) -> { if (owner == o) n[0] += count; });
        return n[0];
    }

    public long initialFlags(long pfn) { return initialFlags.applyAsLong(pfn); }

    /** Receives maximal runs of frames with one owner. */
    public interface OwnerRuns { void run(long start, long count, FrameOwner owner); }

    /**
     * The owners of [start, end) as maximal runs, in pfn order: untouched memory is one step
     * per extent, a written block is scanned, so the cost is that of the extents and the
     * written blocks, whatever the size of the machine.
     */
    public void ownerRuns(long start, long end, OwnerRuns out) {
        long p = Math.max(0, start), runStart = p;
        end = Math.min(end, maxPfn);
        byte cur = -1;
        Object live = blocks.live();
        while (p < end) {
            long nextBlock = blocks.next(live, p >>> BLOCK_SHIFT);
            long untouchedEnd = nextBlock < 0 ? end : Math.min(end, Math.max(p, nextBlock << BLOCK_SHIFT));
            while (p < untouchedEnd) {                       // extents up to the next written block
                byte o = defaults.ownerAt(p);
                if (o != cur) {
                    if (cur >= 0) out.run(runStart, p - runStart, FrameOwner.of(cur));
                    cur = o;
                    runStart = p;
                }
                p = Math.min(untouchedEnd, defaults.extentEnd(p));
            }
            if (p >= end) break;
            Block b = blocks.get(p >>> BLOCK_SHIFT);
            long be = Math.min(end, ((p >>> BLOCK_SHIFT) + 1) << BLOCK_SHIFT);
            for (; p < be; p++) {
                byte o = b.owner[idx(p)];
                if (o != cur) {
                    if (cur >= 0) out.run(runStart, p - runStart, FrameOwner.of(cur));
                    cur = o;
                    runStart = p;
                }
            }
        }
        if (cur >= 0) out.run(runStart, end - runStart, FrameOwner.of(cur));
    }

    /**
     * prep_new_page() for one frame in a single block access: refcount, _mapcount -1, union
     * words 0, owner. Flags are left as free_pages_prepare() left them.
     */
    public void prepAlloc(long pfn, FrameOwner o, int refcount) {
        Block b = write(pfn);
        int i = idx(pfn);
        b.refcount[i] = refcount;
        b.mapcount[i] = -1;
        int w = i * WORDS;
        b.words[w] = 0; b.words[w + 1] = 0; b.words[w + 2] = 0; b.words[w + 3] = 0; b.words[w + 4] = 0;
        b.owner[i] = (byte) o.ordinal();
    }

    /**
     * free_pages_prepare() for one frame: page->flags &= ~PAGE_FLAGS_CHECK_AT_PREP (every flag
     * bit below {@code nrPageflags}; the zone/node/section links stay), refcount 0, _mapcount -1,
     * union words 0, owner free.
     */
    public void prepFree(long pfn, int nrPageflags) {
        Block b = write(pfn);
        int i = idx(pfn);
        b.flags[i] &= -(1L << nrPageflags);
        b.refcount[i] = 0;
        b.mapcount[i] = -1;
        int w = i * WORDS;
        b.words[w] = 0; b.words[w + 1] = 0; b.words[w + 2] = 0; b.words[w + 3] = 0; b.words[w + 4] = 0;
        b.owner[i] = (byte) FrameOwner.FREE.ordinal();
    }

    public boolean isMaterialised(long pfn) { return read(pfn) != null; }

    public long materialisedBlocks() { return materialised; }

    /** Approximate host bytes: ~28.7 KiB per touched block and its share of the tree. */
    public long hostBytes() {
        long perBlock = 16L * 5 + BLOCK * (8 + 4 + 4 + 8 * WORDS + 1) + 8;
        return 64L + materialised * perBlock;
    }

    // ---- checkpoint (copy-on-write: tree nodes and blocks) ----
    /** The block tree (blocks shared copy-on-write), the extents and memmap_init's rule. */
    public record State(Object blocks, OwnerExtents defaults, long materialised, boolean initialised,
                        LongUnaryOperator initialFlags, long reservedBit) { }

    /** Checkpoint: keeps the tree's root; nodes and blocks are copied on their next write. */
    @Override public State save() {
        State s = new State(blocks.save(), defaults, materialised, initialised, initialFlags, reservedBit);
        epoch++;
        return s;
    }

    /** Read-only view of the descriptors as checkpoint state {@code saved} ({@link #save()}) holds them. */
    public PageDescriptors at(State saved) { return new SavedView(saved); }

    private final class SavedView implements PageDescriptors {
        private final State s;

        SavedView(State s) { this.s = s; }

        private Block block(long pfn) { return blocks.getIn(s.blocks, pfn >>> BLOCK_SHIFT); }

        private byte defaultOf(long pfn) { return s.defaults.ownerAt(pfn); }

        @Override public long flags(long pfn) {
            Block b = block(pfn);
            if (b != null) return b.flags[idx(pfn)];
            return s.initialised ? s.initialFlags.applyAsLong(pfn) | (defaultOf(pfn) != FrameOwner.FREE.ordinal() ? s.reservedBit : 0) : 0;
        }

        @Override public int refcount(long pfn) {
            Block b = block(pfn);
            if (b != null) return b.refcount[idx(pfn)];
            return s.initialised && defaultOf(pfn) != FrameOwner.FREE.ordinal() ? 1 : 0;
        }

        @Override public int mapcount(long pfn) {
            Block b = block(pfn);
            if (b != null) return b.mapcount[idx(pfn)];
            return s.initialised ? -1 : 0;
        }

        @Override public long word(long pfn, int w) {
            Block b = block(pfn);
            return b == null ? 0 : b.words[idx(pfn) * WORDS + w];
        }

        @Override public FrameOwner owner(long pfn) {
            if (pfn < 0 || pfn >= maxPfn) return FrameOwner.HOLE;
            Block b = block(pfn);
            return FrameOwner.of(b != null ? b.owner[idx(pfn)] : defaultOf(pfn));
        }
    }

    /** Receives what changed since a checkpoint ({@link #changesSince}). */
    public interface Changes {
        /** The descriptor of {@code pfn} (in a block written since the checkpoint) differs in some field or its owner. */
        void descriptor(long pfn);

        /**
         * Every descriptor of [start, end), all in blocks never written, was recomputed: their
         * owner changed (boot-time reservations) or memmap_init ran.
         */
        void untouched(long start, long end);
    }

    /**
     * What differs from checkpoint {@code saved}. Only tree nodes and blocks copied since the
     * checkpoint are compared (identity first, copy-on-write guarantees the rest), and the
     * untouched blocks through their extents, so the cost is proportional to what was
     * written, not to the machine size. Untouched ranges come in whole blocks, ascending.
     */
    public void changesSince(State saved, Changes out) {
        State s = saved;
        boolean initChanged = s.initialised != initialised || s.initialFlags != initialFlags || s.reservedBit != reservedBit;
        PageDescriptors before = at(saved);
        Object live = blocks.live();
        blocks.diff(live, s.blocks, (bi, now, then) -> {
            long bs = bi << BLOCK_SHIFT;
            for (int j = 0; j < BLOCK && bs + j < maxPfn; j++) {
                long pfn = bs + j;
                if (differs(now, then, j, pfn, before)) out.descriptor(pfn);
            }
        });
        // untouched blocks (unwritten in both trees) whose extents differ, or all of them when memmap_init ran
        long[] pending = {-1, -1};
        OwnerExtents.Ranges untouched = (rs, re) -> {
            long b = rs >>> BLOCK_SHIFT, bEnd = (re + BLOCK - 1) >>> BLOCK_SHIFT;
            while (b < bEnd) {
                long wn = blocks.next(live, b), wt = blocks.next(s.blocks, b);
                long written = Math.min(wn < 0 ? Long.MAX_VALUE : wn, wt < 0 ? Long.MAX_VALUE : wt);
                long stop = Math.min(bEnd, written);
                long ps = Math.max(b << BLOCK_SHIFT, pending[1]), pe = Math.min(maxPfn, stop << BLOCK_SHIFT);
                if (pe > ps) {                                 // (a block two ranges share is reported once)
                    if (pending[1] == ps) pending[1] = pe;
                    else {
                        if (pending[0] >= 0) out.untouched(pending[0], pending[1]);
                        pending[0] = ps;
                        pending[1] = pe;
                    }
                }
                b = Math.max(stop, b) + (stop < bEnd ? 1 : 0);
            }
        };
        if (initChanged) untouched.range(0, maxPfn);
        else OwnerExtents.differences(defaults, s.defaults, maxPfn, untouched);
        if (pending[0] >= 0) out.untouched(pending[0], pending[1]);
    }

    /** Receives a range of frames whose owner differs from a checkpoint ({@link #untouchedOwnerChanges}). */
    public interface OwnerChanges { void range(long start, long count, FrameOwner before, FrameOwner after); }

    /**
     * The owners that differ from checkpoint {@code saved} in [start, end), a range of blocks
     * written in neither tree (an {@link Changes#untouched} range): there both owners come from
     * the extents, so this takes one step per extent boundary, not per block. (Extent bounds
     * that are not block-aligned lie in blocks {@link #setOwnerRange} wrote, never in such a range.)
     */
    public void untouchedOwnerChanges(State saved, long start, long end, OwnerChanges out) {
        end = Math.min(end, maxPfn);
        for (long p = Math.max(0, start); p < end; ) {
            long e = Math.min(end, Math.min(defaults.extentEnd(p), saved.defaults.extentEnd(p)));
            byte then = saved.defaults.ownerAt(p), now = defaults.ownerAt(p);
            if (then != now) out.range(p, e - p, FrameOwner.of(then), FrameOwner.of(now));
            p = e;
        }
    }

    /** One descriptor of a block written since the checkpoint against its checkpointed value. */
    private boolean differs(Block now, Block then, int j, long pfn, PageDescriptors before) {
        if (now != null && then != null) {
            if (now.flags[j] != then.flags[j] || now.refcount[j] != then.refcount[j] || now.mapcount[j] != then.mapcount[j]
                    || now.owner[j] != then.owner[j]) return true;
            for (int w = 0; w < WORDS; w++) if (now.words[j * WORDS + w] != then.words[j * WORDS + w]) return true;
            return false;
        }
        if (flags(pfn) != before.flags(pfn) || refcount(pfn) != before.refcount(pfn) || mapcount(pfn) != before.mapcount(pfn)
                || owner(pfn) != before.owner(pfn)) return true;
        for (int w = 0; w < WORDS; w++) if (word(pfn, w) != before.word(pfn, w)) return true;
        return false;
    }

    /** Restore: adopts the checkpoint's tree and extents (O(1)). */
    @Override public void load(State s) {
        blocks.load(s.blocks);
        defaults = s.defaults;
        materialised = s.materialised;
        initialised = s.initialised;
        initialFlags = s.initialFlags;
        reservedBit = s.reservedBit;
        epoch++;
    }
}
