package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageDescriptors;
import io.kmemlab.emulator.store.PageStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link ChangeSet} from a checkpoint. It looks only at what was copied since: the
 * struct page blocks, frames and free-list arrays that copy-on-write duplicated after the
 * checkpoint (identity compare), never at the whole machine.
 */
final class ChangeDiff {
    private final InspectHost h;
    private final PageDecoder decoder;
    private final TableIndex tables;
    private final Map<String, List<StructPageLayout.Field>> unitsByView = new HashMap<>();

    ChangeDiff(InspectHost h, PageDecoder decoder, TableIndex tables) {
        this.h = h;
        this.decoder = decoder;
        this.tables = tables;
    }

    ChangeSet since(Baseline s) {
        if (s == null) return ChangeSet.EMPTY;
        PageStore store = h.store();
        PageDescriptors before = store.at(s.store());
        LongList candidates = new LongList();
        List<long[]> untouched = new ArrayList<>(), bulk = new ArrayList<>();
        store.changesSince(s.store(), new PageStore.Changes() {
            @Override public void descriptor(long pfn) { candidates.add(pfn); }
            @Override public void untouched(long start, long end) { untouched.add(new long[]{start, end}); }
        });
        List<Zone> now = h.alloc() == null ? List.of() : h.alloc().zones();
        List<Zone> then = s.alloc() == null || h.alloc() == null ? List.of() : h.alloc().zonesAt(s.alloc());
        if (now.size() == then.size())
            for (int i = 0; i < now.size(); i++)
                if (now.get(i).freeArea() != null && then.get(i).freeArea() != null)
                    now.get(i).freeArea().changedHeads(then.get(i).freeArea(), candidates::add, (a, b) -> bulk.add(new long[]{a, b}));
        List<ChangeSet.OwnerChange> owners = new ArrayList<>();
        List<ChangeSet.FieldChange> fields = new ArrayList<>();
        descriptors(candidates.sortedDistinct(), before, PageDecoder.freeLists(then), PageDecoder.freeLists(now), owners, fields);
        List<ChangeSet.DescriptorRange> ranges = new ArrayList<>();
        for (long[] r : untouched) {
            ranges.add(new ChangeSet.DescriptorRange(r[0], r[1] - r[0]));
            // by extents: memmap_init recomputes every descriptor of a 64 TiB machine in one range
            store.untouchedOwnerChanges(s.store(), r[0], r[1], (start, n, ob, on) -> addOwner(owners, start, n, ob, on));
        }
        // free blocks released in bulk (memblock_free_all(): __free_pages_core() writes every struct
        // page of each block, mm/page_alloc.c 6.12), reported as ranges like memmap_init's
        ranges = mergeRanges(ranges, bulk);
        owners.sort(Comparator.comparingLong(ChangeSet.OwnerChange::startPfn));
        List<ChangeSet.FrameWrite> frames = new ArrayList<>();
        List<ChangeSet.EntryChange> entries = new ArrayList<>();
        contents(s, before, frames, entries);
        return new ChangeSet(mergeOwners(owners), frames, entries, fields, ranges, counters(then, now, h.cpus()));
    }

    // ------------------------------------------------------------------ struct pages and owners

    private void descriptors(long[] pfns, PageDescriptors before, RawPage.FreeLists thenFree, RawPage.FreeLists nowFree,
                             List<ChangeSet.OwnerChange> owners, List<ChangeSet.FieldChange> fields) {
        PageStore store = h.store();
        RawPage raw = decoder.raw();
        int w = decoder.layout().wordBytes();
        for (long pfn : pfns) {
            if (pfn < 0 || pfn >= h.storePfns()) continue;
            FrameOwner ob = before.owner(pfn), on = store.owner(pfn);
            if (ob != on) addOwner(owners, pfn, 1, ob, on);
            long[] rb = raw.words(before, thenFree, pfn), rn = raw.words(store, nowFree, pfn);
            if (Arrays.equals(rb, rn)) continue;
            for (StructPageLayout.Field u : units(viewOf(pfn))) {
                long vb = u.read(rb, w), vn = u.read(rn, w);
                if (vb != vn) fields.add(new ChangeSet.FieldChange(pfn, u.offset(), u.bytes(), u.name(), vb, vn));
            }
        }
    }

