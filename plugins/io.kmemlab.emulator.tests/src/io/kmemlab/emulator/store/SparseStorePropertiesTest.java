package io.kmemlab.emulator.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The descriptor store and physical memory on machines up to 4 PiB (2^40 frames, the x86_64
 * 5-level maximum: MAX_PHYSMEM_BITS 52) against plain maps of what was written (including
 * page tables written in order, which PhysMem keeps as progressions), with
 * checkpoints taken, restored and compared along the way: what is read back, the owners by
 * range, and the change reports must be those of the maps, whatever the size of the index.
 */
class SparseStorePropertiesTest {
    private static final long FRAMES = 1L << 40;

    /** Pfns clustered in a few far-apart windows, so blocks and tree nodes are shared and split. */
    private static long pfn(Random r) {
        long window = (long) r.nextInt(6) * (FRAMES / 6);
        return window + r.nextInt(3 * PageStore.BLOCK);
    }

    @Property(tries = 60)
    void physMemReadsWhatWasWrittenAcrossCheckpoints(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
                                                    @ForAll @IntRange(min = 1, max = 200) int steps) {
        Random r = new Random(seed);
        PhysMem mem = new PhysMem(FRAMES);
        Map<Long, Long> model = new HashMap<>();              // 8-byte word address -> value
        List<PhysMem.State> saved = new ArrayList<>();
        List<Map<Long, Long>> savedModels = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            long pa = (pfn(r) << 12) + 8L * r.nextInt(512);
            switch (r.nextInt(8)) {
                case 0 -> {                                    // clear_page
                    mem.clearFrame(pa >>> 12);
                    model.keySet().removeIf(a -> a >>> 12 == pa >>> 12);
                }
                case 1 -> {
                    saved.add(mem.save());
                    savedModels.add(new HashMap<>(model));
                }
                case 2 -> {
                    if (saved.isEmpty()) break;
                    int k = r.nextInt(saved.size());
                    Map<Long, Long> before = savedModels.get(k);
                    TreeSet<Long> changed = new TreeSet<>();
                    mem.changesSince(saved.get(k), (p, then, now) -> changed.add(p));
                    for (long a : union(model, before))
                        if (!model.getOrDefault(a, 0L).equals(before.getOrDefault(a, 0L)))
                            assertTrue(changed.contains(a >>> 12), "frame 0x" + Long.toHexString(a >>> 12) + " changed, not reported");
                    mem.load(saved.get(k));
                    model = new HashMap<>(before);
                }
                case 3, 4 -> {                                 // a page table filled in order: kept as a progression
                    long frame = pa & -4096L;
                    int lo = r.nextInt(512), n = 1 + r.nextInt(512 - lo);
                    long first = r.nextLong(), step = r.nextInt(3) == 0 ? r.nextLong() : 1L << 21;
                    if (r.nextBoolean()) mem.writeProgression(frame + 8L * lo, n, first, step);
                    else for (int k = 0; k < n; k++) mem.write64(frame + 8L * (lo + k), first + k * step);
                    for (int k = 0; k < n; k++) model.put(frame + 8L * (lo + k), first + k * step);
                }
                default -> {
                    long v = r.nextLong();
                    mem.write64(pa, v);
                    model.put(pa, v);
                }
            }
        }
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertEquals((long) e.getValue(), mem.read64(e.getKey()));
            assertEquals((long) e.getValue(), mem.frameOrNull(e.getKey() >>> 12)[(int) ((e.getKey() >>> 3) & 511)]);
        }
        for (long a : model.keySet()) {                          // the words around the written ones read as zeros
            long next = a + 8;
            if ((next & 4095) != 0 && !model.containsKey(next)) assertEquals(0, mem.read64(next));
        }
        assertEquals(0, mem.read64((FRAMES - 1) << 12));
        assertEquals(-1L, mem.read64(FRAMES << 12), "beyond the end of memory the bus reads all ones");
    }

    private static TreeSet<Long> union(Map<Long, Long> a, Map<Long, Long> b) {
        TreeSet<Long> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    @Property(tries = 60)
    void pageStoreOwnersFollowTheRangesAcrossCheckpoints(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
                                                        @ForAll @IntRange(min = 1, max = 60) int steps) {
        Random r = new Random(seed);
        PageStore store = new PageStore(FRAMES);
        store.initialise(p -> 0, 1L << 10);
        // the owner of each pfn the test looks at, by the last range or write that covered it
        List<long[]> ranges = new ArrayList<>();               // {start, end, owner} in order of assignment
        Map<Long, FrameOwner> writes = new HashMap<>();
        FrameOwner[] owners = FrameOwner.values();
        long[] probes = new long[64];
        for (int i = 0; i < probes.length; i++) probes[i] = pfn(r);
        PageStore.State first = null;
        for (int i = 0; i < steps; i++) {
            if (r.nextInt(3) == 0) {
                long s = pfn(r), e = s + r.nextInt(4 * PageStore.BLOCK);
                FrameOwner o = owners[r.nextInt(owners.length - 1)];
                store.setOwnerRange(s, e, o);
                ranges.add(new long[]{s, e, o.ordinal()});
                writes.keySet().removeIf(p -> p >= s && p < e);
            } else {
                long p = probes[r.nextInt(probes.length)];
                FrameOwner o = owners[r.nextInt(owners.length - 1)];
                store.setOwner(p, o);
                writes.put(p, o);
            }
            if (i == steps / 2) first = store.save();
        }
        for (long p : probes) {
            FrameOwner want = writes.get(p);
            if (want == null) {
                want = FrameOwner.HOLE;
                for (long[] g : ranges) if (p >= g[0] && p < g[1]) want = owners[(int) g[2]];
            }
            assertEquals(want, store.owner(p), "owner of pfn 0x" + Long.toHexString(p));
            int refcount = want == FrameOwner.FREE ? 0 : 1;
            if (!writes.containsKey(p)) assertEquals(refcount, store.refcount(p), "memmap_init refcount of 0x" + Long.toHexString(p));
        }
        // owner runs add up to the whole machine and agree with owner() at their ends
        long[] total = {0};
        store.ownerRuns(0, FRAMES, (s, n, o) -> {
            total[0] += n;
            assertEquals(o, store.owner(s));
            assertEquals(o, store.owner(s + n - 1));
        });
        assertEquals(FRAMES, total[0]);
        if (first != null) {
            // every probe whose owner differs from the checkpoint is reported, one way or the other
            PageDescriptors then = store.at(first);
            TreeSet<Long> described = new TreeSet<>();
            List<long[]> untouched = new ArrayList<>();
            store.changesSince(first, new PageStore.Changes() {
                @Override public void descriptor(long pfn) { described.add(pfn); }
                @Override public void untouched(long start, long end) { untouched.add(new long[]{start, end}); }
            });
            long lastEnd = -1;
            for (long[] u : untouched) {
                assertTrue(u[0] > lastEnd && u[0] % PageStore.BLOCK == 0, "untouched ranges ascend in whole blocks");
                lastEnd = u[1];
            }
            for (long p : probes) {
                if (then.owner(p) == store.owner(p)) continue;
                boolean inRange = untouched.stream().anyMatch(u -> p >= u[0] && p < u[1]);
                assertTrue(described.contains(p) || inRange, "pfn 0x" + Long.toHexString(p) + " changed owner, not reported");
            }
            // inside the untouched ranges, the owner changes by extents are exactly those pfn by pfn
            // (sampled at the probes and at both ends of every reported range)
            List<long[]> reported = new ArrayList<>();
            for (long[] u : untouched)
                store.untouchedOwnerChanges(first, u[0], u[1], (s, n, b, a) -> {
                    assertTrue(n > 0 && s >= u[0] && s + n <= u[1], "reported range inside its untouched range");
                    for (long p : new long[]{s, s + n - 1}) {
                        assertEquals(then.owner(p), b, "owner before at 0x" + Long.toHexString(p));
                        assertEquals(store.owner(p), a, "owner now at 0x" + Long.toHexString(p));
                    }
                    reported.add(new long[]{s, s + n});
                });
            for (long p : probes) {
                if (untouched.stream().noneMatch(u -> p >= u[0] && p < u[1])) continue;
                boolean in = reported.stream().anyMatch(x -> p >= x[0] && p < x[1]);
                assertEquals(then.owner(p) != store.owner(p), in, "owner change of untouched pfn 0x" + Long.toHexString(p));
            }
            FrameOwner[] was = new FrameOwner[probes.length];
            for (int i = 0; i < probes.length; i++) was[i] = then.owner(probes[i]);
            store.load(first);
            FrameOwner[] back = new FrameOwner[probes.length];
            for (int i = 0; i < probes.length; i++) back[i] = store.owner(probes[i]);
            assertArrayEquals(was, back, "restored owners");
        }
    }
}
