package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.inspect.PageDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * One struct page in the layout of crash's {@code kmem -p} (dump_mem_map() in crash's
 * memory.c): PAGE, PHYSICAL, MAPPING, INDEX, CNT, FLAGS, the flags word in hex followed by
 * the names of the PG_ bits set without their prefix, comma-separated. A small renderer for the
 * Page Descriptor view's Copy as Text.
 */
public final class KmemPageText {
    private KmemPageText() { }

    public static final String HEADER = String.format("%16s %10s %16s %8s %3s %s", "PAGE", "PHYSICAL", "MAPPING", "INDEX", "CNT", "FLAGS");

    /** The header and the line of {@code d}. */
    public static String render(PageDescriptor d) {
        return HEADER + "\n" + line(d) + "\n";
    }

    public static String line(PageDescriptor d) {
        Long mapping = d.inUse().get("mapping"), index = d.inUse().get("index");
        List<String> names = new ArrayList<>();
        for (String f : d.pgFlags()) names.add(f.startsWith("PG_") ? f.substring(3) : f);
        return String.format("%16x %10x %16x %8x %3d %x %s", d.address(), d.pfn() << 12, mapping == null ? 0 : mapping,
                index == null ? 0 : index, d.refcount(), d.flags(), String.join(",", names)).stripTrailing();
    }
}
