package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PageTableLevel;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.store.PhysMem;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which frames hold page tables, at which level and for which addresses: built once by walking
 * every pgd (init_mm's and each process's), then kept current from the entries each change set
 * sees. An entry is trusted only while the entry that links its table is still in place, so a
 * stale index answers "not known" rather than something wrong.
 */
final class TableIndex {
    /**
     * A table: its level, physical address, the first virtual address it covers, the pgd of its
     * tree, and the entry that points to it (-1 for a pgd).
     */
    record Info(int level, long tablePa, long va, long pgd, long parentEntryPa) { }

    private final InspectHost h;
    private final Map<Long, Info> byPfn = new HashMap<>();
    private final Set<Long> indexedRoots = new HashSet<>();
    private final Set<Long> currentRoots = new HashSet<>();

    private final int[] real;                                 // the levels that are not folded, top first

    TableIndex(InspectHost h) {
        this.h = h;
        int n = 0;
        int[] tmp = new int[5];
        for (int i = 0; i < 5; i++) if (!h.arch().paging().level(i).folded()) tmp[n++] = i;
        this.real = java.util.Arrays.copyOf(tmp, n);
    }

    private PagingMode mode() { return h.arch().paging(); }

    /** Adds the pgds that appeared since the last call (init_mm's at boot, each new process's). */
    void sync() {
        currentRoots.clear();
        if (h.initPgd() >= 0) addRoot(h.initPgd());
        for (MmStruct mm : h.mms()) addRoot(mm.pgd());
    }

    /** A pgd may span several frames (ARM: 2048 entries of 8 bytes, 16 KiB). */
    private void addRoot(long pgd) {
        PageTableLevel top = mode().level(real[0]);
        long end = pgd + (long) top.ptrs() * top.entryBytes();
        for (long f = pgd >>> 12; f << 12 < end; f++) currentRoots.add(f);
        if (!indexedRoots.add(pgd)) return;
        for (long f = pgd >>> 12; f << 12 < end; f++) byPfn.put(f, new Info(real[0], pgd, 0, pgd, -1));
        scan(pgd, 0, 0, pgd);
    }

    /** Forgets everything and walks every pgd again. */
    void rebuild() {
        byPfn.clear();
        indexedRoots.clear();
        sync();
    }

    /** The table in frame {@code pfn}, or null when the index does not know it as linked now. */
    Info lookup(long pfn) {
        Info i = byPfn.get(pfn);
        return i != null && linked(pfn, i, 0) ? i : null;
    }

    private boolean linked(long pfn, Info i, int depth) {
        if (i.parentEntryPa() < 0) return currentRoots.contains(pfn);
        if (depth > 5) return false;
        int parentLevel = previousReal(i.level());
        long e = read(i.parentEntryPa(), parentLevel);
        EntryFormat f = mode().format();
        if (!f.present(parentLevel, e) || f.leaf(parentLevel, e) || (f.tablePhys(parentLevel, e) >>> 12) != pfn) return false;
        long parentPfn = i.parentEntryPa() >>> 12;
        Info p = byPfn.get(parentPfn);
        return p != null && linked(parentPfn, p, depth + 1);
    }

    /**
     * Entry {@code index} of table {@code t} now holds {@code value}: a present table entry links
     * the next level's table.
     */
    void written(Info t, int index, long entryPa, long value) {
        EntryFormat f = mode().format();
        int next = nextReal(t.level());
        if (next < 0 || index < 0 || !f.present(t.level(), value) || f.leaf(t.level(), value)) return;
        long child = f.tablePhys(t.level(), value);
        if (lookup(child >>> 12) != null) return;               // already linked: a shared table keeps its first tree (init_mm's)
        byPfn.put(child >>> 12, new Info(next, child, t.va() + ((long) index << mode().level(t.level()).shift()), t.pgd(), entryPa));
    }

    private void scan(long table, int li, long va, long pgd) {
        if (li >= real.length - 1) return;                       // the last level holds leaves only
        int level = real[li];
        PageTableLevel pl = mode().level(level);
        EntryFormat f = mode().format();
        for (int idx = 0; idx < pl.ptrs(); idx++) {
            long ea = mode().entryAddress(level, table, idx);
            long e = read(ea, level);
            if (e == 0 || !f.present(level, e) || f.leaf(level, e)) continue;
            long child = f.tablePhys(level, e);
            if (byPfn.containsKey(child >>> 12)) continue;       // the shared kernel half of a process pgd
            long cva = va + ((long) idx << pl.shift());
            byPfn.put(child >>> 12, new Info(real[li + 1], child, cva, pgd, ea));
            scan(child, li + 1, cva, pgd);
        }
    }

    long read(long pa, int level) {
        PhysMem p = h.phys();
        int bytes = mode().level(level).entryBytes();
        return bytes == 8 ? p.read64(pa) : p.read(pa, bytes);
    }

    int[] realLevels() { return real; }

    int nextReal(int level) {
        for (int i : real) if (i > level) return i;
        return -1;
    }

    private int previousReal(int level) {
        int prev = -1;
        for (int i : real) if (i < level) prev = i;
        return prev;
    }
}
