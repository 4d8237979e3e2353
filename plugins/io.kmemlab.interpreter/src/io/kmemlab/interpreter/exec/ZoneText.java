package io.kmemlab.interpreter.exec;

/** {@code show zone X}: the zone's counters as /proc/zoneinfo names them. */
final class ZoneText {
    private ZoneText() { }

    static String of(Object zone) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("zone %s (node %s)%n", MachineFacts.invoke(zone, "name"), MachineFacts.invoke(zone, "nid")));
        row(sb, "start_pfn", zone, "startPfn", true);
        row(sb, "end_pfn", zone, "endPfn", true);
        row(sb, "spanned", zone, "spanned", false);
        row(sb, "present", zone, "present", false);
        row(sb, "managed", zone, "managed", false);
        row(sb, "free", zone, "free", false);
        return sb.toString().stripTrailing();
    }

    private static void row(StringBuilder sb, String label, Object zone, String method, boolean hex) {
        Object v = MachineFacts.invoke(zone, method);
        if (v instanceof Number n) {
            sb.append(String.format("  %-10s %s%n", label, hex ? "0x" + Long.toHexString(n.longValue()) : Long.toString(n.longValue())));
        }
    }
}
