package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.Translation;

/**
 * A page-table walk in the layout of crash's {@code vtop} (x86_64_uvtop() / x86_64_kvtop() in
 * crash's x86_64.c): the VIRTUAL / PHYSICAL pair, the page directory, each level's entry as
 * "ENTRY ADDRESS => VALUE", the PAGE line (with the size of a huge leaf), the leaf entry with
 * its flags, and the {@code kmem -p} line of the struct page. A small renderer for the
 * Translations view's Copy as Text.
 */
public final class VtopText {
    private VtopText() { }

    /** {@code page}: the struct page of the physical address, null when there is none. */
    public static String render(Translation t, PageDescriptor page) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s  %s%n", "VIRTUAL", "PHYSICAL"));
        String phys = switch (t.outcome()) {
            case MAPPED -> Long.toHexString(t.pa());
            case SWAPPED -> "(swapped out)";
            case NON_CANONICAL -> "(not a canonical address)";
            default -> "(not mapped)";
        };
        sb.append(String.format("%-16x  %s%n%n", t.va(), phys));
        sb.append(String.format("PAGE DIRECTORY: %x (%s)%n", t.pgd(), t.space()));
        for (Translation.Level l : t.levels()) {
            sb.append(String.format("%6s: %x => %x%n", l.name().toUpperCase(), l.entryPa(), l.raw()));
        }
        Translation.Level leaf = t.last();
        if (t.mapped() && leaf != null) {
            long frame = t.pa() - (t.va() & (t.leafSize() - 1));
            sb.append(String.format("%6s: %x%s%n%n", "PAGE", frame, t.leafSize() > 4096 ? "  (" + size(t.leafSize()) + ")" : ""));
            sb.append(String.format("%16s  %10s  %s%n", leaf.name().toUpperCase(), "PHYSICAL", "FLAGS"));
            sb.append(String.format("%16x  %10x  (%s)%n", leaf.raw(), frame, leaf.flags()));
        } else if (leaf != null) {
            sb.append(String.format("%n%s entry %x: %s%n", leaf.name(), leaf.raw(), switch (leaf.kind()) {
                case SWAP -> "swap type " + leaf.swapType() + ", offset " + Long.toHexString(leaf.swapOffset());
                case PROT_NONE -> "PROT_NONE (" + leaf.flags() + ")";
                default -> "not present";
            }));
        }
        if (page != null) sb.append('\n').append(KmemPageText.render(page));
        return sb.toString();
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? (bytes >> 30) + "GB" : bytes >= 1L << 20 ? (bytes >> 20) + "MB" : (bytes >> 10) + "KB";
    }
}
