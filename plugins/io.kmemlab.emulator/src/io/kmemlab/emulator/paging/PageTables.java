package io.kmemlab.emulator.paging;

import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PageTableLevel;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.store.PhysMem;

/**
 * Page tables stored in emulated frames: reading and writing entries, creating
 * intermediate tables (pgd_populate, p4d_alloc, pud_alloc, pmd_alloc, pte_alloc) and
 * installing leaves. Generic over {@link PagingMode}: folded levels are skipped exactly as
 * include/asm-generic/pgtable-nop4d.h / -nopud.h / -nopmd.h make them disappear.
 */
public final class PageTables {
    /** Where new table frames come from (memblock at boot, the page allocator later). */
    public interface TableSource {
        /** Physical address of a zeroed frame for a table at {@code level}, or -1. */
        long allocTable(int level);

        /**
         * Up to {@code n} frames for tables at {@code level}, as n calls of {@link #allocTable}
         * would give them one after the other: the address of the first in {@code out[0]}, the
         * distance from one to the next in {@code out[1]}; returns how many (at least 1) follow that
         * progression, 0 when none could be allocated. The frames' contents are the caller's to set.
         */
        default int allocTables(int level, int n, long[] out) {
            long t = allocTable(level);
            if (t < 0) return 0;
            out[0] = t;
            out[1] = 4096;
            return 1;
        }
    }

    private final PagingMode mode;
    private final EntryFormat fmt;
    private final PhysMem phys;
    private final int entryBytes[];
    private final int[] realLevels;          // non-folded levels, top first
    private final long x86PfnMask;           // 8-byte x86 entries: specialised translate(); 0 = generic
    private final int[] shiftR;              // per real level: shift
    private final long[] leafMaskR;          // per real level: span - 1, or 0 if no leaf possible (PS reserved)

    public PageTables(PagingMode mode, PhysMem phys) {
        this.mode = mode;
        this.fmt = mode.format();
        this.phys = phys;
        entryBytes = new int[5];
        int n = 0;
        int[] tmp = new int[5];
        for (int i = 0; i < 5; i++) {
            entryBytes[i] = mode.level(i).entryBytes();
            if (!mode.level(i).folded()) tmp[n++] = i;
        }
        realLevels = java.util.Arrays.copyOf(tmp, n);
        x86PfnMask = fmt.x86PfnMask();
        shiftR = new int[n];
        leafMaskR = new long[n];
        for (int j = 0; j < n; j++) {
            PageTableLevel l = mode.level(realLevels[j]);
            shiftR[j] = l.shift();
            leafMaskR[j] = l.leafAllowed() ? l.entrySpan() - 1 : 0;
        }
    }

    public PagingMode mode() { return mode; }

    /** TASK_SIZE: tables created for addresses below it are user tables (ARM __pmd_populate with _PAGE_USER_TABLE). */
    private long userTop;

    public void setUserTop(long top) { userTop = top; }

    public int[] realLevels() { return realLevels; }

    public long readEntry(long entryPa, int level) {
        return entryBytes[level] == 8 ? phys.read64(entryPa) : phys.read(entryPa, entryBytes[level]);
    }

    public void writeEntry(long entryPa, int level, long v) {
        if (entryBytes[level] == 8) phys.write64(entryPa, v); else phys.write(entryPa, entryBytes[level], v);
        long sh = fmt.shadowAddress(level, entryPa);         // ARM: the hardware pte beside the Linux one
        if (sh >= 0) phys.write(sh, entryBytes[level], fmt.shadowValue(level, v));
    }

    /**
     * The level whose entry a folded level's pointer designates: p4d_offset() on a folded p4d
     * returns the pgd pointer, pmd_offset() on i386 2-level / ARM the pgd pointer
     * (include/asm-generic/pgtable-nop4d.h, -nopud.h, -nopmd.h).
     */
    public int realLevel(int level) {
        while (level > 0 && mode.level(level).folded()) level--;
        return level;
    }

    public long entryAddress(int level, long tablePa, long va) {
        PageTableLevel l = mode.level(level);
        return mode.entryAddress(level, tablePa, l.index(va));
    }

