package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.mm.Zone;
import java.util.List;

/**
 * A zone's counters by their /proc/zoneinfo and /proc/buddyinfo names (mm/vmstat.c
 * zoneinfo_show_print, frag_show_print), as a flat array so that comparing two zones allocates
 * nothing until something differs.
 */
final class ZoneCounters {
    private static final String[] FIXED = {"nr_free_pages", "start_pfn", "spanned", "present", "managed", "min", "low", "high", "promo",
            "pcp.high", "pcp.batch"};

    private ZoneCounters() { }

    /** Counter values in {@link #name} order: the fixed ones, protection[], free_area[].nr_free, pcp[cpu].count. */
    static long[] values(Zone z, int cpus) {
        int prot = z.lowmemReserveEntries(), orders = z.freeArea() == null ? 0 : z.freeArea().orders();
        long[] v = new long[FIXED.length + prot + orders + cpus];
        int i = 0;
        v[i++] = z.free();
        v[i++] = z.startPfn();
        v[i++] = z.spanned();
        v[i++] = z.present();
        v[i++] = z.managed();
        v[i++] = z.watermark(Zone.WMARK_MIN);
        v[i++] = z.watermark(Zone.WMARK_LOW);
        v[i++] = z.watermark(Zone.WMARK_HIGH);
        v[i++] = z.watermark(Zone.WMARK_PROMO);
        v[i++] = z.pcpHigh();
        v[i++] = z.pcpBatch();
        for (int p = 0; p < prot; p++) v[i++] = z.lowmemReserve(p);
        for (int o = 0; o < orders; o++) v[i++] = z.freeArea().nrFree(o);
        for (int c = 0; c < cpus; c++) v[i++] = z.pcp(c).count();
        return v;
    }

    /** Name of counter {@code i} of {@link #values} for a zone with {@code prot} protection entries and {@code orders} orders. */
    static String name(int i, int prot, int orders) {
        if (i < FIXED.length) return FIXED[i];
        i -= FIXED.length;
        if (i < prot) return "protection[" + i + "]";
        i -= prot;
        if (i < orders) return "free_area[" + i + "].nr_free";
        return "pcp[" + (i - orders) + "].count";
    }

    /** The counters of {@code now} that differ from {@code then} (null: a zone that did not exist, all zeros). */
    static void diff(Zone then, Zone now, int cpus, List<ChangeSet.CounterChange> out) {
        long[] b = then == null ? null : values(then, cpus), a = values(now, cpus);
        int prot = now.lowmemReserveEntries(), orders = now.freeArea() == null ? 0 : now.freeArea().orders();
        boolean sameShape = b != null && b.length == a.length && then.lowmemReserveEntries() == prot;
        for (int i = 0; i < a.length; i++) {
            long before = sameShape ? b[i] : then == null ? 0 : valueByName(then, cpus, name(i, prot, orders));
            if (before != a[i]) out.add(new ChangeSet.CounterChange(now.nid(), now.name(), name(i, prot, orders), before, a[i]));
        }
    }

    /** Slow path for zones whose arrays changed length (boot: lowmem_reserve set up). */
    private static long valueByName(Zone z, int cpus, String name) {
        long[] v = values(z, cpus);
        int prot = z.lowmemReserveEntries(), orders = z.freeArea() == null ? 0 : z.freeArea().orders();
        for (int i = 0; i < v.length; i++) if (name(i, prot, orders).equals(name)) return v[i];
        return 0;
    }
}
