package io.kmemlab.emulator.paging;

import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/** A traced page-table walk (what the CPU does, and what `walk ADDR` shows). */
public final class Walker {
    private final PageTables tables;
    private final PagingMode mode;
    private final EntryFormat fmt;

    public Walker(PageTables tables) {
        this.tables = tables;
        this.mode = tables.mode();
        this.fmt = mode.format();
    }

    public WalkResult walk(long root, long va, Trace t) {
        List<WalkResult.Step> steps = new ArrayList<>(5);
        long table = root;
        for (int i : tables.realLevels()) {
            int idx = mode.level(i).index(va);
            long entryPa = mode.entryAddress(i, table, idx);
            long e = tables.readEntry(entryPa, i);
            String flags = fmt.decode(i, e);
            String name = mode.level(i).name();
            steps.add(new WalkResult.Step(i, name, table, idx, entryPa, e, flags));
            if (t.enabled()) {
                if (i == PagingMode.PGD && mode.level(PagingMode.P4D).folded()) name = "pgd";
                t.entry(name, table, idx, entryPa, e, flags);
                String hw = fmt.hardwareNote(i, entryPa, e, va, pa -> tables.readEntry(pa, PagingMode.PTE));   // ARM: the MMU's view
                if (hw != null) t.note(hw);
            }
            if (!fmt.present(i, e)) {
                if (t.enabled()) t.note(String.format("%s entry not present: walk stops (#PF)", name));
                return new WalkResult(va, steps, -1, -1, i);
            }
            if (fmt.leaf(i, e)) {
                long span = mode.level(i).entrySpan();
                long pa = fmt.leafAddress(i, e, va, span);
                long unit = fmt.leafSpan(i) > 0 ? fmt.leafSpan(i) : span;   // ARM: a 1 MiB section word of the pair
                if (t.enabled()) t.formula(String.format("%s leaf (%s page): pa = 0x%x + (va & 0x%x) = 0x%x",
                        name, sizeName(unit), pa - (va & (unit - 1)), unit - 1, pa));
                return new WalkResult(va, steps, i, pa, -1);
            }
            table = fmt.tablePhys(i, e);
        }
        return new WalkResult(va, steps, -1, -1, PagingMode.PTE);
    }

    static String sizeName(long span) {
        if (span >= (1L << 30)) return (span >> 30) + "G";
        if (span >= (1L << 20)) return (span >> 20) + "M";
        return (span >> 10) + "K";
    }
}
