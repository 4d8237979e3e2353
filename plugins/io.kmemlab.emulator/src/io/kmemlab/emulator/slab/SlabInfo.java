package io.kmemlab.emulator.slab;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/slabinfo and the per-cache files of /sys/kernel/slab/CACHE/ that show SLUB's per-CPU
 * state (cpu_partial, slabs_cpu_partial, partial, cpu_slabs), as mm/slub.c v6.12 and
 * mm/slab_common.c v6.12 print them.
 */
public final class SlabInfo {
    private SlabInfo() { }

    /**
     * /proc/slabinfo (slabinfo_show_stats / cache_show, mm/slab_common.c v6.12): version 2.1, one
     * line per cache with slabs (the kernel also lists the empty ones). get_slabinfo() (mm/slub.c):
     * active_objs = objects of all slabs - the free objects of the node partial lists
     * (count_partial(n, count_free)), so free objects on CPU slabs and CPU partial lists count as
     * active; SLUB has no tunables (0 0 0) and active_slabs = num_slabs.
     */
    public static String proc(Slub slub) {
        StringBuilder sb = new StringBuilder("slabinfo - version: 2.1\n");
        sb.append("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount>"
                + " <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
        for (KmemCache c : slub.caches()) {
            Slub.Counts n = slub.counts(c);
            if (n.slabs() == 0) continue;
            sb.append(String.format("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d%n",
                    c.name, n.objects() - n.nodePartialFree(), n.objects(), c.size, c.objects, 1 << c.order, 0, 0, 0,
                    n.slabs(), n.slabs(), 0));
        }
        return sb.toString();
    }

    /**
     * One cache as /sys/kernel/slab/CACHE/ shows it (mm/slub.c v6.12): object_size, objs_per_slab,
     * order, min_partial, cpu_partial, slabs_cpu_partial ("objects(slabs)" then " C<cpu>=objects(slabs)"
     * per CPU with a partial list, objects approximated as slabs * objs_per_slab / 2), partial (the node's
     * partial slabs), and each CPU's c->slab, c->freelist and partial list (head first).
     */
    public static String cache(Slub slub, KmemCache c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s: object_size %d, objs_per_slab %d, order %d, min_partial %d%n", c.name, c.objectSize, c.objects, c.order,
                Slub.minPartial(c)));
        Slub.Counts n = slub.counts(c);
        sb.append(String.format("slabs %d, objects %d (%d free on the node's partial list)%n", n.slabs(), n.objects(), n.nodePartialFree()));
        if (slub.cpuPartial()) {
            sb.append(String.format("cpu_partial %d (cpu_partial_slabs %d)%n", c.cpuPartial, c.cpuPartialSlabs));
            int slabs = 0;
            for (KmemCacheCpu cc : c.cpu) slabs += cc.partial.size();
            StringBuilder line = new StringBuilder(String.format("slabs_cpu_partial %d(%d)", slabs * c.objects / 2, slabs));
            for (int i = 0; i < c.cpu.length; i++) {
                int s = c.cpu[i].partial.size();
                if (s > 0) line.append(String.format(" C%d=%d(%d)", i, s * c.objects / 2, s));
            }
            sb.append(line).append('\n');
        } else {
            sb.append("cpu_partial 0 (no per-CPU partial lists)\n");
        }
        sb.append(String.format("partial %d%s%n", c.partial.size(), pfns(new ArrayList<>(c.partial))));
        for (int i = 0; i < c.cpu.length; i++) {
            KmemCacheCpu cc = c.cpu[i];
            sb.append(String.format("CPU %d: slab %s, freelist 0x%x, partial %d%s%n", i, cc.slab < 0 ? "none" : String.format("pfn 0x%x", cc.slab),
                    cc.freelist, cc.partial.size(), pfns(new ArrayList<>(cc.partial))));
        }
        return sb.toString();
    }

    private static String pfns(List<Long> pfns) {
        if (pfns.isEmpty()) return "";
        StringBuilder sb = new StringBuilder(" (pfn");
        for (long p : pfns) sb.append(String.format(" 0x%x", p));
        return sb.append(')').toString();
    }
}
