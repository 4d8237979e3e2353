package io.kmemlab.emulator.mm;

import java.util.List;

/** Boot-time setters for zone and node sizes (package-private fields of {@link Zone}, {@link Node}). */
public final class ZoneAccessBridge {
    private ZoneAccessBridge() { }

    public static void set(Zone z, long start, long spanned, long present) {
        z.startPfn = start;
        z.spanned = spanned;
        z.present = present;
    }

    public static void setNode(Node n, long start, long spanned, long present, List<Zone> zones) {
        n.startPfn = start;
        n.spanned = spanned;
        n.present = present;
        n.zones = List.copyOf(zones);
    }
}
