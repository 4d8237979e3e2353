package io.kmemlab.cli;

import io.kmemlab.cli.host.HostFacts;
import io.kmemlab.cli.host.Zoneinfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The side-by-side table of check-host: per zone (empty ones included), emulator and
 * /proc/zoneinfo values of start_pfn, spanned, present, managed and free pages, and a verdict
 * per row: "ok", "explained: ..." for differences whose cause is known, "DIFFERS (unexplained): ..." for the
 * others. The layout counters (start_pfn, spanned, present) come from the memory map alone and
 * must match; managed and free depend on what the running host reserved and allocated.
 */
final class ZoneTable {
    private ZoneTable() { }

    /** Prints the table and a summary; true when no row has an unexplained difference. */
    static int[] print(PrintWriter out, List<Zoneinfo.ZoneCounts> emulated, List<Zoneinfo.ZoneCounts> host, HostFacts facts) {
        out.printf("%-4s %-8s  %-21s  %-21s  %-21s  %-21s  %-21s%n", "node", "zone", "start_pfn", "spanned", "present", "managed", "free");
        out.printf("%-4s %-8s  %-10s %-10s  %-10s %-10s  %-10s %-10s  %-10s %-10s  %-10s %-10s%n", "", "",
                "emulator", "host", "emulator", "host", "emulator", "host", "emulator", "host", "emulator", "host");
        List<String> names = new ArrayList<>();
        for (Zoneinfo.ZoneCounts z : emulated) if (!names.contains(z.nid() + "/" + z.name())) names.add(z.nid() + "/" + z.name());
        for (Zoneinfo.ZoneCounts z : host) if (!names.contains(z.nid() + "/" + z.name())) names.add(z.nid() + "/" + z.name());
        int ok = 0, explained = 0, unexplained = 0;
        for (String key : names) {
            int nid = Integer.parseInt(key.substring(0, key.indexOf('/')));
            String name = key.substring(key.indexOf('/') + 1);
            Zoneinfo.ZoneCounts e = find(emulated, nid, name), h = find(host, nid, name);
            Verdict v = verdict(e, h, facts);
            switch (v.kind) {
                case OK -> ok++;
                case EXPLAINED -> explained++;
                case UNEXPLAINED -> unexplained++;
            }
            out.printf("%-4d %-8s  %-10s %-10s  %-10s %-10s  %-10s %-10s  %-10s %-10s  %-10s %-10s  %s%n", nid, name,
                    pfn(e), pfn(h), count(e, Zoneinfo.ZoneCounts::spanned), count(h, Zoneinfo.ZoneCounts::spanned),
                    count(e, Zoneinfo.ZoneCounts::present), count(h, Zoneinfo.ZoneCounts::present),
                    count(e, Zoneinfo.ZoneCounts::managed), count(h, Zoneinfo.ZoneCounts::managed),
                    count(e, Zoneinfo.ZoneCounts::free), count(h, Zoneinfo.ZoneCounts::free), v.text);
        }
        return new int[] {ok, explained, unexplained};
    }

    private enum Kind { OK, EXPLAINED, UNEXPLAINED }

    private record Verdict(Kind kind, String text) { }

    /**
     * Layout counters must match. managed = present minus what memblock kept (the kernel image,
     * the memmap, firmware tables, crashkernel, initrd ...) and minus what drivers took back
     * later (adjust_managed_page_count(): balloons, hotplug), so it is lower on a host that
     * reserved or gave away more; free is what a running system has not allocated.
     */
    static Verdict verdict(Zoneinfo.ZoneCounts e, Zoneinfo.ZoneCounts h, HostFacts facts) {
        boolean emptyE = e == null || !e.populated(), emptyH = h == null || !h.populated();
        if (emptyE && emptyH) return new Verdict(Kind.OK, "ok (empty on both)");
        if (emptyE || emptyH) return new Verdict(Kind.UNEXPLAINED, "DIFFERS (unexplained): the zone is empty on the " + (emptyE ? "emulator" : "host") + " only");
        if (e.startPfn() != h.startPfn() && h.startPfn() >= 0 || e.spanned() != h.spanned() || e.present() != h.present()) {
            return new Verdict(Kind.UNEXPLAINED, "DIFFERS (unexplained): the zone's layout (start_pfn, spanned or present) does not follow from the memory map");
        }
        List<String> why = new ArrayList<>();
        boolean unexplained = false;
        if (e.managed() != h.managed()) {
            if (h.managed() > h.present() || e.managed() > e.present()) {
                unexplained = true;
                why.add("managed above present");
            } else if (h.present() - h.managed() > h.present() / 10) {
                String known = facts.heldBack();
                why.add(String.format("managed: the host manages %d pages fewer; more than a tenth of the zone is held back"
                        + " (%s)", e.managed() - h.managed(), known != null ? known
                        : "deferred struct page init not finished, a balloon or memory hotplug, crashkernel"));
            } else {
                why.add(String.format("managed: %+d pages, boot-time reservations differ (firmware, initrd, crashkernel, the kernel's"
                        + " own allocations)", h.managed() - e.managed()));
            }
        }
        if (h.free() >= 0 && e.free() != h.free()) {
            why.add("free: the host is running and has allocated pages"
                    + (facts.parameter("deferred_init") != null && h.managed() < h.present() / 10 * 9 ? ", and its deferred pages are not free yet" : ""));
        }
        if (unexplained) return new Verdict(Kind.UNEXPLAINED, "DIFFERS (unexplained): " + String.join("; ", why));
        return why.isEmpty() ? new Verdict(Kind.OK, "ok") : new Verdict(Kind.EXPLAINED, "explained: " + String.join("; ", why));
    }

    private static Zoneinfo.ZoneCounts find(List<Zoneinfo.ZoneCounts> zones, int nid, String name) {
        for (Zoneinfo.ZoneCounts z : zones) if (z.nid() == nid && z.name().equals(name)) return z;
        return null;
    }

    private static String pfn(Zoneinfo.ZoneCounts z) {
        return z == null ? "-" : z.startPfn() < 0 || !z.populated() ? "-" : "0x" + Long.toHexString(z.startPfn());
    }

    private static String count(Zoneinfo.ZoneCounts z, java.util.function.ToLongFunction<Zoneinfo.ZoneCounts> f) {
        if (z == null) return "-";
        long v = f.applyAsLong(z);
        return v < 0 ? "?" : Long.toString(v);
    }
}
