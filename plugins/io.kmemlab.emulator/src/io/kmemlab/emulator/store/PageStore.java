package io.kmemlab.emulator.store;

import java.util.function.LongUnaryOperator;

/**
 * Storage of every struct page: struct-of-arrays in blocks of 512 descriptors, created on
 * the first write to a descriptor of the block. An untouched block costs one owner byte and
 * a null reference; its descriptors are computed: flags = the zone/node/section bits
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
    private Block[] blocks;
    private byte[] defaultOwner;            // owner of every frame of an untouched block
    private int epoch = 1;
    private long materialised;
    private LongUnaryOperator initialFlags = pfn -> 0;   // zone/node/section bits of a pfn
    private long reservedBit;                            // 1L << PG_reserved
    private boolean initialised;                         // memmap_init has run
    private final TopMirror mBlocks, mDefaults;          // checkpointable mirrors of blocks[] and defaultOwner[]

    public PageStore(long maxPfn) {
        this.maxPfn = maxPfn;
        int n = (int) ((maxPfn + BLOCK - 1) >>> BLOCK_SHIFT);
        blocks = new Block[n];
        defaultOwner = new byte[n];
        java.util.Arrays.fill(defaultOwner, (byte) FrameOwner.HOLE.ordinal());
        mBlocks = new TopMirror(n);
        mDefaults = new TopMirror(n);
    }

    private void setBlock(int bi, Block b) {
        blocks[bi] = b;
        mBlocks.set(bi, b, epoch);
    }

    private void setDefault(int bi, byte owner) {
        defaultOwner[bi] = owner;
        mDefaults.set(bi, owner == FrameOwner.HOLE.ordinal() ? null : Byte.valueOf(owner), epoch);
    }

    /** memmap_init(): from now on descriptors hold their initial values. */
    public void initialise(LongUnaryOperator initialFlags, long reservedBit) {
        this.initialFlags = initialFlags;
        this.reservedBit = reservedBit;
        this.initialised = true;
    }

    public boolean initialised() { return initialised; }

    public long maxPfn() { return maxPfn; }

    private Block read(long pfn) { return blocks[(int) (pfn >>> BLOCK_SHIFT)]; }

    private Block write(long pfn) {
        int bi = (int) (pfn >>> BLOCK_SHIFT);
        Block b = blocks[bi];
        if (b == null) {
            b = new Block();
            b.epoch = epoch;
            long base = (long) bi << BLOCK_SHIFT;
            byte o = defaultOwner[bi];
            boolean reserved = o != FrameOwner.FREE.ordinal();
            for (int i = 0; i < BLOCK; i++) {
                long p = base + i;
                b.flags[i] = initialised ? initialFlags.applyAsLong(p) | (reserved ? reservedBit : 0) : 0;
                b.refcount[i] = initialised && reserved ? 1 : 0;
                b.mapcount[i] = initialised ? -1 : 0;
                b.owner[i] = o;
            }
            setBlock(bi, b);
            materialised++;
        } else if (b.epoch != epoch) {
            b = b.copy(epoch);
            setBlock(bi, b);
        }
        return b;
    }

    private static int idx(long pfn) { return (int) (pfn & (BLOCK - 1)); }

    @Override public long flags(long pfn) {
        Block b = read(pfn);
        if (b != null) return b.flags[idx(pfn)];
        if (!initialised) return 0;
        return initialFlags.applyAsLong(pfn) | (defaultOwner[(int) (pfn >>> BLOCK_SHIFT)] != FrameOwner.FREE.ordinal() ? reservedBit : 0);
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
        return initialised && defaultOwner[(int) (pfn >>> BLOCK_SHIFT)] != FrameOwner.FREE.ordinal() ? 1 : 0;
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
        return FrameOwner.of(b != null ? b.owner[idx(pfn)] : defaultOwner[(int) (pfn >>> BLOCK_SHIFT)]);
    }

    public void setOwner(long pfn, FrameOwner o) { write(pfn).owner[idx(pfn)] = (byte) o.ordinal(); }

    /**
     * Boot-time (memmap_init / reserve_bootmem_region): sets the owner of [start, end) and the
     * matching initial state (reserved frames: PG_reserved, refcount 1; free: neither).
     * Whole untouched blocks only change their default byte.
     */
    public void setOwnerRange(long start, long end, FrameOwner o) {
        long p = start;
        while (p < end) {
            int bi = (int) (p >>> BLOCK_SHIFT);
            long bs = (long) bi << BLOCK_SHIFT, be = bs + BLOCK;
            if (p == bs && be <= end && blocks[bi] == null) {
                setDefault(bi, (byte) o.ordinal());
                p = be;
            } else {
                long e = Math.min(end, be);
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

    /** Frames in [start, end) owned by {@code o}; untouched blocks count by their default owner. */
    public long countOwner(long start, long end, FrameOwner o) {
        long n = 0;
        byte ob = (byte) o.ordinal();
        long p = Math.max(0, start);
        end = Math.min(end, maxPfn);
        while (p < end) {
            int bi = (int) (p >>> BLOCK_SHIFT);
            long be = Math.min(end, ((long) bi + 1) << BLOCK_SHIFT);
            Block b = blocks[bi];
            if (b == null) {
                if (defaultOwner[bi] == ob) n += be - p;
            } else {
                for (long q = p; q < be; q++) if (b.owner[idx(q)] == ob) n++;
            }
            p = be;
        }
        return n;
    }

    public long initialFlags(long pfn) { return initialFlags.applyAsLong(pfn); }

    /** Receives maximal runs of frames with one owner. */
    public interface OwnerRuns { void run(long start, long count, FrameOwner owner); }

    /**
     * The owners of [start, end) as maximal runs, in pfn order: an untouched block is one
     * step, a materialised one is scanned, so a whole 1 TiB machine costs one pass over its
     * 524,288 block bytes.
     */
    public void ownerRuns(long start, long end, OwnerRuns out) {
        long p = Math.max(0, start), runStart = p;
        end = Math.min(end, maxPfn);
        byte cur = -1;
        while (p < end) {
            int bi = (int) (p >>> BLOCK_SHIFT);
            long be = Math.min(end, ((long) bi + 1) << BLOCK_SHIFT);
            Block b = blocks[bi];
            if (b == null) {
                byte o = defaultOwner[bi];
                if (o != cur) {
                    if (cur >= 0) out.run(runStart, p - runStart, FrameOwner.of(cur));
                    cur = o;
                    runStart = p;
                }
                p = be;
            } else {
                for (; p < be; p++) {
                    byte o = b.owner[idx(p)];
                    if (o != cur) {
                        if (cur >= 0) out.run(runStart, p - runStart, FrameOwner.of(cur));
                        cur = o;
                        runStart = p;
                    }
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

    /** Approximate host bytes: reference + owner byte per block, ~28.7 KiB per touched block. */
    public long hostBytes() {
        long perBlock = 16L * 5 + BLOCK * (8 + 4 + 4 + 8 * WORDS + 1);
        return 16L + blocks.length * 5L + materialised * perBlock;
    }

    // ---- checkpoint (copy-on-write: chunk index, chunks, blocks) ----
    /** The chunk indexes of the block tables (blocks shared copy-on-write) and memmap_init's rule. */
    public record State(Object[][] blocks, Object[][] defaults, long materialised, boolean initialised,
                        LongUnaryOperator initialFlags, long reservedBit) { }

    /** Checkpoint: copies the chunk index of the block table; blocks are copied on their next write. */
    @Override public State save() {
        State s = new State(mBlocks.save(), mDefaults.save(), materialised, initialised, initialFlags, reservedBit);
        epoch++;
        return s;
    }

    /** Read-only view of the descriptors as checkpoint state {@code saved} ({@link #save()}) holds them. */
    public PageDescriptors at(State saved) { return new SavedView(saved); }

    private final class SavedView implements PageDescriptors {
        private final State s;

        SavedView(State s) { this.s = s; }

        private Block block(long pfn) {
            int bi = (int) (pfn >>> BLOCK_SHIFT);
            Object[] ch = TopMirror.chunk(s.blocks, bi >>> TopMirror.CHUNK_SHIFT);
            return ch == null ? null : (Block) ch[bi & (TopMirror.CHUNK - 1)];
        }

        private byte defaultOf(long pfn) {
            int bi = (int) (pfn >>> BLOCK_SHIFT);
            Object[] ch = TopMirror.chunk(s.defaults, bi >>> TopMirror.CHUNK_SHIFT);
            Object d = ch == null ? null : ch[bi & (TopMirror.CHUNK - 1)];
            return d == null ? (byte) FrameOwner.HOLE.ordinal() : (Byte) d;
        }

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
     * What differs from checkpoint {@code saved}. Only chunks and blocks copied since the
     * checkpoint are compared (identity first, copy-on-write guarantees the rest), so the cost
     * is proportional to what was written, not to the machine size.
     */
    public void changesSince(State saved, Changes out) {
        State s = saved;
        boolean initChanged = s.initialised != initialised || s.initialFlags != initialFlags || s.reservedBit != reservedBit;
        PageDescriptors before = at(saved);
        long pendingStart = -1, pendingEnd = -1;
        for (int c = 0; c < mBlocks.chunkCount(); c++) {
            Object[] nb = mBlocks.chunk(c), ob = TopMirror.chunk(s.blocks, c);
            Object[] nd = mDefaults.chunk(c), od = TopMirror.chunk(s.defaults, c);
            if (nb == ob && nd == od && !initChanged) continue;
            int first = c << TopMirror.CHUNK_SHIFT, last = Math.min(blocks.length, first + TopMirror.CHUNK);
            for (int bi = first; bi < last; bi++) {
                int i = bi & (TopMirror.CHUNK - 1);
                Block now = nb == null ? null : (Block) nb[i], then = ob == null ? null : (Block) ob[i];
                long bs = (long) bi << BLOCK_SHIFT;
                if (now == null && then == null) {
                    Object dn = nd == null ? null : nd[i], dt = od == null ? null : od[i];
                    if (initChanged || !java.util.Objects.equals(dn, dt)) {
                        long be = Math.min(maxPfn, bs + BLOCK);
                        if (pendingEnd == bs) pendingEnd = be;
                        else {
                            if (pendingStart >= 0) out.untouched(pendingStart, pendingEnd);
                            pendingStart = bs;
                            pendingEnd = be;
                        }
                    }
                } else if (now != then) {
                    for (int j = 0; j < BLOCK && bs + j < maxPfn; j++) {
                        long pfn = bs + j;
                        if (differs(now, then, j, pfn, before)) out.descriptor(pfn);
                    }
                }
            }
        }
        if (pendingStart >= 0) out.untouched(pendingStart, pendingEnd);
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

    /** Restore: rebuilds the flat block table from the checkpoint's chunks (O(blocks)). */
    @Override public void load(State s) {
        mBlocks.load(s.blocks);
        mDefaults.load(s.defaults);
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = (Block) mBlocks.get(i);
            Object d = mDefaults.get(i);
            defaultOwner[i] = d == null ? (byte) FrameOwner.HOLE.ordinal() : (Byte) d;
        }
        materialised = s.materialised;
        initialised = s.initialised;
        initialFlags = s.initialFlags;
        reservedBit = s.reservedBit;
        epoch++;
    }
}
