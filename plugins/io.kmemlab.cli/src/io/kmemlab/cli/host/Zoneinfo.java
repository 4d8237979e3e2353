package io.kmemlab.cli.host;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/zoneinfo (mm/vmstat.c zoneinfo_show_print): per node and zone, spanned, present,
 * managed, start_pfn and the free pages ("pages free", NR_FREE_PAGES).
 */
public record Zoneinfo(List<ZoneCounts> zones) {
    /** One zone's counters; {@code startPfn} is -1 when the kernel omitted it (empty zones), {@code free} -1 when absent. */
    public record ZoneCounts(int nid, String name, long startPfn, long spanned, long present, long managed, long free) {
        public ZoneCounts(int nid, String name, long startPfn, long spanned, long present, long managed) {
            this(nid, name, startPfn, spanned, present, managed, -1);
        }

        public boolean populated() { return spanned > 0; }
    }

    public static Zoneinfo parse(String text) {
        List<ZoneCounts> out = new ArrayList<>();
        int nid = -1;
        String name = null;
        long start = -1, spanned = 0, present = 0, managed = 0, free = -1;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("Node ")) {
                if (name != null) out.add(new ZoneCounts(nid, name, start, spanned, present, managed, free));
                String[] parts = line.split("[ ,]+");            // Node 0, zone DMA32
                nid = Integer.parseInt(parts[1]);
                name = parts[parts.length - 1];
                start = -1;
                spanned = present = managed = 0;
                free = -1;
                continue;
            }
            if (name == null) continue;
            String[] kv = line.split("[:\\s]+");
            if (kv.length < 2) continue;
            try {
                switch (kv[0]) {
                    case "spanned" -> spanned = Long.parseLong(kv[1]);
                    case "present" -> present = Long.parseLong(kv[1]);
                    case "managed" -> managed = Long.parseLong(kv[1]);
                    case "start_pfn" -> start = Long.parseLong(kv[1]);
                    // "pages free N" heads a zone's block; nr_free_pages is the same counter in its vmstat lines
                    case "pages" -> { if (kv.length > 2 && kv[1].equals("free")) free = Long.parseLong(kv[2]); }
                    case "nr_free_pages" -> { if (free < 0) free = Long.parseLong(kv[1]); }
                    default -> { }
                }
            } catch (NumberFormatException e) {
                // a line of another shape (per-CPU pagesets ...)
            }
        }
        if (name != null) out.add(new ZoneCounts(nid, name, start, spanned, present, managed, free));
        return new Zoneinfo(List.copyOf(out));
    }
}
