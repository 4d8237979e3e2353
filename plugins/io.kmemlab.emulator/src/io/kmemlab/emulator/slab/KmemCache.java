package io.kmemlab.emulator.slab;

import java.util.ArrayDeque;

/**
 * struct kmem_cache (include/linux/slub_def.h) reduced to what the emulator shows: name,
 * object_size, size, slab order and objects per slab (oo), free-pointer offset, and the
 * address of the descriptor itself.
 */
public final class KmemCache {
    final String name;
    final int objectSize, size, order, objects, offset;
    long address;
    final ArrayDeque<Long> partial = new ArrayDeque<>();     // slab head pfns with free objects (n->partial)
    /** s->cpu_slab: one struct kmem_cache_cpu per possible CPU. */
    final KmemCacheCpu[] cpu;
    /**
     * s->cpu_partial (objects) and s->cpu_partial_slabs (the limit put_cpu_partial() drains at),
     * from set_cpu_partial(); 0 without SLUB_CPU_PARTIAL.
     */
    int cpuPartial, cpuPartialSlabs;
    /** s->random (SLAB_FREELIST_HARDENED), s->random_seq (SLAB_FREELIST_RANDOM; null when off). */
    long random;
    int[] randomSeq;

    KmemCache(String name, int objectSize, int order, int objects, long address, int cpus) {
        this.name = name;
        this.objectSize = objectSize;
        this.size = objectSize;                     // no debug metadata, 8-byte aligned sizes
        this.order = order;
        this.objects = objects;
        this.offset = (objectSize / 2) & ~7;        // ALIGN_DOWN(object_size / 2, sizeof(void *))
        this.address = address;
        this.cpu = new KmemCacheCpu[Math.max(1, cpus)];
        for (int i = 0; i < cpu.length; i++) cpu[i] = new KmemCacheCpu();
    }

    KmemCache copy() {
        KmemCache c = new KmemCache(name, objectSize, order, objects, address, cpu.length);
        c.partial.addAll(partial);
        for (int i = 0; i < cpu.length; i++) c.cpu[i] = cpu[i].copy();
        c.cpuPartial = cpuPartial;
        c.cpuPartialSlabs = cpuPartialSlabs;
        c.random = random;
        c.randomSeq = randomSeq;
        return c;
    }

    public String name() { return name; }
    public int objectSize() { return objectSize; }
    public int order() { return order; }
    public int objects() { return objects; }
    public long address() { return address; }
    /** CPU 0's (frozen) slab's head pfn, -1 for none. */
    public long cpuSlab() { return cpu[0].slab; }
    /** CPU 0's c->freelist: the next object its fast path hands out, 0 for none. */
    public long cpuFreelist() { return cpu[0].freelist; }
    /** per_cpu_ptr(s->cpu_slab, n). */
    public KmemCacheCpu cpu(int n) { return cpu[n]; }
    public int cpus() { return cpu.length; }
    /** s->size: the object size with metadata (no debug metadata here: object_size). */
    public int size() { return size; }
    /** The node's partial list (n->partial), head pfns in list order. */
    public java.util.List<Long> nodePartial() { return java.util.List.copyOf(partial); }
    /** s->cpu_partial (sysfs cpu_partial): objects the per-CPU partial lists should hold. */
    public int cpuPartial() { return cpuPartial; }
    /** s->cpu_partial_slabs: the number of slabs a per-CPU partial list holds before put_cpu_partial() drains it. */
    public int cpuPartialSlabs() { return cpuPartialSlabs; }
}
