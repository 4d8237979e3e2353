package io.kmemlab.emulator.slab;

import java.util.ArrayDeque;
import java.util.List;

/**
 * struct kmem_cache_cpu (mm/slub.c v6.12; include/linux/slub_def.h before 6.2): one per CPU,
 * this_cpu_ptr(s->cpu_slab). c->slab is the CPU's frozen slab, c->freelist the objects the fast
 * path hands out, c->partial the per-CPU partial list (SLUB_CPU_PARTIAL, 3.2+): slabs chained by
 * slab->next with the head's slab->slabs counting them.
 */
public final class KmemCacheCpu {
    /** c->slab: the head pfn of the CPU's slab, -1 for none. */
    long slab = -1;
    /** c->freelist: the next object of the fast path, 0 for none. */
    long freelist;
    /** c->partial, head first (the slab put_cpu_partial() pushed last). */
    final ArrayDeque<Long> partial = new ArrayDeque<>();

    KmemCacheCpu copy() {
        KmemCacheCpu c = new KmemCacheCpu();
        c.slab = slab;
        c.freelist = freelist;
        c.partial.addAll(partial);
        return c;
    }

    /** c->slab's head pfn, -1 for none. */
    public long slab() { return slab; }

    /** c->freelist, 0 for none. */
    public long freelist() { return freelist; }

    /** The head pfns of c->partial, head first. */
    public List<Long> partial() { return List.copyOf(partial); }
}
