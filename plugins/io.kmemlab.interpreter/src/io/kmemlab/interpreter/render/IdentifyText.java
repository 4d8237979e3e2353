package io.kmemlab.interpreter.render;

/**
 * An {@link Identification} as text: one "label: value" line per fact, the same in the CLI's
 * {@code identify} command, the {@code identify} statement and the views.
 */
public final class IdentifyText {
    private IdentifyText() { }

    public static String of(Identification id) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%#x in %s%n", id.va(), id.space()));
        String end = id.region().end() == 0 ? "top" : String.format("%#x", id.region().end() - 1);
        sb.append(String.format("  region:  %s (%#x-%s)%n", id.region().kind().label, id.region().start(), end));
        if (!id.where().isEmpty()) sb.append("  where:   ").append(id.where()).append('\n');
        if (id.describes() >= 0) sb.append(String.format("  describes: the struct page of pfn %#x%n", id.describes()));
        sb.append("  right:   ").append(id.right().isEmpty() ? "none" : String.join(", ", id.right())).append('\n');
        sb.append("  wrong:   ").append(id.wrong().isEmpty() ? "none" : String.join(", ", id.wrong())).append('\n');
        if (id.mapped()) {
            sb.append(String.format("  phys:    %#x, pfn %#x%s%n", id.pa(), id.pfn(),
                    id.section() >= 0 ? String.format(", section %d", id.section()) : ""));
            sb.append(id.page() != 0 ? String.format("  page:    %#x (struct page *)%n", id.page()) : "  page:    none\n");
            if (!id.owner().isEmpty()) sb.append("  owner:   ").append(id.owner()).append('\n');
        } else {
            sb.append("  phys:    not mapped\n");
        }
        return sb.toString();
    }
}
