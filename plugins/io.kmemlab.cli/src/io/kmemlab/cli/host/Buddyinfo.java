package io.kmemlab.cli.host;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/buddyinfo (mm/vmstat.c frag_show_print): per node and populated zone, the number of
 * free blocks on each order's free lists, order 0 first (NR_PAGE_ORDERS columns).
 */
public record Buddyinfo(List<ZoneFree> zones) {
    public record ZoneFree(int nid, String name, long[] nrFree) {
        public ZoneFree { nrFree = nrFree.clone(); }

        @Override public long[] nrFree() { return nrFree.clone(); }

        /** The free pages the lists hold: sum of nr_free[order] << order. */
        public long pages() {
            long sum = 0;
            for (int o = 0; o < nrFree.length; o++) sum += nrFree[o] << o;
            return sum;
        }
    }

    public static Buddyinfo parse(String text) {
        List<ZoneFree> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (!line.startsWith("Node ")) continue;
            String[] parts = line.split("[ ,]+");                    // Node 0, zone DMA32 c0 c1 ...
            if (parts.length < 4 || !parts[2].equals("zone")) continue;
            try {
                int nid = Integer.parseInt(parts[1]);
                long[] counts = new long[parts.length - 4];
                for (int i = 4; i < parts.length; i++) counts[i - 4] = Long.parseLong(parts[i]);
                out.add(new ZoneFree(nid, parts[3], counts));
            } catch (NumberFormatException e) {
                // not a buddyinfo line
            }
        }
        return new Buddyinfo(List.copyOf(out));
    }

    public ZoneFree find(int nid, String name) {
        for (ZoneFree z : zones) if (z.nid() == nid && z.name().equals(name)) return z;
        return null;
    }
}
