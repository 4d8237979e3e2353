package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.mm.PageAllocator;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.store.FrameOwner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Frames [startPfn, endPfn) as maximal runs of one owner inside one zone (never one object per
 * frame), so a whole 1 TiB machine is a few runs per zone. The owner of every frame is what
 * frame_owner() returns, so {@link #count} equals frames_owned_by(). An immutable snapshot.
 */
public final class PhysicalMap {
    /**
     * Frames [startPfn, startPfn + count) with one owner in one zone.
     *
     * @param nid  node, -1 outside every zone
     * @param zone zone name, "-" outside every zone
     */
    public record FrameRun(long startPfn, long count, FrameOwner owner, int nid, String zone) {
        public long endPfn() { return startPfn + count; }
    }

    private final long startPfn, endPfn;
    private final List<FrameRun> runs;
    private final Map<FrameOwner, Long> counts = new EnumMap<>(FrameOwner.class);

    private PhysicalMap(long startPfn, long endPfn, List<FrameRun> runs) {
        this.startPfn = startPfn;
        this.endPfn = endPfn;
        this.runs = List.copyOf(runs);
        for (FrameRun r : runs) counts.merge(r.owner(), r.count(), Long::sum);
    }

    /**
     * The runs of [start, end) of the host's frames, split where page_zone() changes: at zone
     * boundaries and, where the spans of zones of different nodes overlap, at the boundaries of
     * the nodes' memblock ranges.
     */
    static PhysicalMap of(InspectHost h, long start, long end) {
        long s = Math.max(0, start), e = Math.min(end, h.storePfns());
        List<FrameRun> out = new ArrayList<>();
        if (e <= s) return new PhysicalMap(s, Math.max(s, e), out);
        PageAllocator alloc = h.alloc();
        List<Zone> zones = new ArrayList<>();
        if (alloc != null) for (Zone z : alloc.zones()) if (z.spanned() > 0) zones.add(z);
        long p = s;
        while (p < e) {
            long next = alloc == null ? e : Math.min(e, alloc.nextNodeBoundary(p));
            for (Zone z : zones) {
                if (z.startPfn() > p) next = Math.min(next, z.startPfn());
                if (z.endPfn() > p) next = Math.min(next, z.endPfn());
            }
            Zone z = alloc == null ? null : alloc.zoneOf(p);
            segment(h, p, next, z == null ? -1 : z.nid(), z == null ? "-" : z.name(), out);
            p = next;
        }
        return new PhysicalMap(s, e, out);
    }

    /** Adds the owner runs of [s, e), joining a run to the one before when they continue each other. */
    private static void segment(InspectHost h, long s, long e, int nid, String zone, List<FrameRun> out) {
        h.store().ownerRuns(s, e, (rs, n, o) -> {
            FrameRun last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.endPfn() == rs && last.owner() == o && last.nid() == nid && last.zone().equals(zone)) {
                out.set(out.size() - 1, new FrameRun(last.startPfn(), last.count() + n, o, nid, zone));
            } else {
                out.add(new FrameRun(rs, n, o, nid, zone));
            }
        });
    }

    public long startPfn() { return startPfn; }

    public long endPfn() { return endPfn; }

    public List<FrameRun> runs() { return runs; }

    /** Frames of {@code owner} in the range (frames_owned_by() over the same range). */
    public long count(FrameOwner owner) { return counts.getOrDefault(owner, 0L); }

    /** Frame counts per owner, every owner listed. */
    public Map<FrameOwner, Long> counts() {
        Map<FrameOwner, Long> m = new EnumMap<>(FrameOwner.class);
        for (FrameOwner o : FrameOwner.values()) m.put(o, count(o));
        return m;
    }

    /** The run holding {@code pfn}, or null outside the range. */
    public FrameRun runAt(long pfn) {
        int lo = 0, hi = runs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            FrameRun r = runs.get(mid);
            if (pfn < r.startPfn()) hi = mid - 1;
            else if (pfn >= r.endPfn()) lo = mid + 1;
            else return r;
        }
        return null;
    }

    /**
     * Frames per owner in {@code buckets} equal slices of the range (for drawing the whole
     * machine at once): result[bucket][owner.ordinal()]. Costs one pass over the runs.
     */
    public long[][] histogram(int buckets) {
        long[][] out = new long[Math.max(1, buckets)][FrameOwner.values().length];
        long len = endPfn - startPfn;
        if (len <= 0) return out;
        int n = out.length;
        for (FrameRun r : runs) {
            long p = r.startPfn();
            while (p < r.endPfn()) {
                int b = (int) Math.min(n - 1, (p - startPfn) * n / len);     // (p - start) * n < 2^63 for every machine size
                long bucketEnd = startPfn + ((b + 1) * len + n - 1) / n;
                long q = Math.min(r.endPfn(), Math.max(bucketEnd, p + 1));
                out[b][r.owner().ordinal()] += q - p;
                p = q;
            }
        }
        return out;
    }
}