    /**
     * Maps [va, va + size) to [pa, ...) with leaves at {@code leafLevel}. Existing leaves are
     * overwritten; missing tables are created from {@code src}. Returns false when a table
     * could not be allocated.
     */
    public boolean map(long root, long va, long pa, long size, int leafLevel, int prot, TableSource src) {
        long span = mode.level(leafLevel).entrySpan();
        long sub = fmt.leafSpan(leafLevel);                    // ARM: one section word per MiB of a pmd pair
        long step = sub > 0 ? sub : span;
        boolean runs = sub == 0 && bulkTables(leafLevel);
        for (long off = 0; off < size; ) {
            if (runs) {
                long done = mapTableRun(root, va + off, pa + off, size - off, leafLevel, prot, src);
                if (done < 0) return false;
                off += done;
                if (done > 0) continue;
            }
            long entryPa = ensure(root, va + off, leafLevel, src);
            if (entryPa < 0) return false;
            if (sub > 0) entryPa += ((va + off) & (span - 1)) / sub * entryBytes[leafLevel];
            if (sub > 0 || entryBytes[leafLevel] != 8 || fmt.shadowAddress(leafLevel, entryPa) >= 0) {
                writeEntry(entryPa, leafLevel, fmt.makeLeaf(leafLevel, pa + off, prot));
                off += step;
                continue;
            }
            // the rest of this table in one write: the same entries one by one would give
            PageTableLevel table = mode.level(realLevel(leafLevel));
            long n = Math.min(table.ptrs() - table.index(va + off), (size - off + step - 1) / step);
            writeLeaves(entryPa, leafLevel, pa + off, step, (int) n, prot);
            off += n * step;
        }
        return true;
    }

    /** Leaves at {@code leafLevel} can be written as runs of whole tables: x86 8-byte entries below a real level. */
    private boolean bulkTables(int leafLevel) {
        int leaf = realLevel(leafLevel);
        return x86PfnMask != 0 && !fmt.pmdPair() && leaf == leafLevel && leaf != realLevels[0]
                && entryBytes[leaf] == 8 && entryBytes[parentReal(leaf)] == 8;
    }

    private int parentReal(int level) {
        int p = realLevels[0];
        for (int i : realLevels) if (i < level) p = i;
        return p;
    }

    /**
     * The linear maps at boot (arch/x86/mm/init_64.c, 6.12: phys_pud_init() / phys_pmd_init()
     * fill each table they allocate to its end or to the end of the range; vmemmap_populate_hugepages()
     * takes one PMD block after the other): a run of new leaf tables under consecutive empty
     * entries of one parent table, each filled with the continuing leaves. Allocates the tables
     * with one request to {@code src} and writes them as one {@link PhysMem.TableRun}; the
     * tables, their order and every entry are those of mapping them one table at a time.
     * Returns the bytes mapped, 0 when the range does not start such a run (the caller maps
     * one table), -1 when a table could not be allocated.
     */
    private long mapTableRun(long root, long va, long pa, long size, int leafLevel, int prot, TableSource src) {
        int parent = parentReal(leafLevel);
        PageTableLevel pl = mode.level(parent), ll = mode.level(leafLevel);
        long pSpan = pl.entrySpan(), step = ll.entrySpan();
        long tablesNeeded = ((va & (pSpan - 1)) + size + pSpan - 1) / pSpan;
        if (tablesNeeded < 2) return 0;
        long pEntry = ensure(root, va, parent, src);
        if (pEntry < 0) return -1;
        int idx = pl.index(va);
        int n = (int) Math.min(pl.ptrs() - idx, tablesNeeded);
        int empty = phys.zeroWords(pEntry, n);                                  // pud_none / pmd_none
        if (empty < 2) return 0;
        long userFlag = Long.compareUnsigned(va, userTop) < 0 ? io.kmemlab.emulator.arch.Prot.USER : 0;
        long lastVa = va + (empty - 1) * pSpan;
        if ((Long.compareUnsigned(lastVa, userTop) < 0 ? io.kmemlab.emulator.arch.Prot.USER : 0) != userFlag) return 0;
        long[] got = new long[2];
        int c = src.allocTables(leafLevel, empty, got);
        if (c <= 0) return -1;
        long t0 = got[0], stride = got[1];
        // the leaves: from va to the end of the c-th table or of the range (rounded up to a leaf, as map() does)
        int first = ll.index(va);
        long leaves = Math.min((long) c * ll.ptrs() - first, (size + step - 1) / step);
        long v0 = fmt.makeLeaf(leafLevel, pa, prot), d = fmt.makeLeaf(leafLevel, pa + step, prot) - v0;
        long e0 = fmt.makeTable(parent, t0, (int) userFlag), de = fmt.makeTable(parent, t0 + stride, (int) userFlag) - e0;
        boolean linear = fmt.makeLeaf(leafLevel, pa + (leaves - 1) * step, prot) == v0 + (leaves - 1) * d
                && fmt.makeTable(parent, t0 + (c - 1) * stride, (int) userFlag) == e0 + (c - 1) * de
                && (stride == 4096 || stride == -4096);
        if (c == 1 || !linear) {                        // one table after the other, as map() would
            for (int k = 0; k < c; k++) phys.clearFrame((t0 + k * stride) >>> 12);
            long mapped = 0;
            for (int k = 0; k < c; k++) {
                writeEntry(pEntry + 8L * k, parent, fmt.makeTable(parent, t0 + k * stride, (int) userFlag));
                long from = mapped;
                int at = ll.index(va + from);
                long n2 = Math.min(ll.ptrs() - at, (size - from + step - 1) / step);
                writeLeaves(t0 + k * stride + 8L * at, leafLevel, pa + from, step, (int) n2, prot);
                mapped += n2 * step;
            }
            return mapped;
        }
        phys.writeProgression(pEntry, c, e0, de);
        phys.writeTableRun(new PhysMem.TableRun(t0 >>> 12, stride > 0 ? 1 : -1, first, leaves, v0, d));
        return leaves * step;
    }

