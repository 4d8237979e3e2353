package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.inspect.AddressRegion;
import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An address space's page tables as an indented tree, each entry as crash prints one in vtop
 * ("PMD: entry-address => value") with the virtual range it covers. A process's listing stops at
 * the user half (its kernel entries are init_mm's, copied by pgd_alloc()); consecutive leaf
 * entries that map consecutive frames with the same flags are one line.
 */
public final class PageTablesText {
    private PageTablesText() { }

    /** The tree of {@code space}; empty text before the machine has page tables. */
    public static String of(Inspector in, AddressSpace space) {
        if (space == null) return "no such address space\n";
        Translation probe = in.walk(0);
        if (probe == null) return "the machine has no page tables yet\n";
        Map<String, Translation.IndexBits> bits = new HashMap<>();
        for (Translation.IndexBits b : probe.split()) bits.put(b.name(), b);
        boolean is64 = in.structPageLayout().wordBytes() == 8;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("page tables of %s (mm %#x, pgd at phys %#x)%s%n", space.name(), space.mm(), space.pgd(),
                space.kernel() ? "" : ": user half; the kernel half is init_mm's"));
        Translation.IndexBits top = probe.split().get(0);
        int vaBits = top.lowBit() + top.width();
        long userTop = 0;
        if (!space.kernel()) {
            for (AddressRegion r : in.regions()) if (r.kind() == AddressRegion.Kind.USER) userTop = r.end();
        }
        new Walker(in, bits, is64, vaBits, userTop, sb).table(space.pgd(), 0, 0, 0);
        return sb.toString();
    }

    private record Walker(Inspector in, Map<String, Translation.IndexBits> bits, boolean is64, int vaBits, long userTop,
                          StringBuilder sb) {
        void table(long tablePa, int level, long vaBase, int depth) {
            List<Translation.Level> entries = in.table(tablePa, level, false);
            if (entries == null) return;
            Run run = null;
            for (Translation.Level e : entries) {
                Translation.IndexBits b = bits.get(e.name());
                int shift = b == null ? 12 : b.lowBit();
                long va = canonical(vaBase | ((long) e.index() << shift));
                if (userTop != 0 && depth == 0 && Long.compareUnsigned(va, userTop) >= 0) continue;
                long span = 1L << shift;
                if (e.kind() == Translation.EntryKind.LEAF && run != null && run.extends_(e, va, span)) {
                    run.add(span);
                    continue;
                }
                if (run != null) { run.print(sb); run = null; }
                if (e.kind() == Translation.EntryKind.LEAF) {
                    run = new Run(depth, e, va, span);
                    continue;
                }
                sb.append("  ".repeat(depth)).append(String.format("%s[%d]: %s => %s  va %#x-%#x%s%n", e.name().toUpperCase(), e.index(),
                        Long.toHexString(e.entryPa()), Long.toHexString(e.raw()), va, va + span - 1,
                        e.kind() == Translation.EntryKind.TABLE ? "" : "  (" + e.kind().name().toLowerCase().replace('_', ' ') + ")"));
                int child = in.childLevel(level);
                if (e.kind() == Translation.EntryKind.TABLE && child >= 0) table(e.target(), child, va, depth + 1);
            }
            if (run != null) run.print(sb);
        }

        long canonical(long va) {
            if (!is64 || vaBits >= 64) return va;
            return (va << (64 - vaBits)) >> (64 - vaBits);
        }
    }

    /** Consecutive leaf entries mapping consecutive frames with the same flags. */
    private static final class Run {
        final int depth;
        final Translation.Level first;
        final long va;
        long bytes;
        int count = 1;

        Run(int depth, Translation.Level first, long va, long span) {
            this.depth = depth;
            this.first = first;
            this.va = va;
            this.bytes = span;
        }

        boolean extends_(Translation.Level e, long eva, long span) {
            return eva == va + bytes && e.target() == first.target() + bytes && flagsOf(e).equals(flagsOf(first))
                    && e.name().equals(first.name());
        }

        void add(long span) { bytes += span; count++; }

        void print(StringBuilder sb) {
            String ind = "  ".repeat(depth);
            String head = count == 1
                    ? String.format("%s[%d]: %s => %s", first.name().toUpperCase(), first.index(), Long.toHexString(first.entryPa()), Long.toHexString(first.raw()))
                    : String.format("%s[%d..%d]: %d entries from %s", first.name().toUpperCase(), first.index(), first.index() + count - 1, count,
                            Long.toHexString(first.entryPa()));
            sb.append(ind).append(String.format("%s  va %#x-%#x -> phys %#x-%#x  (%s)%n", head, va, va + bytes - 1,
                    first.target(), first.target() + bytes - 1, flagsOf(first)));
        }

        /** The entry's flags without its pfn, to compare neighbours. */
        static String flagsOf(Translation.Level e) {
            return e.flags() == null ? "" : e.flags().replaceAll("\\s*pfn=0x[0-9a-f]+", "").trim();
        }
    }
}
