package io.kmemlab.cli;

import io.kmemlab.cli.host.Zoneinfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The side-by-side table of check-host: per zone, emulator and /proc/zoneinfo values, and a verdict. */
final class ZoneTable {
    private ZoneTable() { }

    /** Prints the table; true when every populated zone on either side matches the other. */
    static boolean print(PrintWriter out, List<Zoneinfo.ZoneCounts> emulated, List<Zoneinfo.ZoneCounts> host) {
        out.printf("%-4s %-8s  %-21s  %-21s  %-21s%n", "node", "zone", "start_pfn", "spanned", "present");
        out.printf("%-4s %-8s  %-10s %-10s  %-10s %-10s  %-10s %-10s%n", "", "", "emulator", "host", "emulator", "host", "emulator", "host");
        boolean all = true;
        List<String> names = new ArrayList<>();
        for (Zoneinfo.ZoneCounts z : emulated) if (!names.contains(z.nid() + "/" + z.name())) names.add(z.nid() + "/" + z.name());
        for (Zoneinfo.ZoneCounts z : host) if (z.populated() && !names.contains(z.nid() + "/" + z.name())) names.add(z.nid() + "/" + z.name());
        for (String key : names) {
            int nid = Integer.parseInt(key.substring(0, key.indexOf('/')));
            String name = key.substring(key.indexOf('/') + 1);
            Zoneinfo.ZoneCounts e = find(emulated, nid, name), h = find(host, nid, name);
            boolean emptyBoth = (e == null || !e.populated()) && (h == null || !h.populated());
            if (emptyBoth) continue;
            boolean same = e != null && h != null && e.startPfn() == h.startPfn() && e.spanned() == h.spanned() && e.present() == h.present();
            all &= same;
            out.printf("%-4d %-8s  %-10s %-10s  %-10s %-10s  %-10s %-10s  %s%n", nid, name,
                    pfn(e), pfn(h), count(e, true), count(h, true), count(e, false), count(h, false), same ? "ok" : "DIFFERS");
        }
        return all;
    }

    private static Zoneinfo.ZoneCounts find(List<Zoneinfo.ZoneCounts> zones, int nid, String name) {
        for (Zoneinfo.ZoneCounts z : zones) if (z.nid() == nid && z.name().equals(name)) return z;
        return null;
    }

    private static String pfn(Zoneinfo.ZoneCounts z) {
        return z == null ? "-" : z.startPfn() < 0 ? "?" : "0x" + Long.toHexString(z.startPfn());
    }

    private static String count(Zoneinfo.ZoneCounts z, boolean spanned) {
        return z == null ? "-" : Long.toString(spanned ? z.spanned() : z.present());
    }
}
