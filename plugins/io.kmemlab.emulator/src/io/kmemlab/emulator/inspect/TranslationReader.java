package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PageTableLevel;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Translation}s from the machine's walker ({@link io.kmemlab.emulator.paging.Walker}). */
final class TranslationReader {
    private final InspectHost h;
    private final RegionMap regions;

    TranslationReader(InspectHost h, RegionMap regions) {
        this.h = h;
        this.regions = regions;
    }

    /** The walk of {@code va} from the pgd at {@code pgd}; null before the PAGE_TABLES boot phase. */
    Translation walk(String space, long pgd, long va) {
        Arch a = h.arch();
        PagingMode mode = a.paging();
        EntryFormat f = mode.format();
        AddressRegion region = regions.regionOf(va);
        List<Translation.IndexBits> split = split(mode, va);
        if (!a.isCanonical(va))
            return new Translation(va, space, pgd, split, List.of(), Translation.Outcome.NON_CANONICAL, -1, 0, -1, -1, 0, 0, region);
        WalkResult w = pgd < 0 ? null : h.walk(pgd, va);
        if (w == null) return null;
        List<Translation.Level> levels = new ArrayList<>(w.steps().size());
        for (WalkResult.Step s : w.steps()) levels.add(level(a, f, s));
        Translation.Outcome outcome = Translation.Outcome.MAPPED;
        if (!w.mapped()) {
            Translation.EntryKind k = levels.isEmpty() ? Translation.EntryKind.NONE : levels.get(levels.size() - 1).kind();
            outcome = k == Translation.EntryKind.SWAP ? Translation.Outcome.SWAPPED
                    : k == Translation.EntryKind.PROT_NONE ? Translation.Outcome.PROT_NONE : Translation.Outcome.NOT_MAPPED;
        }
        int leaf = w.leafLevel();
        long leafSize = leaf < 0 ? 0 : f.leafSpan(leaf) > 0 ? f.leafSpan(leaf) : mode.level(leaf).entrySpan();
        long pa = w.pa(), pfn = pa < 0 ? -1 : pa >>> 12;
        long leafPfn = pa < 0 ? -1 : (pa - (va & (leafSize - 1))) >>> 12;
        return new Translation(va, space, pgd, split, levels, outcome, leaf, leafSize, pa, pfn, page(pfn), page(leafPfn), region);
    }

    private Translation.Level level(Arch a, EntryFormat f, WalkResult.Step s) {
        return level(a, f, s.level(), s.name(), s.tablePa(), s.index(), s.entryPa(), s.raw(), s.flags());
    }

    private static Translation.Level level(Arch a, EntryFormat f, int l, String name, long tablePa, int index, long entryPa, long raw,
                                           String flags) {
        Translation.EntryKind kind = kind(f, l, raw);
        long target = switch (kind) {
            case TABLE -> f.tablePhys(l, raw);
            case LEAF, PROT_NONE -> f.leafPhys(l, raw);
            default -> -1;
        };
        boolean swap = kind == Translation.EntryKind.SWAP;
        long entryVa = Long.compareUnsigned(entryPa, a.layout().lowmemLimit()) < 0 ? a.va(entryPa, Trace.NONE) : 0;
        return new Translation.Level(l, name, tablePa, index, entryPa, entryVa, raw, kind, flags, target,
                swap ? f.swapType(raw) : -1, swap ? f.swapOffset(raw) : -1);
    }

    /** The entries of the table at {@code tablePa}, a table of {@code level}; none entries only with {@code includeNone}. */
    List<Translation.Level> table(long tablePa, int level, boolean includeNone) {
        Arch a = h.arch();
        PagingMode mode = a.paging();
        PageTableLevel l = mode.level(level);
        EntryFormat f = mode.format();
        List<Translation.Level> out = new ArrayList<>();
        for (int idx = 0; idx < l.ptrs(); idx++) {
            long ea = mode.entryAddress(level, tablePa, idx);
            long raw = l.entryBytes() == 8 ? h.phys().read64(ea) : h.phys().read(ea, l.entryBytes());
            if (raw == 0 && !includeNone) continue;
            out.add(level(a, f, level, l.name(), tablePa, idx, ea, raw, f.decode(level, raw)));
        }
        return out;
    }

    /**
     * What an entry holds. x86's pte_present() is true for PROT_NONE entries, so they are told
     * apart from swap entries first (arch/x86/include/asm/pgtable.h pte_protnone, is_swap_pte).
     */
    static Translation.EntryKind kind(EntryFormat f, int level, long raw) {
        if (raw == 0) return Translation.EntryKind.NONE;
        if (f.present(level, raw)) return f.leaf(level, raw) ? Translation.EntryKind.LEAF : Translation.EntryKind.TABLE;
        if (f.protNone(level, raw) && f.leaf(level, raw)) return Translation.EntryKind.PROT_NONE;
        if (level == PagingMode.PTE && f.isSwap(level, raw)) return Translation.EntryKind.SWAP;
        return Translation.EntryKind.NOT_PRESENT;
    }

    /** pgd_index() ... pte_index() and the page offset: bits [shift, shift + log2(PTRS_PER_x)) per level that is not folded. */
    static List<Translation.IndexBits> split(PagingMode mode, long va) {
        List<Translation.IndexBits> out = new ArrayList<>();
        for (PageTableLevel l : mode.levels()) {
            if (l.folded()) continue;
            out.add(new Translation.IndexBits(l.name(), l.shift(), Integer.numberOfTrailingZeros(l.ptrs()), l.index(va)));
        }
        out.add(new Translation.IndexBits("offset", 0, 12, va & 4095));
        return out;
    }

    private long page(long pfn) {
        if (pfn < 0 || pfn >= h.storePfns() || h.model() == null || !h.model().pfnValid(pfn)) return 0;
        return h.model().pfnToPage(pfn, Trace.NONE);
    }
}