    /**
     * {@code n} consecutive leaves of one table mapping [pa, pa + n * step): as a progression of
     * entry values when the leaf format is linear in the address over the range (x86: pfn |
     * protection bits), else one by one.
     */
    private void writeLeaves(long entryPa, int level, long pa, long step, int n, int prot) {
        long v0 = fmt.makeLeaf(level, pa, prot);
        if (n > 1) {
            long d = fmt.makeLeaf(level, pa + step, prot) - v0;
            if (fmt.makeLeaf(level, pa + (n - 1) * step, prot) == v0 + (n - 1) * d) {
                phys.writeProgression(entryPa, n, v0, d);
                return;
            }
        }
        for (int k = 0; k < n; k++) writeEntry(entryPa + 8L * k, level, fmt.makeLeaf(level, pa + k * step, prot));
    }

    /**
     * Address of the entry for {@code va} at {@code level}, creating the tables above it.
     * Returns -1 when a table could not be allocated or a leaf above is in the way.
     */
    public long ensure(long root, long va, int level, TableSource src) {
        level = realLevel(level);
        long table = root;
        for (int i : realLevels) {
            long entryPa = entryAddress(i, table, va);
            if (i == level) return entryPa;
            long e = readEntry(entryPa, i);
            if (!fmt.present(i, e)) {
                int next = nextReal(i);
                long t = src.allocTable(next);
                if (t < 0) return -1;
                e = fmt.makeTable(i, t, Long.compareUnsigned(va, userTop) < 0 ? io.kmemlab.emulator.arch.Prot.USER : 0);   // ARM: _PAGE_USER_TABLE
                writeEntry(entryPa, i, e);
            } else if (fmt.leaf(i, e)) {
                return -1;
            }
            table = fmt.tablePhys(i, e);
        }
        return -1;
    }

    /** Entry address for {@code va} at {@code level} if the tables exist, else -1 (no allocation). */
    public long lookup(long root, long va, int level) {
        level = realLevel(level);
        long table = root;
        for (int i : realLevels) {
            long entryPa = entryAddress(i, table, va);
            if (i >= level) return entryPa;
            long e = readEntry(entryPa, i);
            if (!fmt.present(i, e) || fmt.leaf(i, e)) return -1;
            table = fmt.tablePhys(i, e);
        }
        return -1;
    }

    /** translate() for x86 entries: P bit 0, PS bit 7 at pud/pmd, PFN bits 12..51. */
    private long translateX86(long root, long va) {
        final long pfnMask = x86PfnMask;
        long table = root;
        final int last = shiftR.length - 1;
        for (int j = 0; j < last; j++) {
            long e = phys.read64(table + (((va >>> shiftR[j]) & 511) << 3));
            if ((e & 1) == 0) return -1;
            long m = leafMaskR[j];
            if ((e & 0x80) != 0 && m != 0) return (e & pfnMask & ~m) | (va & m);
            table = e & pfnMask;
        }
        long e = phys.read64(table + (((va >>> 12) & 511) << 3));
        return (e & 1) == 0 ? -1 : (e & pfnMask) | (va & 4095);
    }

    int nextReal(int level) {
        for (int i : realLevels) if (i > level) return i;
        return -1;
    }

    /**
     * CPU translation without tracing: the physical address, or -1 when the walk stops at a
     * non-present entry. The benchmarked fast path.
     */
    public long translate(long root, long va) {
        if (x86PfnMask != 0) return translateX86(root, va);
        long table = root;
        for (int i : realLevels) {
            long e = readEntry(mode.entryAddress(i, table, mode.level(i).index(va)), i);
            if (!fmt.present(i, e)) return -1;
            if (fmt.leaf(i, e)) return fmt.leafAddress(i, e, va, mode.level(i).entrySpan());
            table = fmt.tablePhys(i, e);
        }
        return -1;
    }
}