    private String viewOf(long pfn) {
        BootPhase p = h.phase();
        if (p == null || p.ordinal() < BootPhase.STRUCT_PAGES.ordinal() || h.model() == null || !h.model().pfnValid(pfn)) return "page";
        StructPage sp = h.decode(pfn);
        return sp == null ? "page" : decoder.viewInUse(pfn, sp.variant());
    }

    /**
     * The descriptor cut into non-overlapping members: those of the view in use first, then the
     * plain struct page's, then whole words for what neither names.
     */
    private List<StructPageLayout.Field> units(String view) {
        return unitsByView.computeIfAbsent(view, v -> {
            StructPageLayout l = decoder.layout();
            List<StructPageLayout.Field> cands = new ArrayList<>();
            StructPageLayout.View in = l.view(v);
            if (in != null) cands.addAll(in.fields());
            cands.addAll(l.view("page").fields());
            for (int i = 0; i < l.words(); i++) cands.add(new StructPageLayout.Field("word[" + i + "]", i * l.wordBytes(), l.wordBytes(), 0, 8 * l.wordBytes(), false));
            boolean[] taken = new boolean[l.size()];
            List<StructPageLayout.Field> out = new ArrayList<>();
            for (StructPageLayout.Field f : cands) {
                if (f.bitField()) continue;
                boolean free = true;
                for (int b = f.offset(); b < f.offset() + f.bytes(); b++) free &= !taken[b];
                if (!free) continue;
                for (int b = f.offset(); b < f.offset() + f.bytes(); b++) taken[b] = true;
                out.add(f);
            }
            out.sort(Comparator.comparingInt(StructPageLayout.Field::offset));
            return List.copyOf(out);
        });
    }

    private static void addOwner(List<ChangeSet.OwnerChange> owners, long pfn, long n, FrameOwner before, FrameOwner after) {
        owners.add(new ChangeSet.OwnerChange(pfn, n, before, after));
    }

    /** The ranges and the bulk ones, sorted by start, overlapping or touching ones joined. */
    private static List<ChangeSet.DescriptorRange> mergeRanges(List<ChangeSet.DescriptorRange> ranges, List<long[]> bulk) {
        if (bulk.isEmpty()) return ranges;
        List<long[]> all = new ArrayList<>(bulk);
        for (ChangeSet.DescriptorRange r : ranges) all.add(new long[]{r.startPfn(), r.startPfn() + r.count()});
        all.sort(Comparator.comparingLong(r -> r[0]));
        List<ChangeSet.DescriptorRange> out = new ArrayList<>();
        long s = all.get(0)[0], e = all.get(0)[1];
        for (long[] r : all) {
            if (r[0] <= e) { e = Math.max(e, r[1]); continue; }
            out.add(new ChangeSet.DescriptorRange(s, e - s));
            s = r[0];
            e = r[1];
        }
        out.add(new ChangeSet.DescriptorRange(s, e - s));
        return out;
    }

