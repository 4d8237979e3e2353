package io.kmemlab.emulator.slab;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.Checkpointable;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SLUB's kmalloc (mm/slub.c, mm/slab_common.c): size classes kmalloc-8 ... kmalloc-8k
 * (KMALLOC_SHIFT_HIGH = PAGE_SHIFT + 1), slab order from calculate_order(), slab pages
 * marked PageSlab with struct slab fields (slab_cache, freelist, inuse, objects) in the
 * descriptor, free pointers written into the objects (at s->offset, the middle of the
 * object; SLAB_FREELIST_HARDENED and FREELIST_RANDOM off). Larger requests go to the page
 * allocator (kmalloc_large: __GFP_COMP, order get_order(size)).
 */
public final class Slub implements Checkpointable<Slub.State> {
    /** What SLUB needs from the machine. */
    public interface Host {
        /** alloc_pages(gfp, order) on node 0 (slab pages, kmalloc_large): the first pfn, or -1. */
        long allocPages(long gfp, int order, FrameOwner owner, Trace t);

        /** __free_pages(pfn, order). */
        void freePages(long pfn, int order, Trace t);

        /** PageTail(). */
        boolean isTail(long pfn);

        /** PageHead(). */
        boolean isHead(long pfn);

        /** compound_order() of a head page. */
        int compoundOrder(long pfn);

        /** page_to_pfn(). */
        long pageToPfn(long page);

        /** A struct page describes {@code pfn}: below max_pfn and pfn_valid(). */
        boolean pfnValid(long pfn);

        /** __va(pa). */
        long va(long pa);

        /** __pa(va), traced. */
        long pa(long va, Trace t);

        /** The address-range part of virt_addr_valid(). */
        boolean linearAddress(long va);

        void report(Diagnostic d, Trace t);
    }

