package io.kmemlab.emulator.memblock;

import io.kmemlab.emulator.store.FrameOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The early boot allocator (mm/memblock.c): "memory" and "reserved" region arrays.
 * Allocation is top-down below the limit (memblock_find_in_range_node with
 * memblock_bottom_up() false), or bottom-up from a goal (the 2.6 bootmem model:
 * mm/bootmem.c with goal MAX_DMA_ADDRESS = 16 MiB). Reserved regions remember whom they
 * belong to, so frame_owner() can name the purpose of each early allocation.
 * Adjacent reserved regions of the same owner and name merge, as memblock_merge_regions does.
 */
public final class Memblock {
    /** A region [base, base + size). */
    public record Region(long base, long size, int nid, FrameOwner owner, String name) {
        public long end() { return base + size; }
    }

    private final TreeMap<Long, Region> memory = new TreeMap<>();
    private final TreeMap<Long, Region> reserved = new TreeMap<>();
    private boolean bottomUp;
    private long goal;

    public Memblock copy() {
        Memblock m = new Memblock();
        m.memory.putAll(memory);
        m.reserved.putAll(reserved);
        m.bottomUp = bottomUp;
        m.goal = goal;
        return m;
    }

    /** bootmem-style allocation: bottom-up from {@code goal}. */
    public void setBottomUp(boolean on, long goal) { this.bottomUp = on; this.goal = goal; }

    public boolean bottomUp() { return bottomUp; }

    /** memblock_add_node(). Ranges are page-aligned by the caller (PFN_UP / PFN_DOWN of e820). */
    public void addMemory(long base, long size, int nid) {
        if (size <= 0) return;
        long end = base + size;
        // memblock_add_range(): only the parts not already present are inserted, and
        // neighbouring regions of the same node merge (memblock_merge_regions)
        for (Region r : List.copyOf(memory.values())) {
            if (r.end() < base || r.base() > end) continue;
            if (r.nid() == nid) {
                memory.remove(r.base());
                base = Math.min(base, r.base());
                end = Math.max(end, r.end());
            } else if (r.base() <= base && r.end() >= end) {
                return;                                                   // wholly inside another node's region
            } else if (r.base() <= base && r.end() > base) {
                base = r.end();
            } else if (r.base() < end && r.end() >= end) {
                end = r.base();
            }
        }
        if (end > base) memory.put(base, new Region(base, end - base, nid, FrameOwner.FREE, "System RAM"));
    }

    /** memblock_reserve(): overlapping parts of older reservations are replaced. */
    public void reserve(long base, long size, FrameOwner owner, String name) {
        if (size <= 0) return;
        long end = base + size;
        // cut overlaps
        List<Region> overl = new ArrayList<>();
        Map.Entry<Long, Region> lo = reserved.floorEntry(base);
        if (lo != null && lo.getValue().end() > base) overl.add(lo.getValue());
        overl.addAll(reserved.subMap(base, true, end, false).values());
        for (Region r : overl) {
            reserved.remove(r.base());
            if (r.base() < base) reserved.put(r.base(), new Region(r.base(), base - r.base(), r.nid(), r.owner(), r.name()));
            if (r.end() > end) reserved.put(end, new Region(end, r.end() - end, r.nid(), r.owner(), r.name()));
        }
        Region n = new Region(base, size, nidOf(base), owner, name);
        Map.Entry<Long, Region> before = reserved.lowerEntry(base);
        if (before != null && before.getValue().end() == base && same(before.getValue(), n)) {
            reserved.remove(before.getKey());
            n = new Region(before.getValue().base(), n.end() - before.getValue().base(), n.nid(), owner, name);
        }
        Region after = reserved.get(n.end());
        if (after != null && same(after, n)) {
            reserved.remove(after.base());
            n = new Region(n.base(), after.end() - n.base(), n.nid(), owner, name);
        }
        reserved.put(n.base(), n);
    }

    private static boolean same(Region a, Region b) { return a.owner() == b.owner() && a.name().equals(b.name()); }

    public int nidOf(long pa) {
        Map.Entry<Long, Region> e = memory.floorEntry(pa);
        return e != null && e.getValue().end() > pa ? e.getValue().nid() : 0;
    }

    /**
     * memblock_alloc_range_nid(): {@code size} bytes aligned to {@code align} inside
     * [min, max), top-down (or bottom-up from the goal in bootmem mode); -1 when nothing fits.
     */
    public long alloc(long size, long align, long min, long max, int nid, FrameOwner owner, String name) {
        long at = bottomUp ? findBottomUp(size, align, Math.max(min, goal), max, nid) : -1;
        if (at < 0 && bottomUp) at = findBottomUp(size, align, min, max, nid);   // bootmem falls back below the goal
        if (!bottomUp) at = findTopDown(size, align, min, max, nid);
        if (at >= 0) reserve(at, size, owner, name);
        return at;
    }

