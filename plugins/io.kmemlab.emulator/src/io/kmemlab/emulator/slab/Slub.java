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
 * marked PageSlab with struct slab fields (slab_cache, freelist, inuse, objects, frozen) in the
 * descriptor, free pointers written into the objects (at s->offset, the middle of the object).
 * Larger requests go to the page allocator (kmalloc_large: __GFP_COMP, order get_order(size)).
 *
 * <p>The allocating CPU's slab is frozen (mm/slub.c v6.12 ___slab_alloc, get_freelist,
 * freeze_slab; 2.6.32 load_freelist with PG_slub_frozen = PG_active): its objects belong to
 * c->freelist, so the struct slab says freelist NULL and inuse == objects; a kfree() of one of
 * its objects goes back on c->freelist (do_slab_free fast path). When c->freelist runs dry,
 * get_freelist() takes what was freed to the slab itself, or unfreezes the full slab, and the
 * next slab comes from the CPU's partial list, the node's partial list or a new slab. Frees to
 * other slabs go to slab->freelist (__slab_free): a full slab goes on the freeing CPU's partial
 * list (put_cpu_partial, SLUB_CPU_PARTIAL 3.2+) or, without it, back on the node's partial list;
 * an empty one is discarded once the node keeps min_partial slabs.
 *
 * <p>Every CPU has its own struct kmem_cache_cpu (this_cpu_ptr(s->cpu_slab)); the CPU that runs
 * a call is {@link Host#processorId()}. SLUB_CPU_PARTIAL (mm/slub.c v6.12, v6.1): set_cpu_partial()
 * gives s->cpu_partial from s->size and slub_set_cpu_partial() s->cpu_partial_slabs =
 * DIV_ROUND_UP(cpu_partial * 2, objects per slab); a free that makes a full slab partial pushes it
 * on the CPU's list (put_cpu_partial(drain 1)), and when the list already holds
 * cpu_partial_slabs, the old list goes to the node first (__put_partials: add_partial to the tail,
 * or discard_slab for an empty slab once the node keeps min_partial). ___slab_alloc() takes the
 * CPU's partial list before the node's; get_partial_node() moves up to cpu_partial_slabs / 2 more
 * node slabs to the CPU's list. Since 6.8 ("slub: delay freezing of partial slabs") slabs on a
 * CPU's partial list are not frozen; 6.1 froze them (acquire_slab, __slab_free new.frozen = 1).
 *
 * <p>With SLAB_FREELIST_HARDENED (4.14+) the free pointers in the objects are
 * freelist_ptr_encode(): ptr ^ s->random ^ swab(address of the pointer); with
 * SLAB_FREELIST_RANDOM (4.8+) a new slab's free list follows shuffle_freelist(): s->random_seq
 * (a Fisher-Yates permutation of the object indexes) from a random position. s->random and the
 * random draws come from a generator seeded by the cache's name (the kernel draws them at boot).
 * With MEMCG_KMEM (5.14+) kmalloc_type() sends __GFP_ACCOUNT to kmalloc-cg-* and
 * __GFP_RECLAIMABLE to kmalloc-rcl-*; with RANDOM_KMALLOC_CACHES (6.6+) a plain kmalloc goes to
 * kmalloc-rnd-NN-* by hash_64(caller ^ kmalloc_random_seed, 4) (NN 01..15, 0 is kmalloc-*).
 */
public final class Slub implements Checkpointable<Slub.State> {
    /** What SLUB needs from the machine. */
    public interface Host {
        /** smp_processor_id(): the CPU that runs the call (0 .. cpus - 1). */
        default int processorId() { return 0; }

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

        /** CONFIG_DEBUG_VIRTUAL's report for __pa() of a non-linear address, or null when it is off. */
        default java.util.function.LongFunction<Diagnostic> debugVirtual() { return null; }
    }

    /**
     * The config options SLUB reads, each only where the profile has it.
     *
     * @param hardened       SLAB_FREELIST_HARDENED
     * @param freelistRandom SLAB_FREELIST_RANDOM
     * @param memcgKmem      MEMCG_KMEM: kmalloc-cg-* and kmalloc-rcl-* caches
     * @param randomCaches   RANDOM_KMALLOC_CACHES: kmalloc-rnd-NN-* caches
     * @param cpuPartial     SLUB_CPU_PARTIAL: per-CPU partial lists
     * @param randomSeed     random_kmalloc_seed (get_random_u64() in create_kmalloc_caches())
     */
    public record Options(boolean hardened, boolean freelistRandom, boolean memcgKmem, boolean randomCaches, boolean cpuPartial,
                          long randomSeed, int kmallocMinSize) {
        public static final Options NONE = new Options(false, false, false, false, false, 0);

        public Options(boolean hardened, boolean freelistRandom, boolean memcgKmem, boolean randomCaches) {
            this(hardened, freelistRandom, memcgKmem, randomCaches, false, 0);
        }

        /** KMALLOC_MIN_SIZE 8 (x86). */
        public Options(boolean hardened, boolean freelistRandom, boolean memcgKmem, boolean randomCaches, boolean cpuPartial, long randomSeed) {
            this(hardened, freelistRandom, memcgKmem, randomCaches, cpuPartial, randomSeed, 8);
        }

        /** The options a profile can have: hardened 4.14+, random 4.8+, cg 5.14+, rnd 6.6+, cpu partial 3.2+. */
        public Options forProfile(KernelProfile p) {
            return new Options(hardened && p.atLeast(4, 14), freelistRandom && p.atLeast(4, 8),
                    memcgKmem && p.atLeast(5, 14), randomCaches && p.atLeast(6, 6), cpuPartial && p.atLeast(3, 2), randomSeed,
                    kmallocMinSize);
        }
    }

    public static final int KMALLOC_MAX_CACHE_SIZE = 8192;
    /** RANDOM_KMALLOC_CACHES_NR (include/linux/slab.h): 15 copies beside the normal kmalloc caches. */
    public static final int RANDOM_KMALLOC_CACHES_NR = 15;
    /** GOLDEN_RATIO_64 (include/linux/hash.h). */
    static final long GOLDEN_RATIO_64 = 0x61C8864680B583EBL;
    /** random_kmalloc_seed when the machine gives none (the kernel draws it at boot). */
    public static final long KMALLOC_RANDOM_SEED = 0;
    /** ZERO_SIZE_PTR (include/linux/slab.h). */
    public static final long ZERO_SIZE_PTR = 16;
    static final int[] SIZES = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};

    /**
     * The kmalloc sizes create_kmalloc_caches() makes for KMALLOC_MIN_SIZE {@code min}
     * (mm/slab_common.c): kmalloc-96 only while min <= 32, kmalloc-192 while min <= 64, the powers
     * of two from KMALLOC_SHIFT_LOW; a smaller request goes to the first cache that holds it
     * (setup_kmalloc_cache_index_table sends 65..96 to kmalloc-128 when there is no kmalloc-96).
     */
    static int[] kmallocSizes(int min) {
        return java.util.Arrays.stream(SIZES)
                .filter(s -> s >= min && (s != 96 || min <= 32) && (s != 192 || min <= 64)).toArray();
    }
    private final Host host;
    private final PageStore store;
    private final PhysMem phys;
    private final PageTypes types;
    private final int cpus;
    private final Options opts;
    private final int frozenBit;                     // 2.6.32: PG_slub_frozen = PG_active; -1: the counters bit
    /** kfree() of a page that is neither slab nor compound: BUG_ON(!PageCompound(page)) in 2.6.32 (mm/slub.c), a WARN in 6.x. */
    private final boolean bugOnNonCompound;
    /** The kmalloc-* sizes of this arch (KMALLOC_MIN_SIZE). */
    private final int[] sizes;
    private final boolean frozenCpuPartial;          // before 6.8 slabs on a CPU's partial list are frozen
    private final int slubMaxOrder = 3;              // PAGE_ALLOC_COSTLY_ORDER
    private List<KmemCache> caches = new ArrayList<>();
    private Map<Long, BitSet> freeObjects = new HashMap<>();   // slab head pfn -> free object indexes
    private KmemCache kmemCacheCache;

    /**
     * kmem_cache_init(): the kmem_cache cache's own descriptor is {@code bootKmemCache} (a
     * static in the kernel image); the kmalloc caches' descriptors are its objects.
     */
    public Slub(Host host, PageStore store, PhysMem phys, KernelProfile profile, int cpus, long bootKmemCache) {
        this(host, store, phys, profile, cpus, bootKmemCache, Options.NONE);
    }

    public Slub(Host host, PageStore store, PhysMem phys, KernelProfile profile, int cpus, long bootKmemCache, Options options) {
        this.host = host;
        this.store = store;
        this.phys = phys;
        this.types = new PageTypes(profile);
        this.cpus = cpus;
        this.opts = options.forProfile(profile);
        this.sizes = kmallocSizes(opts.kmallocMinSize());
        this.frozenBit = profile.pageTypes() ? -1 : profile.bit("active");
        this.bugOnNonCompound = !profile.atLeast(3, 0);
        this.frozenCpuPartial = !profile.atLeast(6, 8);
        kmemCacheCache = newCache("kmem_cache", 256, bootKmemCache);
        caches.add(kmemCacheCache);
        // create_kmalloc_caches(): KMALLOC_NORMAL first, then the random copies, KMALLOC_RECLAIM, KMALLOC_CGROUP
        List<String> prefixes = new ArrayList<>(List.of("kmalloc-"));
        if (opts.randomCaches) for (int i = 1; i <= RANDOM_KMALLOC_CACHES_NR; i++) prefixes.add(String.format("kmalloc-rnd-%02d-", i));
        if (opts.memcgKmem) {
            prefixes.add("kmalloc-rcl-");
            prefixes.add("kmalloc-cg-");
        }
        for (String prefix : prefixes) {
            for (int s : sizes) {
                String n = prefix + (s >= 1024 ? (s / 1024) + "k" : Integer.toString(s));
                KmemCache c = newCache(n, s, 0);
                c.address = allocFrom(kmemCacheCache, Gfp.GFP_KERNEL, Trace.NONE);
                caches.add(c);
            }
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
        KmemCache c = new KmemCache(name, size, order, objects, addr, cpus);
        setCpuPartial(c);
        java.util.SplittableRandom r = new java.util.SplittableRandom(name.hashCode());
        if (opts.hardened) c.random = r.nextLong();                      // kmem_cache_open: s->random = get_random_long()
        if (opts.freelistRandom) {
            // init_cache_random_seq() -> freelist_randomize(): Fisher-Yates over oo_objects(s->oo)
            int[] seq = new int[objects];
            for (int i = 0; i < objects; i++) seq[i] = i;
            for (int i = objects - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);                                 // get_random_u32_below(i + 1)
                int x = seq[i];
                seq[i] = seq[j];
                seq[j] = x;
            }
            c.randomSeq = seq;
        }
        return c;
    }

    /**
     * set_cpu_partial() (mm/slub.c v6.12, same thresholds in v6.1): s->cpu_partial = 6 objects for
     * s->size >= PAGE_SIZE, 24 from 1024, 52 from 256, else 120; slub_set_cpu_partial():
     * s->cpu_partial_slabs = DIV_ROUND_UP(cpu_partial * 2, oo_objects(s->oo)) ("assume that the
     * slabs will be half-full"). 0 without SLUB_CPU_PARTIAL.
     */
    private void setCpuPartial(KmemCache c) {
        if (!opts.cpuPartial) return;
        int nrObjects = c.size >= 4096 ? 6 : c.size >= 1024 ? 24 : c.size >= 256 ? 52 : 120;
        c.cpuPartial = nrObjects;
        c.cpuPartialSlabs = (nrObjects * 2 + c.objects - 1) / c.objects;
    }

    /** freelist_ptr_encode() (mm/slub.c): ptr ^ s->random ^ swab(ptr_addr) with SLAB_FREELIST_HARDENED, else ptr. */
    long encode(KmemCache c, long ptr, long ptrAddr) {
        return opts.hardened ? ptr ^ c.random ^ Long.reverseBytes(ptrAddr) : ptr;
    }

    /** set_freepointer(s, object, fp): the encoded pointer at object + s->offset. */
    private void setFreePointer(KmemCache c, long object, long fp) {
        long at = object + c.offset;
        phys.write64(host.pa(at, Trace.NONE), encode(c, fp, at));
    }

    /** get_freepointer(s, object): freelist_ptr_decode() of the word at object + s->offset. */
    long getFreePointer(KmemCache c, long object) {
        long at = object + c.offset;
        return encode(c, phys.read64(host.pa(at, Trace.NONE)), at);    // the XOR is its own inverse
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
        for (int i = 0; i < sizes.length; i++) if (size <= sizes[i]) return caches.get(i + 1);
        return null;
    }

    /**
     * kmalloc_slab(size, flags, caller): kmalloc_type() picks the row of kmalloc_caches[][]
     * (include/linux/slab.h v6.12): plain requests KMALLOC_NORMAL or, with RANDOM_KMALLOC_CACHES,
     * KMALLOC_RANDOM_START + hash_64(caller ^ kmalloc_random_seed, ilog2(16)); then __GFP_DMA
     * (not modelled: the normal row), __GFP_RECLAIMABLE (kmalloc-rcl) and __GFP_ACCOUNT (kmalloc-cg).
     */
    public KmemCache cacheFor(long size, long gfp, long caller) {
        KmemCache normal = cacheFor(size);
        if (normal == null) return null;
        int i = caches.indexOf(normal) - 1;
        int row = 0;
        long notNormal = (opts.memcgKmem ? Gfp.__GFP_RECLAIMABLE | Gfp.__GFP_ACCOUNT : 0);
        if ((gfp & notNormal) == 0) {
            if (opts.randomCaches) row = hash64(caller ^ opts.randomSeed, 4);
        } else {
            int first = 1 + (opts.randomCaches ? RANDOM_KMALLOC_CACHES_NR : 0);
            row = (gfp & Gfp.__GFP_RECLAIMABLE) != 0 ? first : first + 1;
        }
        return caches.get(1 + row * sizes.length + i);
    }

    /** hash_64(val, bits) (include/linux/hash.h, 64-bit: hash_64_generic): val * GOLDEN_RATIO_64 >> (64 - bits). */
    static int hash64(long val, int bits) { return (int) ((val * GOLDEN_RATIO_64) >>> (64 - bits)); }

    /** random_kmalloc_seed. */
    public long randomKmallocSeed() { return opts.randomSeed; }

    /** SLUB_CPU_PARTIAL in effect. */
    public boolean cpuPartial() { return opts.cpuPartial; }

    public List<KmemCache> caches() { return List.copyOf(caches); }

    /** The cache named {@code name}, or null. */
    public KmemCache cacheNamed(String name) {
        for (KmemCache c : caches) if (c.name.equals(name)) return c;
        return null;
    }

    /**
     * A cache's slabs and objects (node_nr_slabs, node_nr_objs) and the free objects of its node
     * partial list (count_partial(n, count_free): objects - inuse of each slab there).
     */
    public record Counts(long slabs, long objects, long nodePartialFree) { }

    public Counts counts(KmemCache c) {
        long slabs = 0;
        for (long pfn : freeObjects.keySet()) if (store.word(pfn, 0) == c.address) slabs++;
        long free = 0;
        for (long pfn : c.partial) free += c.objects - inuse(pfn);
        return new Counts(slabs, slabs * c.objects, free);
    }

    public KmemCache cacheAt(long address) {
        for (KmemCache c : caches) if (c.address == address) return c;
        return null;
    }

    // ------------------------------------------------------------------ kmalloc / kfree
    public long kmalloc(long size, long gfp, Trace t) { return kmalloc(size, gfp, 0, t); }

    /** kmalloc() called from {@code caller} (_RET_IP_, which picks a random kmalloc cache). */
    public long kmalloc(long size, long gfp, long caller, Trace t) {
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
        KmemCache c = cacheFor(size, gfp, caller);
        if (t.enabled() && opts.randomCaches && c.name.startsWith("kmalloc-") && !c.name.startsWith("kmalloc-rcl-") && !c.name.startsWith("kmalloc-cg-")) {
            t.formula(String.format("kmalloc_type: hash_64(_RET_IP_ 0x%x ^ random_kmalloc_seed 0x%x, 4) = %d", caller, opts.randomSeed,
                    hash64(caller ^ opts.randomSeed, 4)));
        }
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

    /** this_cpu_ptr(s->cpu_slab): the struct kmem_cache_cpu of the CPU running the call. */
    private KmemCacheCpu thisCpu(KmemCache c) {
        int cpu = host.processorId();
        return c.cpu[cpu >= 0 && cpu < c.cpu.length ? cpu : 0];
    }

    /**
     * slab_alloc_node(): the first object of c->freelist of this CPU; when it is empty,
     * ___slab_alloc() (mm/slub.c v6.12): get_freelist() of the frozen slab, else unfreeze it and
     * take the next one (the CPU's partial list, the node's partial list, or new_slab()).
     */
    long allocFrom(KmemCache c, long gfp, Trace t) {
        KmemCacheCpu cc = thisCpu(c);
        if (cc.freelist == 0) refill(c, cc, gfp, t);
        if (cc.freelist == 0) return 0;
        long slab = cc.slab;
        long obj = checkedFree(c, slab, cc.freelist, t);
        if (obj == 0) {
            cc.freelist = 0;
            return allocFrom(c, gfp, t);
        }
        long base = host.va(slab << 12);
        int idx = (int) ((obj - base) / c.size);
        freeObjects.get(slab).clear(idx);
        cc.freelist = getFreePointer(c, obj);                             // c->freelist = get_freepointer(s, object)
        if (t.enabled()) t.note(String.format("object %d of CPU %d's slab pfn 0x%x: 0x%x (c->freelist now 0x%x)",
                idx, host.processorId(), slab, obj, cc.freelist));
        return obj;
    }

    /**
     * {@code obj} when it is a free object of {@code slab}; otherwise the free list was overwritten
     * (a write to a freed object): the kernel would hand out whatever the pointer says or crash,
     * kmemlab says so and continues with the slab's lowest free object (0 for none).
     */
    private long checkedFree(KmemCache c, long slab, long obj, Trace t) {
        BitSet free = freeObjects.get(slab);
        long base = host.va(slab << 12);
        long off = obj - base;
        if (free != null && off >= 0 && off < (long) c.objects * c.size && off % c.size == 0 && free.get((int) (off / c.size))) return obj;
        int first = free == null ? -1 : free.nextSetBit(0);
        host.report(Diagnostic.note(String.format("%s: the free list of slab pfn 0x%x points at 0x%x, not a free object (a write to a freed"
                + " object?); the kernel would hand it out or crash; continuing with %s", c.name, slab, obj,
                first < 0 ? "a new slab" : String.format("0x%x", base + (long) first * c.size))), t);
        return first < 0 ? 0 : base + (long) first * c.size;
    }

    private void refill(KmemCache c, KmemCacheCpu cc, long gfp, Trace t) {
        if (cc.slab >= 0) {
            long slab = cc.slab;
            if (getFreelist(c, cc, slab)) {
                if (t.enabled()) t.note(String.format("get_freelist: the frozen slab pfn 0x%x had objects freed to it", slab));
                return;
            }
            cc.slab = -1;                                                 // full: unfrozen, on no list (DEACTIVATE_BYPASS)
            if (t.enabled()) t.note(String.format("the per-CPU slab pfn 0x%x is full: unfrozen", slab));
        }
        // new_slab: the CPU's partial list first (slub_percpu_partial(c))
        Long slab = cc.partial.pollFirst();
        if (slab != null) {
            getFreelist(c, cc, slab);                                     // VM_BUG_ON(!freelist): a partial slab has free objects
            if (t.enabled()) t.note(String.format("%s: slab pfn 0x%x from CPU %d's partial list (%d left there)", c.name, slab,
                    host.processorId(), cc.partial.size()));
            return;
        }
        slab = getPartialNode(c, cc, t);                                  // get_partial(): the node's partial list
        if (slab == null) {
            long pfn = host.allocPages((gfp & ~Gfp.__GFP_ZERO) | (c.order > 0 ? Gfp.__GFP_COMP : 0), c.order, FrameOwner.SLAB, t);
            if (pfn < 0) return;
            newSlab(c, pfn);
            slab = pfn;
            if (t.enabled()) t.note(String.format("new slab for %s at pfn 0x%x (order %d)", c.name, pfn, c.order));
        }
        // freeze_slab / new slab: c->freelist = slab->freelist, slab->freelist = NULL, inuse = objects, frozen = 1
        cc.slab = slab;
        cc.freelist = store.word(slab, 3);
        store.setWord(slab, 3, 0);
        setCounters(slab, c, c.objects, true);
    }

    /**
     * get_freelist(s, slab) with c->slab = slab: slab->freelist moves to c->freelist, inuse =
     * objects, frozen = (freelist != NULL). False when the slab had nothing (it is full, unfrozen).
     */
    private boolean getFreelist(KmemCache c, KmemCacheCpu cc, long slab) {
        long freelist = store.word(slab, 3);
        store.setWord(slab, 3, 0);
        setCounters(slab, c, c.objects, freelist != 0);
        cc.slab = slab;
        cc.freelist = freelist;
        return freelist != 0;
    }

    /**
     * get_partial_node() (mm/slub.c v6.12): the first slab of the node's partial list is for the
     * CPU; while s->cpu_partial_slabs is not 0, more slabs go to the CPU's partial list
     * (put_cpu_partial(drain 0)) until more than cpu_partial_slabs / 2 have moved. v6.1 does the
     * same with acquire_slab(), which freezes them.
     */
    private Long getPartialNode(KmemCache c, KmemCacheCpu cc, Trace t) {
        Long first = c.partial.pollFirst();
        if (first == null || c.cpuPartialSlabs == 0) return first;
        int moved = 0;
        while (!c.partial.isEmpty()) {
            long slab = c.partial.pollFirst();
            if (frozenCpuPartial) setCounters(slab, c, inuse(slab), true);
            putCpuPartial(c, cc, slab, false, t);
            if (++moved > c.cpuPartialSlabs / 2) break;
        }
        if (t.enabled() && moved > 0) t.note(String.format("get_partial_node: %d more slabs of %s to CPU %d's partial list (cpu_partial_slabs %d)",
                moved, c.name, host.processorId(), c.cpuPartialSlabs));
        return first;
    }

    /**
     * put_cpu_partial() (mm/slub.c v6.12): push the slab on this CPU's partial list; with drain,
     * a list that already holds s->cpu_partial_slabs goes to the node first (__put_partials) and
     * the slab starts a new list.
     */
    private void putCpuPartial(KmemCache c, KmemCacheCpu cc, long slab, boolean drain, Trace t) {
        List<Long> toPut = null;
        if (!cc.partial.isEmpty() && drain && cc.partial.size() >= c.cpuPartialSlabs) {
            toPut = new ArrayList<>(cc.partial);
            cc.partial.clear();
        }
        cc.partial.addFirst(slab);
        if (t.enabled()) t.note(String.format("put_cpu_partial: slab pfn 0x%x on CPU %d's partial list (%d of cpu_partial_slabs %d)",
                slab, host.processorId(), cc.partial.size(), c.cpuPartialSlabs));
        if (toPut != null) putPartials(c, toPut, t);
    }

    /**
     * __put_partials() (mm/slub.c v6.12; __unfreeze_partials() in v6.1, which also unfreezes): each
     * slab of a per-CPU partial list, head first, goes to the tail of the node's partial list, or
     * is discarded when it is empty and the node keeps s->min_partial slabs.
     */
    private void putPartials(KmemCache c, List<Long> slabs, Trace t) {
        List<Long> discard = new ArrayList<>();
        for (long slab : slabs) {
            int inuse = inuse(slab);
            setCounters(slab, c, inuse, false);
            if (inuse == 0 && c.partial.size() >= minPartial(c)) discard.add(0, slab);   // slab->next = slab_to_discard
            else c.partial.addLast(slab);                                 // add_partial(n, slab, DEACTIVATE_TO_TAIL)
        }
        if (t.enabled()) t.note(String.format("__put_partials: %d slabs of %s to the node's partial list, %d empty ones discarded",
                slabs.size() - discard.size(), c.name, discard.size()));
        for (long slab : discard) discardSlab(c, slab, t);
    }

    /** discard_slab(): the slab's pages back to the page allocator. */
    private void discardSlab(KmemCache c, long slab, Trace t) {
        freeObjects.remove(slab);
        types.clear(store, slab, PageTypes.Type.SLAB);
        store.setWord(slab, 0, 0);
        store.setWord(slab, 3, 0);
        store.setWord(slab, 4, 0);
        if (frozenBit >= 0) store.setFlagBit(slab, frozenBit, false);
        host.freePages(slab, c.order, t);
    }

    /** slab->inuse. */
    private int inuse(long slab) { return (int) (store.word(slab, 4) & 0xffff); }

    /** slab->frozen (2.6.32: PageSlubFrozen). */
    private boolean frozen(long slab) {
        return frozenBit < 0 ? ((store.word(slab, 4) >>> 31) & 1) != 0 : ((store.flags(slab) >>> frozenBit) & 1) != 0;
    }

    /** slab->counters = inuse, objects, frozen (2.6.32: inuse and objects, PG_slub_frozen). */
    private void setCounters(long slab, KmemCache c, int inuse, boolean frozen) {
        store.setWord(slab, 4, counters(inuse, c.objects) | (frozen && frozenBit < 0 ? 1L << 31 : 0));
        if (frozenBit >= 0) store.setFlagBit(slab, frozenBit, frozen);
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
        // the free list: object order, or shuffle_freelist() from a random position of s->random_seq
        int[] order = new int[c.objects];
        if (c.randomSeq != null) {
            int pos = new java.util.SplittableRandom(c.name.hashCode() ^ pfn).nextInt(c.objects);   // get_random_u32_below(count)
            for (int i = 0; i < c.objects; i++) order[i] = c.randomSeq[(pos + i) % c.objects];
        } else {
            for (int i = 0; i < c.objects; i++) order[i] = i;
        }
        for (int i = 0; i < c.objects; i++) {                             // free pointer chain in the objects
            long obj = base + (long) order[i] * c.size;
            setFreePointer(c, obj, i + 1 < c.objects ? base + (long) order[i + 1] * c.size : 0);
        }
        s.setWord(pfn, 3, base + (long) order[0] * c.size);
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
            // virt_to_folio(): __pa() of a non-linear address is a BUG only with CONFIG_DEBUG_VIRTUAL
            host.report(host.debugVirtual() != null ? host.debugVirtual().apply(addr)
                    : Diagnostic.note(String.format("kfree() of non-linear address 0x%x: virt_to_page is meaningless here (vfree?); without"
                            + " CONFIG_DEBUG_VIRTUAL the kernel would free a wrong page; ignored", addr)), t);
            return;
        }
        long pfn = host.pa(addr, t) >>> 12;
        if (!host.pfnValid(pfn)) {
            host.report(Diagnostic.note(String.format("kfree(0x%x): no struct page for pfn 0x%x; ignored", addr, pfn)), t);
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
            if (bugOnNonCompound && !host.isHead(head) && !host.isTail(pfn)) {
                // v2.6.32 mm/slub.c kfree(): if (!PageSlab(page)) { BUG_ON(!PageCompound(page)); put_page(page); }
                host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/slub.c!", String.format(
                        "kernel BUG at mm/slub.c! kfree(0x%x): BUG_ON(!PageCompound(page)) for pfn 0x%x, neither slab nor compound", addr, pfn)), t);
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
            // "Invalid object pointer" is SLUB_DEBUG's free_consistency_checks (slub_debug=F); off, nothing is printed
            host.report(Diagnostic.note(String.format("kfree(0x%x): not the start of an object of %s; the kernel says so only with"
                    + " slub_debug consistency checks (\"BUG %s (Not tainted): Invalid object pointer\"); ignored", addr, c.name, c.name)), t);
            return;
        }
        BitSet free = freeObjects.get(slab);
        if (free.get(idx)) {
            // with SLAB_FREELIST_HARDENED, set_freepointer() has BUG_ON(object == fp): freeing the
            // object at the head of the free list again; anything else needs slub_debug
            boolean head = addr == freelistHead(c, slab);
            host.report(opts.hardened && head
                    ? new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/slub.c!", String.format(
                            "kernel BUG at mm/slub.c! set_freepointer: BUG_ON(object == fp) - double kfree(0x%x) in %s", addr, c.name))
                    : Diagnostic.note(String.format("double kfree(0x%x) in %s: the kernel says so only with slub_debug (\"Object already free\")"
                            + " or, for the free list's head, SLAB_FREELIST_HARDENED; ignored", addr, c.name)), t);
            return;
        }
        free.set(idx);
        KmemCacheCpu cc = thisCpu(c);
        if (slab == cc.slab) {                                            // do_slab_free fast path: onto c->freelist
            setFreePointer(c, addr, cc.freelist);
            cc.freelist = addr;
            if (t.enabled()) t.note(String.format("object %d back on c->freelist (CPU %d's slab pfn 0x%x)", idx, host.processorId(), slab));
            return;
        }
        slabFree(c, cc, slab, addr, idx, t);
    }

    /**
     * __slab_free() (mm/slub.c v6.12): onto slab->freelist, inuse - 1. A frozen slab (another CPU's,
     * or before 6.8 one on a CPU's partial list) stays as it is; a full slab goes on this CPU's
     * partial list (SLUB_CPU_PARTIAL) or the node's; a partial slab that is on no node list (on a
     * CPU's partial list) stays there; an empty slab on the node's list is discarded once the node
     * keeps min_partial slabs.
     */
    private void slabFree(KmemCache c, KmemCacheCpu cc, long slab, long addr, int idx, Trace t) {
        long prior = store.word(slab, 3);
        boolean wasFrozen = frozen(slab);
        setFreePointer(c, addr, prior);
        store.setWord(slab, 3, addr);
        int inuse = inuse(slab) - 1;
        if (t.enabled()) t.note(String.format("object %d back on the freelist of slab pfn 0x%x (inuse %d)", idx, slab, inuse));
        if (!wasFrozen && prior == 0 && opts.cpuPartial) {
            setCounters(slab, c, inuse, frozenCpuPartial);                // v6.1: new.frozen = 1 before put_cpu_partial
            putCpuPartial(c, cc, slab, true, t);
            return;
        }
        setCounters(slab, c, inuse, wasFrozen);
        if (wasFrozen) return;                                            // FREE_FROZEN
        boolean onNode = c.partial.contains(slab);
        if (prior != 0 && !onNode) return;                                // on a CPU's partial list: stays there
        if (inuse == 0 && c.partial.size() >= minPartial(c)) {            // slab_empty: n->nr_partial >= s->min_partial
            c.partial.remove(slab);
            discardSlab(c, slab, t);
            if (t.enabled()) t.note("slab empty: discard_slab(), pages returned to the page allocator");
        } else if (prior == 0 && !onNode) {
            c.partial.addLast(slab);                                      // was full: add_partial(n, slab, DEACTIVATE_TO_TAIL)
        }
    }

    /** The head of the free list a free object of {@code slab} is on: the owning CPU's c->freelist, else slab->freelist. */
    private long freelistHead(KmemCache c, long slab) {
        for (KmemCacheCpu cc : c.cpu) if (cc.slab == slab) return cc.freelist;
        return store.word(slab, 3);
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
