package io.kmemlab.emulator.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which step last wrote a frame, a page-table entry, a struct page field or a zone counter,
 * built from the change set of every step in order ({@link #record}). A step is whatever the
 * caller identifies steps by (a statement's file:line, a step number). Stepping back undoes the
 * records made since a {@link #mark()} ({@link #rollback}). Memory is proportional to what was
 * written: runs of frames (boot reservations, whole blocks) are kept as intervals.
 *
 * @param <S> the caller's step identity
 */
public final class Provenance<S> {
    private record Stamp<S>(long seq, S step) { }

    private long seq;
    private final Intervals<S> frames = new Intervals<>(), descriptors = new Intervals<>();
    private final Map<Long, Stamp<S>> entries = new HashMap<>(), units = new HashMap<>();
    private final Map<String, Stamp<S>> counters = new HashMap<>();
    private final List<Runnable> undo = new ArrayList<>();
    /** Undo records dropped from the front of {@link #undo} by {@link #forget}. */
    private int forgotten;

    /** Struct page fields are tracked in 4-byte units (a field of 8 bytes is two units). */
    private static final int UNIT = 4, UNITS_PER_PAGE = 64 / UNIT;

    /** Records that {@code step} made the changes in {@code cs} (call once per step, in execution order). */
    public void record(ChangeSet cs, S step) {
        Stamp<S> s = new Stamp<>(++seq, step);
        for (ChangeSet.OwnerChange o : cs.owners()) frames.put(o.startPfn(), o.endPfn(), s, undo);
        for (ChangeSet.FrameWrite f : cs.frames()) frames.put(f.pfn(), f.pfn() + 1, s, undo);
        for (ChangeSet.EntryChange e : cs.entries()) put(entries, e.entryPa(), s);
        for (ChangeSet.FieldChange f : cs.fields())
            for (int u = f.offset() / UNIT; u <= (f.offset() + f.bytes() - 1) / UNIT; u++) put(units, f.pfn() * UNITS_PER_PAGE + u, s);
        for (ChangeSet.DescriptorRange r : cs.ranges()) descriptors.put(r.startPfn(), r.startPfn() + r.count(), s, undo);
        for (ChangeSet.CounterChange c : cs.counters()) put(counters, c.nid() + "/" + c.zone() + "/" + c.counter(), s);
    }

    private <K> void put(Map<K, Stamp<S>> m, K key, Stamp<S> s) {
        Stamp<S> old = m.put(key, s);
        undo.add(() -> { if (old == null) m.remove(key); else m.put(key, old); });
    }

    /** A position to {@link #rollback} to (take it before recording a step). */
    public int mark() { return forgotten + undo.size(); }

    /** Forgets every record made after {@code mark} (stepping back). */
    public void rollback(int mark) {
        if (mark < forgotten) throw new IllegalArgumentException("mark " + mark + " was forgotten (the oldest kept is " + forgotten + ")");
        while (forgotten + undo.size() > mark) undo.remove(undo.size() - 1).run();
    }

    /**
     * Drops what {@link #rollback} needs to go back before {@code mark}: a debugger keeps a
     * bounded history of steps, and the undo records of steps it can no longer undo would
     * otherwise grow with the run. The answers do not change; marks from {@code mark} on stay
     * valid.
     */
    public void forget(int mark) {
        int drop = Math.min(mark, forgotten + undo.size()) - forgotten;
        // dropped once they are half the list: cutting its front costs amortised constant time per record
        if (drop <= 0 || drop * 2 < undo.size()) return;
        undo.subList(0, drop).clear();
        forgotten += drop;
    }

    /** The step that last changed frame {@code pfn}'s owner or contents, or null. */
    public S frame(long pfn) { return step(frames.get(pfn)); }

    /** The step that last wrote the page-table entry at physical address {@code entryPa}, or null. */
    public S entry(long entryPa) { return step(entries.get(entryPa)); }

    /** The step that last wrote any byte of bytes [offset, offset + bytes) of pfn's struct page, or null. */
    public S field(long pfn, int offset, int bytes) {
        Stamp<S> best = descriptors.get(pfn);
        for (int u = offset / UNIT; u <= (offset + Math.max(1, bytes) - 1) / UNIT; u++) best = later(best, units.get(pfn * UNITS_PER_PAGE + u));
        return step(best);
    }

    /** The step that last changed a zone counter (a {@link ChangeSet.CounterChange#counter()} name), or null. */
    public S counter(int nid, String zone, String counter) { return step(counters.get(nid + "/" + zone + "/" + counter)); }

    private static <S> Stamp<S> later(Stamp<S> a, Stamp<S> b) { return a == null ? b : b == null || a.seq() > b.seq() ? a : b; }

    private static <S> S step(Stamp<S> s) { return s == null ? null : s.step(); }

    /** Disjoint intervals [start, end) of pfns, each with the stamp of its last write. */
    private static final class Intervals<S> {
        private record Seg<S>(long end, Stamp<S> stamp) { }

        private final TreeMap<Long, Seg<S>> segs = new TreeMap<>();

        Stamp<S> get(long pfn) {
            Map.Entry<Long, Seg<S>> e = segs.floorEntry(pfn);
            return e != null && pfn < e.getValue().end() ? e.getValue().stamp() : null;
        }

        /** Stamps [start, end), cutting what overlaps; the undo list restores the cut segments. */
        void put(long start, long end, Stamp<S> s, List<Runnable> undo) {
            List<Map.Entry<Long, Seg<S>>> removed = new ArrayList<>();
            Map.Entry<Long, Seg<S>> first = segs.floorEntry(start);
            Long from = first != null && first.getValue().end() > start ? first.getKey() : Long.valueOf(start);
            for (Map.Entry<Long, Seg<S>> e : segs.subMap(from, true, end, false).entrySet()) removed.add(Map.entry(e.getKey(), e.getValue()));
            List<Long> added = new ArrayList<>();
            for (Map.Entry<Long, Seg<S>> e : removed) {
                segs.remove(e.getKey());
                if (e.getKey() < start) { segs.put(e.getKey(), new Seg<>(start, e.getValue().stamp())); added.add(e.getKey()); }
                if (e.getValue().end() > end) { segs.put(end, new Seg<>(e.getValue().end(), e.getValue().stamp())); added.add(end); }
            }
            segs.put(start, new Seg<>(end, s));
            added.add(start);
            undo.add(() -> {
                for (Long k : added) segs.remove(k);
                for (Map.Entry<Long, Seg<S>> e : removed) segs.put(e.getKey(), e.getValue());
            });
        }
    }
}
