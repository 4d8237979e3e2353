package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.FreeArea;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.store.FrameOwner;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Consistency checks over the whole machine (scans every frame: meant for test-sized
 * machines): buddy lists well-formed, no frame both free and used, free + used = managed,
 * refcounts non-negative, every present user PTE points to a used frame.
 */
final class Invariants {
    private final Kernel k;
    private final List<String> errors = new ArrayList<>();

    Invariants(Kernel k) { this.k = k; }

    List<String> check() {
        if (k.phase != BootPhase.BOOTED) return errors;
        PfnSet free = new PfnSet();
        for (Zone z : k.alloc.zones()) {
            FreeArea fl = z.freeArea();
            long freePages = 0;
            for (int o = 0; o < fl.orders(); o++) {
                long[] heads = fl.list(o);
                if (heads.length != fl.nrFree(o)) err("zone %s order %d: list length %d != nr_free %d", z.name(), o, heads.length, fl.nrFree(o));
                for (long h : heads) {
                    if ((h & ((1L << o) - 1)) != 0) err("zone %s: free block pfn 0x%x not aligned to order %d", z.name(), h, o);
                    if (h < z.startPfn() || h + (1L << o) > z.endPfn()) err("zone %s: free block 0x%x order %d outside the zone", z.name(), h, o);
                    for (long p = h; p < h + (1L << o); p++) {
                        if (free.get(p)) err("pfn 0x%x is in two free blocks", p);
                        free.set(p);
                        if (k.store.owner(p) != FrameOwner.FREE) err("pfn 0x%x is free in the buddy but owned by %s", p, k.store.owner(p).label);
                        if (k.store.refcount(p) != 0) err("free pfn 0x%x has refcount %d", p, k.store.refcount(p));
                        if (!k.alloc.isRamOf(p, z.nid())) err("zone %s of node %d: free pfn 0x%x is not RAM of the node", z.name(), z.nid(), p);
                    }
                    freePages += 1L << o;
                }
            }
            if (freePages != z.free()) err("zone %s: NR_FREE_PAGES %d != pages on lists %d", z.name(), z.free(), freePages);
            // 6.10+ (mm/page_alloc.c __add_to_free_list(): VM_WARN_ONCE on a list other than the
            // pageblock's type): a block below pageblock_order is on its pageblock's list
            if (k.profile.atLeast(6, 10)) {
                int pbo = k.alloc.migrateTypes().pageblockOrder;
                for (int mt = 0; mt < fl.migrateTypes(); mt++) for (int o = 0; o < Math.min(pbo, fl.orders()); o++)
                    for (long h : fl.lists(mt).list(o)) if (z.pageblocks().get(h) != mt)
                        err("zone %s: free block 0x%x order %d on the %s list of a %s pageblock", z.name(), h, o,
                                k.alloc.migrateTypes().name(mt), k.alloc.migrateTypes().name(z.pageblocks().get(h)));
            }
            long pcp = 0;
            for (int c = 0; c < Math.max(1, k.spec.cpus()); c++) for (long p : z.pcp(c).pfns()) {
                if (free.get(p)) err("pfn 0x%x is on a per-CPU list and free in the buddy", p);
                free.set(p);
                if (k.store.owner(p) != FrameOwner.FREE) err("pcp pfn 0x%x owned by %s", p, k.store.owner(p).label);
                pcp++;
            }
            long used = k.alloc.allocatedPages(z);
            if (z.free() + pcp + used != z.managed())
                err("zone %s: free %d + pcp %d + used %d != managed %d", z.name(), z.free(), pcp, used, z.managed());
            long counted = 0;
            // the RAM pfns of the zone, not its whole span: on a large machine with holes the span is
            // up to 2^40 pfns, and a hole has no frames to check
            for (long[] span : presentSpans(z)) for (long p = span[0]; p < span[1]; p++) {
                FrameOwner o = k.store.owner(p);
                if (o == FrameOwner.FREE && !free.get(p)) err("pfn 0x%x owned 'free' but on no free list", p);
                if (k.store.refcount(p) < 0) err("pfn 0x%x has negative refcount %d", p, k.store.refcount(p));
                if (o != FrameOwner.FREE && o != FrameOwner.HOLE && o != FrameOwner.RESERVED && o != FrameOwner.MEMMAP
                        && o != FrameOwner.MEMBLOCK && !isBootReserved(p)) counted++;
            }
            if (counted != used) err("zone %s: %d frames owned by users of the allocator, allocator says %d", z.name(), counted, used);
        }
        EntryFormat f = k.arch.paging().format();
        for (MmStruct mm : k.processes().mms()) checkTable(mm, mm.pgd(), PagingMode.PGD, 0, f);
        return errors;
    }

