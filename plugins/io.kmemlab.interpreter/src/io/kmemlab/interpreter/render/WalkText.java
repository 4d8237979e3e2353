package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.Translation;

/**
 * A page-table walk in the layout of crash's {@code vtop} (x86_64_kvtop() / x86_64_uvtop() in
 * crash's x86_64.c, cmd_vtop() in memory.c): the VIRTUAL / PHYSICAL pair, the directory the
 * walk starts from, each level's entry as "ADDRESS => VALUE" (the entry's physical address, as
 * crash prints it), the PAGE line with the size of a huge or section leaf, the leaf's flags,
 * and finally the kmem -p line of the struct page of the physical address.
 */
public final class WalkText {
    private WalkText() { }

    /** The walk with its final PAGE line read from {@code in}. */
    public static String vtop(Inspector in, Translation t) {
        PageDescriptor page = t.mapped() && t.page() != 0 ? in.pageAt(t.page()) : null;
        return vtop(t, page, PageText.paddrWidth(in), in.structPageLayout().wordBytes());
    }

    /**
     * The walk; {@code page} is the struct page of the physical address (null when unmapped or
     * without one), {@code paddrWidth} crash's PADDR_PRLEN, {@code wordBytes} sizeof(long).
     */
    public static String vtop(Translation t, PageDescriptor page, int paddrWidth, int wordBytes) {
        int vw = 2 * wordBytes;
        StringBuilder sb = new StringBuilder();
        sb.append(pad("VIRTUAL", vw)).append("  ").append(pad("PHYSICAL", vw).stripTrailing()).append('\n');
        String phys = switch (t.outcome()) {
            case MAPPED -> Long.toHexString(t.pa());
            case NON_CANONICAL -> "(not a canonical address)";
            case SWAPPED -> "(swapped out)";
            default -> "(not mapped)";
        };
        sb.append(pad(Long.toHexString(t.va()), vw)).append("  ").append(phys).append("\n\n");
        sb.append(String.format("%s: %s, region: %s%n", t.space().equals("init_mm") ? "init_mm" : "mm of " + t.space(),
                "pgd at phys " + Long.toHexString(t.pgd()), t.region().kind().label));
        sb.append("PGD DIRECTORY: ").append(Long.toHexString(t.pgd())).append('\n');
        for (Translation.Level l : t.levels()) {
            sb.append(String.format("%6s: %s => %s", l.name().toUpperCase(), Long.toHexString(l.entryPa()), Long.toHexString(l.raw())));
            if (l.kind() != Translation.EntryKind.TABLE && l.kind() != Translation.EntryKind.LEAF) {
                sb.append("  (").append(kind(l)).append(')');
            }
            sb.append('\n');
        }
        Translation.Level last = t.last();
        if (t.outcome() == Translation.Outcome.MAPPED && last != null) {
            long base = t.pa() & -t.leafSize();
            String size = size(t.leafSize());
            sb.append("  PAGE: ").append(Long.toHexString(base)).append(size.isEmpty() ? "" : "  (" + size + ")").append("\n\n");
            sb.append("  ").append(pad(last.name().toUpperCase(), vw)).append("  ").append(pad("PHYSICAL", paddrWidth)).append("  FLAGS\n");
            sb.append("  ").append(pad(Long.toHexString(last.raw()), vw)).append("  ").append(pad(Long.toHexString(base), paddrWidth))
                    .append("  (").append(last.flags()).append(")\n");
            if (page != null) {
                sb.append('\n').append(PageText.kmemHeader(wordBytes, paddrWidth)).append('\n');
                sb.append(PageText.kmemLine(page, paddrWidth)).append('\n');
            }
        } else if (t.outcome() == Translation.Outcome.SWAPPED && last != null) {
            sb.append(String.format("%nSWAP: type %d offset %#x%n", last.swapType(), last.swapOffset()));
        } else if (t.outcome() == Translation.Outcome.PROT_NONE && last != null) {
            sb.append(String.format("%nPROT_NONE: frame %s kept, the MMU faults%n", Long.toHexString(last.target())));
        }
        return sb.toString();
    }

    private static String kind(Translation.Level l) {
        return switch (l.kind()) {
            case NONE -> l.name() + "_none";
            case SWAP -> "swap entry";
            case PROT_NONE -> "PROT_NONE";
            case NOT_PRESENT -> "not present";
            default -> "";
        };
    }

    /** crash's "(2MB)" / "(1GB)" and the other leaf sizes: nothing for a 4K page. */
    static String size(long bytes) {
        if (bytes <= 4096) return "";
        if (bytes >= 1L << 30) return (bytes >> 30) + "GB";
        if (bytes >= 1L << 20) return (bytes >> 20) + "MB";
        return (bytes >> 10) + "KB";
    }

    private static String pad(String s, int width) { return String.format("%-" + width + "s", s); }
}
