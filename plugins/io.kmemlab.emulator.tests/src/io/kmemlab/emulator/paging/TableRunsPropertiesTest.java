package io.kmemlab.emulator.paging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.arch.X86_64;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.store.PhysMem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Linear maps written as runs of whole tables ({@link PhysMem.TableRun}) against the same maps
 * written one table at a time, the reference: the tables handed out, every word of every table,
 * CPU translations and entry lookups at random addresses, change reports and restores of
 * checkpoints must be the same, on a 16 GiB and a 4 PiB machine (4-level and 5-level x86_64),
 * with entries overwritten, frames cleared and checkpoints restored in between.
 */
class TableRunsPropertiesTest {
    /**
     * Table frames as memblock gives them at boot (alloc_low_pages: top-down, one page after
     * the other): descending pages with a few reserved ones skipped. With {@code runs} it also
     * answers allocTables() with as many consecutive pages as the gap has, as memblock does.
     */
    private static final class TopDown implements PageTables.TableSource {
        private final long[] pages;
        private final PhysMem mem;
        private final boolean runs;
        private int next;
        final List<Long> given = new ArrayList<>();

        TopDown(long[] pages, PhysMem mem, boolean runs) {
            this.pages = pages;
            this.mem = mem;
            this.runs = runs;
        }

        @Override public long allocTable(int level) {
            if (next >= pages.length) return -1;
            long pa = pages[next++];
            mem.clearFrame(pa >>> 12);                      // a zeroed frame
            given.add(pa);
            return pa;
        }

        @Override public int allocTables(int level, int n, long[] out) {
            if (!runs) return PageTables.TableSource.super.allocTables(level, n, out);
            if (next >= pages.length) return 0;
            int c = 1;
            while (c < n && next + c < pages.length && pages[next + c] == pages[next] - 4096L * c) c++;
            out[0] = pages[next];
            out[1] = -4096;
            for (int k = 0; k < c; k++) given.add(pages[next + k]);
            next += c;
            return c;
        }
    }

    private static long[] tablePages(Random r, long topPfn, int count) {
        long[] p = new long[count];
        long pfn = topPfn;
        for (int i = 0; i < count; i++) {
            if (r.nextInt(400) == 0) pfn -= 1 + r.nextInt(3);  // a reserved page in the way
            p[i] = pfn-- << 12;
        }
        return p;
    }

