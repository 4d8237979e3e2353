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
    /** struct kmem_cache_cpu of the CPU that allocates: c->slab (head pfn, -1 for none) and c->freelist. */
    long cpuSlab = -1, cpuFreelist;
    /** s->random (SLAB_FREELIST_HARDENED), s->random_seq (SLAB_FREELIST_RANDOM; null when off). */
    long random;
    int[] randomSeq;

    KmemCache(String name, int objectSize, int order, int objects, long address) {
        this.name = name;
        this.objectSize = objectSize;
        this.size = objectSize;                     // no debug metadata, 8-byte aligned sizes
        this.order = order;
        this.objects = objects;
        this.offset = (objectSize / 2) & ~7;        // ALIGN_DOWN(object_size / 2, sizeof(void *))
        this.address = address;
    }

    KmemCache copy() {
        KmemCache c = new KmemCache(name, objectSize, order, objects, address);
        c.partial.addAll(partial);
        c.cpuSlab = cpuSlab;
        c.cpuFreelist = cpuFreelist;
        c.random = random;
        c.randomSeq = randomSeq;
        return c;
    }

    public String name() { return name; }
    public int objectSize() { return objectSize; }
    public int order() { return order; }
    public int objects() { return objects; }
    public long address() { return address; }
    /** The per-CPU (frozen) slab's head pfn, -1 for none. */
    public long cpuSlab() { return cpuSlab; }
    /** c->freelist: the next object the per-CPU fast path hands out, 0 for none. */
    public long cpuFreelist() { return cpuFreelist; }
}
