package io.kmemlab.cli.host;

import java.util.ArrayList;
import java.util.List;

/** /proc/zoneinfo (mm/vmstat.c zoneinfo_show_print): per node and zone, spanned, present, managed and start_pfn. */
public record Zoneinfo(List<ZoneCounts> zones) {
    /** One zone's counters; {@code startPfn} is -1 when the kernel omitted it (empty zones). */
    public record ZoneCounts(int nid, String name, long startPfn, long spanned, long present, long managed) {
        public boolean populated() { return spanned > 0; }
    }

    public static Zoneinfo parse(String text) {
        List<ZoneCounts> out = new ArrayList<>();
        int nid = -1;
        String name = null;
        long start = -1, spanned = 0, present = 0, managed = 0;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("Node ")) {
                if (name != null) out.add(new ZoneCounts(nid, name, start, spanned, present, managed));
                String[] parts = line.split("[ ,]+");            // Node 0, zone DMA32
                nid = Integer.parseInt(parts[1]);
                name = parts[parts.length - 1];
                start = -1;
                spanned = present = managed = 0;
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
                    default -> { }
                }
            } catch (NumberFormatException e) {
                // a line of another shape (per-CPU pagesets ...)
            }
        }
        if (name != null) out.add(new ZoneCounts(nid, name, start, spanned, present, managed));
        return new Zoneinfo(List.copyOf(out));
    }
}