    @Property(tries = 40)
    void runsOfTablesReadAsTablesWrittenOneByOne(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
                                                 @ForAll boolean huge, @ForAll boolean fiveLevel,
                                                 @ForAll @IntRange(min = 1, max = 30) int steps) {
        Random r = new Random(seed);
        PagingMode mode = new X86_64(new MachineSpec().arch("x86_64").paging(fiveLevel ? "5-level" : "4-level")).paging();
        long maxPfn = huge ? 1L << 40 : 1L << 22;               // 4 PiB (MAX_PHYSMEM_BITS 52) or 16 GiB
        long pageOffset = fiveLevel ? 0xff11000000000000L : 0xffff888000000000L;
        long vmemmap = fiveLevel ? 0xffd4000000000000L : 0xffffea0000000000L;
        PhysMem runMem = new PhysMem(maxPfn), refMem = new PhysMem(maxPfn);
        PageTables runTables = new PageTables(mode, runMem), refTables = new PageTables(mode, refMem);
        runTables.setUserTop(1L << 47);
        refTables.setUserTop(1L << 47);
        long root = (maxPfn - 1) << 12;
        long[] pages = tablePages(new Random(seed ^ 0x5eed), maxPfn - 2, 200_000);
        TopDown runSrc = new TopDown(pages, runMem, true), refSrc = new TopDown(pages, refMem, false);
        for (int i = 0; i < 40; i++) {                           // earlier contents the tables must replace
            long pa = pages[r.nextInt(4000)] + 8L * r.nextInt(512), v = r.nextLong();
            runMem.write64(pa, v);
            refMem.write64(pa, v);
        }
        List<long[]> mapped = new ArrayList<>();                // {va, size}
        List<PhysMem.State> runSaved = new ArrayList<>(), refSaved = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            switch (r.nextInt(6)) {
                case 0, 1, 2 -> {                                // a linear map: direct map (1G / 2M) or vmemmap-like (2M)
                    int leaf = r.nextInt(3) == 0 ? PagingMode.PUD : PagingMode.PMD;
                    if (r.nextInt(8) == 0) leaf = PagingMode.PTE;
                    long span = mode.level(leaf).entrySpan();
                    long maxLeaves = leaf == PagingMode.PTE ? 3000 : leaf == PagingMode.PMD ? 600_000 : 40_000;
                    long leaves = Math.min(1 + (long) (r.nextDouble() * r.nextDouble() * maxLeaves), (maxPfn << 12) / span);
                    long pa = (long) (r.nextDouble() * ((maxPfn << 12) - leaves * span)) & -span;
                    long base = r.nextBoolean() ? pageOffset : vmemmap;
                    long va = base + (r.nextInt(4) == 0 ? pa : ((long) r.nextInt(1 << 20) * span) % (1L << 44));
                    long size = leaves * span - (r.nextInt(4) == 0 ? span / 2 : 0);
                    boolean a = runTables.map(root, va, pa, size, leaf, Prot.KERNEL, runSrc);
                    boolean b = refTables.map(root, va, pa, size, leaf, Prot.KERNEL, refSrc);
                    assertEquals(b, a, "map result");
                    mapped.add(new long[]{va, size});
                }
                case 3 -> {                                      // an entry of a table overwritten, or a table cleared
                    if (refSrc.given.isEmpty()) break;
                    long t = refSrc.given.get(r.nextInt(refSrc.given.size()));
                    if (r.nextBoolean()) {
                        long pa = t + 8L * r.nextInt(512), v = r.nextLong() & ~0x80L;
                        runMem.write64(pa, v);
                        refMem.write64(pa, v);
                    } else {
                        runMem.clearFrame(t >>> 12);
                        refMem.clearFrame(t >>> 12);
                    }
                }
                case 4 -> {
                    runSaved.add(runMem.save());
                    refSaved.add(refMem.save());
                }
                default -> {                                     // change report, then restore
                    if (runSaved.isEmpty()) break;
                    int k = r.nextInt(runSaved.size());
                    assertEquals(changes(refMem, refSaved.get(k)), changes(runMem, runSaved.get(k)), "changed frames since checkpoint " + k);
                    if (r.nextBoolean()) {
                        runMem.load(runSaved.get(k));
                        refMem.load(refSaved.get(k));
                    }
                }
            }
            assertEquals(refSrc.given, runSrc.given, "the table frames, in the order they were taken");
            for (long t : refSrc.given)
                assertArrayEquals(refMem.frameOrNull(t >>> 12), runMem.frameOrNull(t >>> 12), () -> "table at 0x" + Long.toHexString(t));
            assertArrayEquals(refMem.frameOrNull(root >>> 12), runMem.frameOrNull(root >>> 12), "pgd");
            for (int q = 0; q < 200 && !mapped.isEmpty(); q++) {
                long[] m = mapped.get(r.nextInt(mapped.size()));
                long va = m[0] + (q % 4 == 0 ? m[1] - 1 : (long) (r.nextDouble() * m[1]));
                assertEquals(refTables.translate(root, va), runTables.translate(root, va), () -> "translate 0x" + Long.toHexString(va));
                for (int level = PagingMode.PGD; level <= PagingMode.PTE; level++) {
                    long e = refTables.lookup(root, va, level);
                    assertEquals(e, runTables.lookup(root, va, level), "lookup level " + level);
                    if (e >= 0) assertEquals(refTables.readEntry(e, level), runTables.readEntry(e, level), "entry at level " + level);
                }
            }
        }
    }

    /**
     * The vmemmap of a 64 TiB machine: 1 TiB of 2 MiB blocks (vmemmap_populate_hugepages(),
     * arch/x86/mm/init_64.c, 6.12) is 2^19 PMD entries in 1024 PMD tables under 2 PUD tables
     * (512 entries each, include/asm-generic/pgtable-nopud.h aside: x86_64 4-level has real PUDs).
     * Taken top-down, each PUD table comes just before its 512 PMD tables, so the PMD tables are
     * 2 runs of 512; their entries are those of the tables written one by one.
     */
    @org.junit.jupiter.api.Test
    void theVmemmapOf64TiBIsTwoRunsOf512Tables() {
        PagingMode mode = new X86_64(new MachineSpec().arch("x86_64").paging("4-level")).paging();
        long maxPfn = 1L << 34, vmemmap = 0xffffea0000000000L, size = 1L << 40, buffer = 1L << 44;
        PhysMem runMem = new PhysMem(maxPfn), refMem = new PhysMem(maxPfn);
        PageTables runTables = new PageTables(mode, runMem), refTables = new PageTables(mode, refMem);
        long root = (maxPfn - 1) << 12;
        long[] pages = new long[2000];
        for (int i = 0; i < pages.length; i++) pages[i] = (maxPfn - 2 - i) << 12;
        TopDown runSrc = new TopDown(pages, runMem, true), refSrc = new TopDown(pages, refMem, false);
        assertTrue(runTables.map(root, vmemmap, buffer, size, PagingMode.PMD, Prot.KERNEL, runSrc));
        assertTrue(refTables.map(root, vmemmap, buffer, size, PagingMode.PMD, Prot.KERNEL, refSrc));
        int pmdTables = (int) (size >>> 21) / 512, pudTables = (int) (size >>> 30) / 512;
        assertEquals(pmdTables + pudTables, refSrc.given.size());
        assertEquals(refSrc.given, runSrc.given);
        assertEquals(2, runMem.tableRuns().size(), () -> runMem.tableRuns().toString());
        for (PhysMem.TableRun run : runMem.tableRuns()) assertEquals(512, run.frames());
        for (long t : refSrc.given) assertArrayEquals(refMem.frameOrNull(t >>> 12), runMem.frameOrNull(t >>> 12));
        Random r = new Random(2);
        for (int i = 0; i < 1000; i++) {
            long off = (long) (r.nextDouble() * size);
            assertEquals(buffer + off, runTables.translate(root, vmemmap + off));
        }
    }

    /** The frames a change report names, with their words before and after, by pfn. */
    private static TreeMap<Long, List<Long>> changes(PhysMem mem, PhysMem.State saved) {
        TreeMap<Long, List<Long>> out = new TreeMap<>();
        mem.changesSince(saved, (pfn, before, after) -> {
            long[] b = before == null ? new long[512] : before, a = after == null ? new long[512] : after;
            if (java.util.Arrays.equals(a, b)) return;
            List<Long> words = new ArrayList<>();
            for (int i = 0; i < 512; i++) if (a[i] != b[i]) { words.add((long) i); words.add(b[i]); words.add(a[i]); }
            assertTrue(out.put(pfn, words) == null, "frame 0x" + Long.toHexString(pfn) + " reported twice");
        });
        return out;
    }
}