    private static List<ChangeSet.OwnerChange> mergeOwners(List<ChangeSet.OwnerChange> sorted) {
        List<ChangeSet.OwnerChange> out = new ArrayList<>();
        for (ChangeSet.OwnerChange o : sorted) {
            ChangeSet.OwnerChange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.endPfn() == o.startPfn() && last.before() == o.before() && last.after() == o.after())
                out.set(out.size() - 1, new ChangeSet.OwnerChange(last.startPfn(), last.count() + o.count(), o.before(), o.after()));
            else out.add(o);
        }
        return out;
    }

    // ------------------------------------------------------------------ frame contents and page tables

    private record Frame(long pfn, long[] before, long[] after) {
        long word(boolean after, int i) {
            long[] f = after ? this.after : before;
            return f == null ? 0 : f[i];
        }
    }

    private void contents(Baseline s, PageDescriptors before, List<ChangeSet.FrameWrite> frames,
                          List<ChangeSet.EntryChange> entries) {
        List<Frame> changed = new ArrayList<>();
        h.phys().changesSince(s.phys(), (pfn, b, a) -> {
            if (!Arrays.equals(b == null ? ZERO : b, a == null ? ZERO : a)) changed.add(new Frame(pfn, b, a));
        });
        if (changed.isEmpty()) return;
        tables.sync();
        List<Frame> pending = new ArrayList<>(changed);
        boolean rebuilt = false;
        while (true) {
            boolean progress = true;
            while (progress) {                          // parents first: a new table's level comes from the entry linking it
                progress = false;
                for (int i = 0; i < pending.size(); i++) {
                    TableIndex.Info t = tables.lookup(pending.get(i).pfn());
                    if (t == null) continue;
                    tableEntries(pending.remove(i--), t, entries);
                    progress = true;
                }
            }
            if (rebuilt || pending.stream().noneMatch(f -> isTableFrame(f.pfn(), before))) break;
            tables.rebuild();                           // a page-table frame the index does not know: it is stale
            rebuilt = true;
        }
        for (Frame f : pending) {
            if (isTableFrame(f.pfn(), before)) tableEntries(f, null, entries);
            else {
                int n = 0;
                for (int i = 0; i < 512; i++) if (f.word(false, i) != f.word(true, i)) n++;
                frames.add(new ChangeSet.FrameWrite(f.pfn(), n));
            }
        }
        frames.sort(Comparator.comparingLong(ChangeSet.FrameWrite::pfn));
        entries.sort(Comparator.comparingLong(ChangeSet.EntryChange::entryPa));
    }

    private static final long[] ZERO = new long[512];

    private boolean isTableFrame(long pfn, PageDescriptors before) {
        return h.store().owner(pfn) == FrameOwner.PAGE_TABLE || before.owner(pfn) == FrameOwner.PAGE_TABLE;
    }

    /** The entries of a page-table frame that differ; {@code t} null when its level is not known. */
    private void tableEntries(Frame f, TableIndex.Info t, List<ChangeSet.EntryChange> out) {
        PagingMode mode = h.arch().paging();
        int level = t == null ? -1 : t.level();
        int bytes = level >= 0 ? mode.level(level).entryBytes() : mode.level(PagingMode.PTE).entryBytes();
        long base = f.pfn() << 12;
        for (int i = 0; i < 512; i++) {
            long wb = f.word(false, i), wa = f.word(true, i);
            if (wb == wa) continue;
            for (int half = 0; half < 8 / bytes; half++) {
                int sh = 32 * half;
                long vb = bytes == 8 ? wb : (wb >>> sh) & 0xffffffffL, va = bytes == 8 ? wa : (wa >>> sh) & 0xffffffffL;
                if (vb == va) continue;
                long entryPa = base + i * 8L + half * 4L;
                out.add(entry(t, level, bytes, entryPa, vb, va));
            }
        }
    }

    private ChangeSet.EntryChange entry(TableIndex.Info t, int level, int bytes, long entryPa, long before, long after) {
        PagingMode mode = h.arch().paging();
        if (t == null) return new ChangeSet.EntryChange(entryPa, -1, "?", -1, before, after, 0, 0, -1);
        long off = entryPa - t.tablePa();
        int ptrs = mode.level(level).ptrs();
        int index = off >= 0 && off % bytes == 0 && off / bytes < ptrs ? (int) (off / bytes) : -1;
        if (index >= 0) tables.written(t, index, entryPa, after);
        long span = index < 0 ? 0 : mode.level(level).entrySpan();
        long va = index < 0 ? 0 : canonical(t.va() + ((long) index << mode.level(level).shift()));
        return new ChangeSet.EntryChange(entryPa, level, mode.level(level).name(), index, before, after, va, span, t.pgd());
    }

    /** Sign-extends a 64-bit address from the paging mode's top implemented bit (x86_64 canonical form). */
    private long canonical(long va) {
        int bits = h.arch().paging().vaBits();
        if (h.arch().wordBytes() < 8 || bits >= 64) return va;
        return (va << (64 - bits)) >> (64 - bits);
    }

    // ------------------------------------------------------------------ zone counters

    private static List<ChangeSet.CounterChange> counters(List<Zone> then, List<Zone> now, int cpus) {
        List<ChangeSet.CounterChange> out = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) ZoneCounters.diff(i < then.size() ? then.get(i) : null, now.get(i), cpus, out);
        return out;
    }

    /** A growable list of pfns. */
    static final class LongList {
        private long[] a = new long[16];
        private int n;

        void add(long v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        long[] sortedDistinct() {
            long[] s = Arrays.copyOf(a, n);
            Arrays.sort(s);
            int m = 0;
            for (int i = 0; i < s.length; i++) if (i == 0 || s[i] != s[i - 1]) s[m++] = s[i];
            return Arrays.copyOf(s, m);
        }
    }
}
