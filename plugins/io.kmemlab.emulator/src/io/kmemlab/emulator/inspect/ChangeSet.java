package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.store.FrameOwner;
import java.util.List;

/**
 * What changed in the machine between a checkpoint and now (one step): frames that changed
 * owner, frames whose contents were written, page-table entries, struct page fields and zone
 * counters. Every entry names what it changed by a stable key, so "which step last wrote X" is
 * one map update per entry ({@link Provenance}): a frame by pfn, an entry by its physical
 * address, a struct page field by (pfn, offset), a zone counter by (nid, zone, counter). Lists
 * are sorted by their key. An immutable snapshot.
 *
 * @param owners   frames whose owner changed (allocated, freed, reserved), as runs
 * @param frames   frames whose contents changed and that are not page tables
 * @param entries  page-table entries written
 * @param fields   struct page fields written (the kernel's view: a free block's buddy links,
 *                 order and page type count as fields of its head page)
 * @param ranges   descriptors recomputed in bulk without being stored one by one (boot:
 *                 memmap_init, reservations of whole untouched blocks); empty after boot
 * @param counters zone counters changed
 */
public record ChangeSet(List<OwnerChange> owners, List<FrameWrite> frames, List<EntryChange> entries, List<FieldChange> fields,
                        List<DescriptorRange> ranges, List<CounterChange> counters) {
    public static final ChangeSet EMPTY = new ChangeSet(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public ChangeSet {
        owners = List.copyOf(owners);
        frames = List.copyOf(frames);
        entries = List.copyOf(entries);
        fields = List.copyOf(fields);
        ranges = List.copyOf(ranges);
        counters = List.copyOf(counters);
    }

    public boolean isEmpty() {
        return owners.isEmpty() && frames.isEmpty() && entries.isEmpty() && fields.isEmpty() && ranges.isEmpty() && counters.isEmpty();
    }

    /** Frames [startPfn, startPfn + count) went from owner {@code before} to {@code after}. */
    public record OwnerChange(long startPfn, long count, FrameOwner before, FrameOwner after) {
        public long endPfn() { return startPfn + count; }

        public boolean contains(long pfn) { return pfn >= startPfn && pfn < startPfn + count; }
    }

    /** The contents of frame {@code pfn} changed in {@code words} of its 8-byte words. */
    public record FrameWrite(long pfn, int words) { }

    /**
     * The page-table entry at physical address {@code entryPa} went from {@code before} to {@code after}.
     *
     * @param level     level number of its table ({@code PagingMode.PGD} .. {@code PTE}), -1 when not known
     * @param levelName pgd, p4d, pud, pmd, pte, or "?" when not known
     * @param index     the entry's index in its table, -1 when not known
     * @param va        first virtual address the entry covers, when known (else 0 with span 0)
     * @param span      bytes the entry covers (1 << level shift), 0 when not known
     * @param pgd       physical address of the pgd whose tree holds the entry (init_mm's for the
     *                  shared kernel half), -1 when not known
     */
    public record EntryChange(long entryPa, int level, String levelName, int index, long before, long after, long va, long span,
                              long pgd) {
        /** True when the entry covers {@code address} (of the tree rooted at {@link #pgd()}). */
        public boolean covers(long address) {
            return span != 0 && Long.compareUnsigned(address, va) >= 0 && Long.compareUnsigned(address - va, span) < 0;
        }
    }

    /**
     * A struct page field of pfn {@code pfn}: bytes [offset, offset + bytes) of the descriptor,
     * named as the union view in use after the step names them.
     */
    public record FieldChange(long pfn, int offset, int bytes, String field, long before, long after) { }

    /** Descriptors [startPfn, startPfn + count) were all recomputed (boot). */
    public record DescriptorRange(long startPfn, long count) {
        public boolean contains(long pfn) { return pfn >= startPfn && pfn < startPfn + count; }
    }

    /**
     * A zone counter, named as /proc/zoneinfo and /proc/buddyinfo name it: nr_free_pages,
     * managed, spanned, present, start_pfn, min, low, high, promo, protection[i],
     * free_area[o].nr_free, pcp[cpu].count, pcp.high, pcp.batch.
     */
    public record CounterChange(int nid, String zone, String counter, long before, long after) { }
}