    public static final int KMALLOC_MAX_CACHE_SIZE = 8192;
    /** ZERO_SIZE_PTR (include/linux/slab.h). */
    public static final long ZERO_SIZE_PTR = 16;
    static final int[] SIZES = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};
    private final Host host;
    private final PageStore store;
    private final PhysMem phys;
    private final PageTypes types;
    private final int cpus;
    private final int slubMaxOrder = 3;              // PAGE_ALLOC_COSTLY_ORDER
    private List<KmemCache> caches = new ArrayList<>();
    private Map<Long, BitSet> freeObjects = new HashMap<>();   // slab head pfn -> free object indexes
    private KmemCache kmemCacheCache;

    /**
     * kmem_cache_init(): the kmem_cache cache's own descriptor is {@code bootKmemCache} (a
     * static in the kernel image); the kmalloc caches' descriptors are its objects.
     */
    public Slub(Host host, PageStore store, PhysMem phys, KernelProfile profile, int cpus, long bootKmemCache) {
        this.host = host;
        this.store = store;
        this.phys = phys;
        this.types = new PageTypes(profile);
        this.cpus = cpus;
        kmemCacheCache = newCache("kmem_cache", 256, bootKmemCache);
        caches.add(kmemCacheCache);
        for (int s : SIZES) {
            String n = s >= 1024 ? "kmalloc-" + (s / 1024) + "k" : "kmalloc-" + s;
            KmemCache c = newCache(n, s, 0);
            c.address = allocFrom(kmemCacheCache, Gfp.GFP_KERNEL, Trace.NONE);
            caches.add(c);
        }
    }

    /** Copies of the caches (partial lists, addresses) and of the free-object sets of every slab. */
    public record State(List<KmemCache> caches, Map<Long, BitSet> freeObjects) {
        public State {
            List<KmemCache> cs = new ArrayList<>();
            for (KmemCache c : caches) cs.add(c.copy());
            caches = cs;
            Map<Long, BitSet> fo = new HashMap<>();
            for (var e : freeObjects.entrySet()) fo.put(e.getKey(), (BitSet) e.getValue().clone());
            freeObjects = fo;
        }
    }

    @Override public State save() { return new State(caches, freeObjects); }

    @Override public void load(State s) {
        State copy = new State(s.caches(), s.freeObjects());
        caches = new ArrayList<>(copy.caches());
        kmemCacheCache = caches.get(0);
        freeObjects = copy.freeObjects();
    }

    private KmemCache newCache(String name, int size, long addr) {
        int order = calculateOrder(size);
        int objects = (4096 << order) / size;
        return new KmemCache(name, size, order, objects, addr);
    }

    /**
     * calculate_order() (mm/slub.c, 6.x): min_objects = 4 * (fls(nr_cpu_ids) + 1), capped by
     * what an order-3 slab holds; min_order = get_order(min_objects * size); then the
     * smallest order whose waste is at most 1/16, 1/8, 1/4 of the slab.
     */
    int calculateOrder(int size) {
        int cpus = Math.max(1, this.cpus);
        int minObjects = 4 * ((32 - Integer.numberOfLeadingZeros(cpus)) + 1);
        int maxObjects = (4096 << slubMaxOrder) / size;
        minObjects = Math.min(minObjects, maxObjects);
        int minOrder = getOrder((long) minObjects * size);
        for (int fraction = 16; fraction > 1; fraction /= 2) {
            for (int order = minOrder; order <= slubMaxOrder; order++) {
                int slab = 4096 << order;
                if (slab % size <= slab / fraction) return order;
            }
        }
        return slubMaxOrder;
    }

    /** get_order(): smallest order with PAGE_SIZE << order >= size. */
    public static int getOrder(long size) {
        if (size <= 4096) return 0;
        return 64 - Long.numberOfLeadingZeros((size - 1) >>> 12);
    }

    /** kmalloc_slab(): the cache for a size (kmalloc_index). */
    public KmemCache cacheFor(long size) {
        for (int i = 0; i < SIZES.length; i++) if (size <= SIZES[i]) return caches.get(i + 1);
        return null;
    }

    public List<KmemCache> caches() { return List.copyOf(caches); }

    public KmemCache cacheAt(long address) {
        for (KmemCache c : caches) if (c.address == address) return c;
        return null;
    }

    // ------------------------------------------------------------------ kmalloc / kfree
    public long kmalloc(long size, long gfp, Trace t) {
        if (size == 0) {
            if (t.enabled()) t.formula("kmalloc(0) = ZERO_SIZE_PTR (0x10)");
            return ZERO_SIZE_PTR;
        }
        if (size > KMALLOC_MAX_CACHE_SIZE) {
            int order = getOrder(size);
            if (t.enabled()) t.formula(String.format("kmalloc(%d) > KMALLOC_MAX_CACHE_SIZE (%d): kmalloc_large, order get_order(%d) = %d",
                    size, KMALLOC_MAX_CACHE_SIZE, size, order));
            long pfn = host.allocPages(gfp | Gfp.__GFP_COMP, order, FrameOwner.KERNEL, t);
            return pfn < 0 ? 0 : host.va(pfn << 12);
        }
        KmemCache c = cacheFor(size);
        if (t.enabled()) t.formula(String.format("kmalloc(%d) -> kmalloc_slab: %s (object size %d, order %d, %d objects per slab)",
                size, c.name, c.size, c.order, c.objects));
        long obj = allocFrom(c, gfp, t);
        if (obj != 0 && (gfp & Gfp.__GFP_ZERO) != 0) zero(obj, c.objectSize);
        return obj;
    }

    private void zero(long va, int len) {
        long pa = host.pa(va, Trace.NONE);
        for (int i = 0; i < len; i += 8) phys.write64(pa + i, 0);
    }

    long allocFrom(KmemCache c, long gfp, Trace t) {
        Long slab = c.partial.peekFirst();
        if (slab == null) {
            long pfn = host.allocPages((gfp & ~Gfp.__GFP_ZERO) | (c.order > 0 ? Gfp.__GFP_COMP : 0), c.order, FrameOwner.SLAB, t);
            if (pfn < 0) return 0;
            newSlab(c, pfn);
            slab = pfn;
            c.partial.addFirst(pfn);
            if (t.enabled()) t.note(String.format("new slab for %s at pfn 0x%x (order %d)", c.name, pfn, c.order));
        }
        BitSet free = freeObjects.get(slab);
        int idx = free.nextSetBit(0);
        free.clear(idx);
        long base = host.va(slab << 12);
        long obj = base + (long) idx * c.size;
        int inuse = c.objects - free.cardinality();
        int next = free.nextSetBit(0);
        PageStore s = store;
        s.setWord(slab, 3, next < 0 ? 0 : base + (long) next * c.size);          // slab->freelist
        s.setWord(slab, 4, counters(inuse, c.objects));
        if (next < 0) c.partial.remove(slab);
        if (t.enabled()) t.note(String.format("object %d of slab pfn 0x%x: 0x%x (inuse %d/%d)", idx, slab, obj, inuse, c.objects));
        return obj;
    }

    /** inuse:16, objects:15, frozen:1 (struct slab counters). */
    static long counters(int inuse, int objects) { return (inuse & 0xffffL) | ((long) (objects & 0x7fff) << 16); }

    private void newSlab(KmemCache c, long pfn) {
        PageStore s = store;
        types.set(s, pfn, PageTypes.Type.SLAB);                         // __folio_set_slab
        s.setWord(pfn, 0, c.address);                                     // slab->slab_cache
        BitSet free = new BitSet(c.objects);
        free.set(0, c.objects);
        freeObjects.put(pfn, free);
        long base = host.va(pfn << 12);
        long pa = pfn << 12;
        for (int i = 0; i < c.objects; i++) {                             // free pointer chain in the objects
            long nextObj = i + 1 < c.objects ? base + (long) (i + 1) * c.size : 0;
            phys.write64(pa + (long) i * c.size + c.offset, nextObj);
        }
        s.setWord(pfn, 3, base);
        s.setWord(pfn, 4, counters(0, c.objects));
    }

    /** The slab head pfn holding this direct-map address, or -1. */
    public long slabOf(long pfn) {
        long head = host.isTail(pfn) ? host.pageToPfn(store.word(pfn, 0) - 1) : pfn;
        return types.has(store, head, PageTypes.Type.SLAB) ? head : -1;
    }

    public void kfree(long addr, Trace t) {
        if (addr == 0 || addr == ZERO_SIZE_PTR) return;                  // ZERO_OR_NULL_PTR
        if (!host.linearAddress(addr)) {
            host.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format("BUG: kfree() of non-linear address 0x%x (virt_to_page is meaningless here; vfree?)", addr)), t);
            return;
        }
        long pfn = host.pa(addr, t) >>> 12;
        if (!host.pfnValid(pfn)) {
            host.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format("BUG: kfree(0x%x): no struct page for pfn 0x%x", addr, pfn)), t);
            return;
        }
        long slab = slabOf(pfn);
        if (slab < 0) {
            long head = host.isTail(pfn) ? host.pageToPfn(store.word(pfn, 0) - 1) : pfn;
            if (host.isHead(head) && store.owner(head) == FrameOwner.KERNEL) {      // free_large_kmalloc()
                if (t.enabled()) t.note("not a slab page: free_large_kmalloc, order " + host.compoundOrder(head));
                host.freePages(head, host.compoundOrder(head), t);
                return;
            }
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format(
                    "WARNING: CPU: 0 PID: 1 at mm/slub.c free_large_kmalloc: kfree(0x%x) of a page that is neither slab nor kmalloc_large (pfn 0x%x)", addr, pfn)), t);
            return;
        }
        KmemCache c = cacheAt(store.word(slab, 0));
        long base = host.va(slab << 12);
        long off = addr - base;
        int idx = (int) (off / c.size);
        if (off % c.size != 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format("BUG %s (Not tainted): Invalid object pointer 0x%x (not the start of an object)", c.name, addr)), t);
            return;
        }
        BitSet free = freeObjects.get(slab);
        if (free.get(idx)) {
            host.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format("BUG %s (Not tainted): Object already free: 0x%x (double kfree)", c.name, addr)), t);
            return;
        }
        long oldFree = store.word(slab, 3);
        phys.write64(host.pa(addr, Trace.NONE) + c.offset, oldFree);  // set_freepointer(object, old freelist)
        free.set(idx);
        store.setWord(slab, 3, addr);
        int inuse = c.objects - free.cardinality();
        store.setWord(slab, 4, counters(inuse, c.objects));
        if (t.enabled()) t.note(String.format("object %d back on the freelist of slab pfn 0x%x (inuse %d)", idx, slab, inuse));
        int others = c.partial.size() - (c.partial.contains(slab) ? 1 : 0);
        if (inuse == 0 && others >= minPartial(c)) {                       // __slab_free: slab_empty -> discard_slab()
            c.partial.remove(slab);
            freeObjects.remove(slab);
            types.clear(store, slab, PageTypes.Type.SLAB);
            store.setWord(slab, 0, 0);
            store.setWord(slab, 3, 0);
            store.setWord(slab, 4, 0);
            host.freePages(slab, c.order, t);
            if (t.enabled()) t.note("slab empty: pages returned to the page allocator");
        } else if (!c.partial.contains(slab)) {
            c.partial.addFirst(slab);
        }
    }

    /** s->min_partial = clamp(ilog2(size) / 2, MIN_PARTIAL 5, MAX_PARTIAL 10) (set_min_partial). */
    static int minPartial(KmemCache c) {
        int v = (31 - Integer.numberOfLeadingZeros(c.size)) / 2;
        return Math.max(5, Math.min(10, v));
    }

    /** ksize()-style: the object size behind a slab address, or -1. */
    public int objectSizeAt(long addr) {
        long pfn = host.pa(addr, Trace.NONE) >>> 12;
        long slab = slabOf(pfn);
        return slab < 0 ? -1 : cacheAt(store.word(slab, 0)).objectSize;
    }

    public int freeObjectsIn(long slabPfn) {
        BitSet b = freeObjects.get(slabPfn);
        return b == null ? 0 : b.cardinality();
    }

    public Map<Long, BitSet> slabs() { return freeObjects; }
}