    /**
     * Up to {@code n} top-down allocations of one page each (size and alignment 4096), made as
     * n calls of {@link #alloc} would make them: the first takes the highest free page, and each
     * next one the page just below the previous while the same free gap lasts (the gaps above
     * stay too small; in the bootmem mode, or when the pages are not consecutive, only one is made).
     * Reserves them all (adjacent reservations of one owner merge, so the regions are those of
     * the n calls). Returns the address of the first page in {@code out[0]} and how many pages
     * were allocated, each 4096 below the previous; 0 when none fits.
     */
    public int allocPagesDown(int n, long min, long max, int nid, FrameOwner owner, String name, long[] out) {
        long at = alloc(4096, 4096, min, max, nid, owner, name);
        if (at < 0) return 0;
        out[0] = at;
        if (bottomUp || n <= 1 || (at & 4095) != 0) return 1;
        // the free gap below the first page, inside its memory region and above min
        if (reservedAt(at).base() < at) return 1;                        // it joined a reservation just below
        long gapLo = Math.max(memory.floorEntry(at).getValue().base(), min);
        Map.Entry<Long, Region> below = reserved.lowerEntry(at);         // ends at or below 'at' (regions are disjoint)
        if (below != null) gapLo = Math.max(gapLo, below.getValue().end());
        long more = Math.min(n - 1, Math.max(0, (at - gapLo) >> 12));
        if (more > 0) reserve(at - (more << 12), more << 12, owner, name);
        return (int) (1 + more);
    }

    /**
     * Bottom-up allocation from an explicit goal whatever the mode: bootmem's _low variants
     * (goal 0) and the early page-table area of 32-bit x86 (find_early_table_space() searches
     * from 0x7000, arch/x86/mm/init.c of 2.6.32); -1 when nothing fits in [goal, max).
     */
    public long allocFrom(long size, long align, long goal, long max, int nid, FrameOwner owner, String name) {
        long at = findBottomUp(size, align, goal, max, nid);
        if (at < 0 && nid >= 0) at = findBottomUp(size, align, goal, max, -1);
        if (at >= 0) reserve(at, size, owner, name);
        return at;
    }

    private long findTopDown(long size, long align, long min, long max, int nid) {
        for (Region m : memory.descendingMap().values()) {
            if (nid >= 0 && m.nid() != nid) continue;
            long hi = Math.min(m.end(), max), lo = Math.max(m.base(), min);
            // walk free gaps of [lo, hi) from the top
            long top = hi;
            while (top > lo) {
                Map.Entry<Long, Region> r = reserved.lowerEntry(top);
                long gapLo = lo;
                if (r != null && r.getValue().end() > lo) {
                    if (r.getValue().end() >= top) { top = r.getValue().base(); continue; }
                    gapLo = Math.max(lo, r.getValue().end());
                }
                long cand = (top - size) & -align;
                if (top - size >= gapLo && cand >= gapLo) return cand;
                if (r == null || r.getValue().end() <= lo) break;
                top = r.getValue().base();
            }
        }
        return nid >= 0 ? findTopDown(size, align, min, max, -1) : -1;
    }

    private long findBottomUp(long size, long align, long min, long max, int nid) {
        for (Region m : memory.values()) {
            if (nid >= 0 && m.nid() != nid) continue;
            long lo = Math.max(m.base(), min), hi = Math.min(m.end(), max);
            long cur = (lo + align - 1) & -align;
            while (cur + size <= hi) {
                Region clash = overlapping(cur, cur + size);
                if (clash == null) return cur;
                cur = (clash.end() + align - 1) & -align;
            }
        }
        return -1;
    }

    private Region overlapping(long s, long e) {
        Map.Entry<Long, Region> lo = reserved.lowerEntry(e);
        if (lo != null && lo.getValue().end() > s) return lo.getValue();
        return null;
    }

    /** Reservation covering {@code pa}, or null. */
    public Region reservedAt(long pa) {
        Map.Entry<Long, Region> e = reserved.floorEntry(pa);
        return e != null && e.getValue().end() > pa ? e.getValue() : null;
    }

    public boolean isMemory(long pa) {
        Map.Entry<Long, Region> e = memory.floorEntry(pa);
        return e != null && e.getValue().end() > pa;
    }

    public List<Region> memory() { return List.copyOf(memory.values()); }

    public List<Region> reserved() { return List.copyOf(reserved.values()); }

    /** for_each_free_mem_range(): parts of memory not reserved, in address order, as [start, end) pairs. */
    public List<long[]> freeRanges() {
        List<long[]> out = new ArrayList<>();
        for (Region m : memory.values()) {
            long cur = m.base();
            Map.Entry<Long, Region> first = reserved.lowerEntry(m.base());
            if (first != null && first.getValue().end() > cur) cur = Math.min(m.end(), first.getValue().end());
            for (Region r : reserved.subMap(m.base(), true, m.end(), false).values()) {
                if (r.base() > cur) out.add(new long[]{cur, r.base()});
                cur = Math.max(cur, Math.min(r.end(), m.end()));
            }
            if (cur < m.end()) out.add(new long[]{cur, m.end()});
        }
        return out;
    }

    public long memoryEnd() { return memory.isEmpty() ? 0 : memory.lastEntry().getValue().end(); }
}