    /** The pfn ranges [start, end) of z that memblock.memory of z's node covers (PFN_UP(base) .. PFN_DOWN(end)). */
    private List<long[]> presentSpans(Zone z) {
        List<long[]> spans = new ArrayList<>();
        for (var r : k.memblock.memory()) {
            if (r.nid() != z.nid()) continue;                   // another node's range inside this zone's span
            long s = Math.max(z.startPfn(), (r.base() + 4095) >>> 12), e = Math.min(z.endPfn(), r.end() >>> 12);
            if (e > s) spans.add(new long[] {s, e});
        }
        return spans;
    }

    /** A set of pfns, sparse: pfns go up to 2^40 (MAX_PHYSMEM_BITS 52), RAM is in a few places. */
    private static final class PfnSet {
        private static final int CHUNK_BITS = 16;
        private final java.util.HashMap<Long, BitSet> chunks = new java.util.HashMap<>();
        private long lastChunk = -1;
        private BitSet last;

        boolean get(long pfn) {
            BitSet b = chunk(pfn, false);
            return b != null && b.get((int) (pfn & ((1 << CHUNK_BITS) - 1)));
        }

        void set(long pfn) {
            chunk(pfn, true).set((int) (pfn & ((1 << CHUNK_BITS) - 1)));
        }

        private BitSet chunk(long pfn, boolean create) {
            long c = pfn >>> CHUNK_BITS;
            if (c != lastChunk || last == null) {
                BitSet b = create ? chunks.computeIfAbsent(c, x -> new BitSet(1 << CHUNK_BITS)) : chunks.get(c);
                if (b == null) return null;
                lastChunk = c;
                last = b;
            }
            return last;
        }
    }

    private boolean isBootReserved(long pfn) {
        var r = k.memblock.reservedAt(pfn << 12);
        return r != null;
    }

    private void checkTable(MmStruct mm, long table, int level, long base, EntryFormat f) {
        int[] real = k.tables.realLevels();
        int ptrs = k.arch.paging().level(level).ptrs();
        int limit = level == PagingMode.PGD ? k.arch.kernelPgdBoundary() : ptrs;   // user half only
        for (int i = 0; i < limit; i++) {
            long entryPa = k.arch.paging().entryAddress(level, table, i);
            long e = k.tables.readEntry(entryPa, level);
            if (e == 0 || !f.present(level, e)) continue;
            if (f.leaf(level, e)) {
                long pfn = f.leafPhys(level, e) >>> 12;
                FrameOwner o = k.store.owner(pfn);
                if (o == FrameOwner.FREE) err("mm %s: present %s entry 0x%x at index %d points to free pfn 0x%x", mm.owner(), k.arch.paging().level(level).name(), e, i, pfn);
                continue;
            }
            int next = -1;
            for (int r : real) if (r > level) { next = r; break; }
            if (next < 0) continue;
            long child = f.tablePhys(level, e);
            if (k.store.owner(child >>> 12) == FrameOwner.FREE) err("mm %s: table 0x%x is a free frame", mm.owner(), child);
            checkTable(mm, child, next, base, f);
        }
    }

    private void err(String fmt, Object... args) {
        if (errors.size() < 50) errors.add(String.format(fmt, args));
    }
}
