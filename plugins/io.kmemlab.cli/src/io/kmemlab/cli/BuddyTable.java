package io.kmemlab.cli;

import io.kmemlab.cli.host.Buddyinfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * check-host's buddyinfo comparison: per populated zone, the free blocks on each order's list
 * as the emulator has them just after boot and as /proc/buddyinfo shows them. The number of
 * orders (NR_PAGE_ORDERS, MAX_PAGE_ORDER + 1) must match; the counts of a running host differ
 * because it has allocated and split blocks since boot, which is the explanation printed.
 */
final class BuddyTable {
    private BuddyTable() { }

    /** Prints the rows; returns {explained, unexplained} differences. */
    static int[] print(PrintWriter out, Buddyinfo emulated, Buddyinfo host) {
        out.println();
        out.println("buddyinfo: free blocks per order (emulator just after boot / host now)");
        int explained = 0, unexplained = 0;
        List<String> keys = new ArrayList<>();
        for (Buddyinfo.ZoneFree z : emulated.zones()) keys.add(z.nid() + "/" + z.name());
        for (Buddyinfo.ZoneFree z : host.zones()) if (!keys.contains(z.nid() + "/" + z.name())) keys.add(z.nid() + "/" + z.name());
        for (String key : keys) {
            int nid = Integer.parseInt(key.substring(0, key.indexOf('/')));
            String name = key.substring(key.indexOf('/') + 1);
            Buddyinfo.ZoneFree e = emulated.find(nid, name), h = host.find(nid, name);
            String verdict;
            if (e == null || h == null) {
                unexplained++;
                verdict = "DIFFERS (unexplained): the zone has free lists on the " + (e == null ? "host" : "emulator") + " only";
            } else if (e.nrFree().length != h.nrFree().length) {
                unexplained++;
                verdict = String.format("DIFFERS (unexplained): %d orders on the emulator, %d on the host (NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1"
                        + " is a build option of the host's kernel)", e.nrFree().length, h.nrFree().length);
            } else if (java.util.Arrays.equals(e.nrFree(), h.nrFree())) {
                verdict = "ok";
            } else {
                explained++;
                verdict = String.format("explained: the host is running: its allocations split and hold blocks (free in the lists:"
                        + " %d pages on the emulator, %d on the host)", e.pages(), h.pages());
            }
            out.printf("%-4d %-8s  emulator %s%n", nid, name, counts(e));
            out.printf("%-4s %-8s  host     %s  %s%n", "", "", counts(h), verdict);
        }
        return new int[] {explained, unexplained};
    }

    private static String counts(Buddyinfo.ZoneFree z) {
        if (z == null) return "-";
        StringBuilder sb = new StringBuilder();
        for (long n : z.nrFree()) sb.append(String.format("%7d", n));
        return sb.toString();
    }
}
