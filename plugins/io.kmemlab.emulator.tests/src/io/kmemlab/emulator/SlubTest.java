package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.slab.Slub;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.trace.Trace;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SLUB's per-CPU slab, free-pointer hardening, random free lists and the typed kmalloc caches (mm/slub.c, v6.12). */
class SlubTest {
    static final Trace N = Trace.NONE;

    /**
     * ___slab_alloc() freezes the slab it allocates from: slab->freelist = NULL, inuse = objects,
     * frozen = 1, the free objects on c->freelist. A kfree() of one of its objects goes onto
     * c->freelist (do_slab_free), not slab->freelist, and the next kmalloc returns it (LIFO).
     */
    @Test void theCpuSlabIsFrozen() {
        Machine m = Machine.boot(Machines.pc24g());
        long a = m.kmalloc(200, Gfp.GFP_KERNEL, N);                 // kmalloc-256
        long slab = m.virtToSlab(a, N);
        long objects = m.slabField(slab, "objects");
        assertEquals(objects, m.slabField(slab, "inuse"));
        assertEquals(0L, m.slabField(slab, "freelist"));
        assertEquals(1L, m.slabField(slab, "frozen"));
        long b = m.kmalloc(200, Gfp.GFP_KERNEL, N);
        m.kfree(a, N);
        assertEquals(0L, m.slabField(slab, "freelist"));          // still NULL: a went to c->freelist
        assertEquals(objects, m.slabField(slab, "inuse"));
        assertEquals(a, m.kmalloc(200, Gfp.GFP_KERNEL, N));        // c->freelist is LIFO
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        assertNotEquals(a, b);
    }

    /**
     * When c->freelist runs dry, get_freelist() finds nothing freed to the slab: the full slab is
     * unfrozen (frozen 0, inuse == objects, freelist NULL) and a new slab is frozen. A kfree() to
     * the full slab then goes through __slab_free(): slab->freelist = the object, inuse - 1, and
     * the slab joins the node's partial list.
     */
    @Test void aFullSlabIsUnfrozenAndItsFreesGoToSlabFreelist() {
        Machine m = Machine.boot(Machines.pc24g());
        KmemCache c = m.kernelState().slub().cacheFor(2048);
        int objects = c.objects();
        long first = m.kmalloc(2048, Gfp.GFP_KERNEL, N);
        long slab = m.virtToSlab(first, N);
        for (int i = 1; i < objects; i++) m.kmalloc(2048, Gfp.GFP_KERNEL, N);
        assertEquals(slab, c.cpuSlab() == -1 ? -2 : m.pfnToPage(c.cpuSlab(), N));  // still the CPU's, now with c->freelist NULL
        assertEquals(0, c.cpuFreelist());
        long next = m.kmalloc(2048, Gfp.GFP_KERNEL, N);             // ___slab_alloc: unfreeze, new slab
        assertNotEquals(slab, m.virtToSlab(next, N));
        assertEquals(0L, m.slabField(slab, "frozen"));
        assertEquals((long) objects, m.slabField(slab, "inuse"));
        assertEquals(0L, m.slabField(slab, "freelist"));
        m.kfree(first, N);                                          // __slab_free on a slab that is not the CPU's
        assertEquals(first, m.slabField(slab, "freelist"));
        assertEquals((long) objects - 1, m.slabField(slab, "inuse"));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /**
     * SLAB_FREELIST_HARDENED: the free pointer stored at object + s->offset is
     * ptr ^ s->random ^ swab(object + s->offset) (freelist_ptr_encode), so the raw word is not the
     * next object's address; decoding it with the same formula gives it back.
     */
    @Test void hardenedFreePointersAreEncoded() {
        Machine plain = Machine.boot(Machines.pc24g());
        Machine hard = Machine.boot(Machines.pc24g().config(ConfigOption.SLAB_FREELIST_HARDENED, true));
        for (Machine m : new Machine[]{plain, hard}) {
            long a = m.kmalloc(100, Gfp.GFP_KERNEL, N);
            KmemCache c = m.kernelState().slub().cacheFor(100);
            long free = c.cpuFreelist();                            // the next free object
            long next = m.kmalloc(100, Gfp.GFP_KERNEL, N);
            assertEquals(free, next);
            long following = c.cpuFreelist();
            long at = free + 64;                                    // s->offset = ALIGN_DOWN(128 / 2, 8)
            long raw = m.read(m.kernel(), at, 8, N);
            if (m == plain) {
                assertEquals(following, raw);
            } else {
                assertNotEquals(following, raw);
                long random = raw ^ following ^ Long.reverseBytes(at);
                // the same s->random encodes every pointer of the cache
                long at2 = following + 64;
                assertEquals(m.kernelState().slub().cacheFor(100).cpuFreelist(), following);
                long raw2 = m.read(m.kernel(), at2, 8, N);
                long decoded = raw2 ^ random ^ Long.reverseBytes(at2);
                m.kmalloc(100, Gfp.GFP_KERNEL, N);
                assertEquals(c.cpuFreelist(), decoded);
            }
            assertNotEquals(0, a);
        }
    }

    /** SLAB_FREELIST_RANDOM: a new slab's free list is a permutation of its objects, not address order. */
    @Test void randomFreeListsAreAPermutation() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.SLAB_FREELIST_RANDOM, true));
        KmemCache c = m.kernelState().slub().cacheFor(512);
        long first = m.kmalloc(512, Gfp.GFP_KERNEL, N);
        long base = m.pageToVirt(m.virtToSlab(first, N), N);
        Set<Long> seen = new HashSet<>();
        boolean inOrder = true;
        long prev = first;
        seen.add((first - base) / 512);
        for (int i = 1; i < c.objects(); i++) {
            long o = m.kmalloc(512, Gfp.GFP_KERNEL, N);
            assertEquals(0, (o - base) % 512);
            assertTrue(seen.add((o - base) / 512), "each object once");
            if (o != prev + 512) inOrder = false;
            prev = o;
        }
        assertEquals(c.objects(), seen.size());
        assertFalse(inOrder);
        Machine plain = Machine.boot(Machines.pc24g());
        long p0 = plain.kmalloc(512, Gfp.GFP_KERNEL, N);
        assertEquals(p0 + 512, plain.kmalloc(512, Gfp.GFP_KERNEL, N));
    }

    /**
     * kmalloc_type() (include/linux/slab.h, 5.14+ with MEMCG_KMEM): __GFP_ACCOUNT -> KMALLOC_CGROUP
     * (kmalloc-cg-N), __GFP_RECLAIMABLE -> KMALLOC_RECLAIM (kmalloc-rcl-N); 2.6.32 has neither.
     */
    @Test void accountedAllocationsUseTheCgroupCaches() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.MEMCG_KMEM, true));
        Slub s = m.kernelState().slub();
        assertEquals("kmalloc-cg-64", s.cacheFor(64, Gfp.GFP_KERNEL_ACCOUNT, 0).name());
        assertEquals("kmalloc-rcl-1k", s.cacheFor(1000, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE, 0).name());
        assertEquals("kmalloc-64", s.cacheFor(64, Gfp.GFP_KERNEL, 0).name());
        long a = m.kmalloc(64, Gfp.GFP_KERNEL_ACCOUNT, N);
        assertEquals("kmalloc-cg-64", m.inspect().page(m.pageToPfn(m.virtToSlab(a, N), N)).slabCache());
        Machine off = Machine.boot(Machines.pc24g());
        assertEquals("kmalloc-64", off.kernelState().slub().cacheFor(64, Gfp.GFP_KERNEL_ACCOUNT, 0).name());
        Machine old = Machine.boot(Machines.pc24g().kernel("2.6").config(ConfigOption.MEMCG_KMEM, true));
        assertEquals("kmalloc-64", old.kernelState().slub().cacheFor(64, Gfp.GFP_KERNEL_ACCOUNT, 0).name());
    }

    /**
     * RANDOM_KMALLOC_CACHES (6.6+): kmalloc_type() = KMALLOC_RANDOM_START + hash_64(caller ^
     * kmalloc_random_seed, ilog2(RANDOM_KMALLOC_CACHES_NR + 1)), hash_64(v, 4) = (v *
     * GOLDEN_RATIO_64) >> 60; row 0 is kmalloc-N, rows 1..15 kmalloc-rnd-01-N .. -15-N. Not in 6.1.
     */
    @Test void randomKmallocCachesHashTheCaller() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.RANDOM_KMALLOC_CACHES, true));
        Slub s = m.kernelState().slub();
        for (long caller : new long[]{0xffffffff81234567L, 0xffffffffc0a01234L, 0}) {
            int row = (int) (((caller ^ Slub.KMALLOC_RANDOM_SEED) * 0x61C8864680B583EBL) >>> 60);
            String want = row == 0 ? "kmalloc-32" : String.format("kmalloc-rnd-%02d-32", row);
            assertEquals(want, s.cacheFor(32, Gfp.GFP_KERNEL, caller).name());
        }
        Machine lts = Machine.boot(Machines.pc24g().kernel("6.1").config(ConfigOption.RANDOM_KMALLOC_CACHES, true));
        assertEquals("kmalloc-32", lts.kernelState().slub().cacheFor(32, Gfp.GFP_KERNEL, 0xffffffff81234567L).name());
    }

    /**
     * random_kmalloc_seed (get_random_u64() in create_kmalloc_caches(), mm/slab_common.c v6.12) is the
     * machine's kaslr seed here: the cache a caller hashes to is hash_64(caller ^ seed, 4) =
     * ((caller ^ seed) * GOLDEN_RATIO_64) >> 60 (include/linux/hash.h), and kmalloc() puts the object there.
     */
    @Test void theRandomKmallocSeedIsTheKaslrSeed() {
        long seed = 0x5eed0001L;
        Machine m = Machine.boot(Machines.pc24g().kaslrSeed(seed).config(ConfigOption.RANDOM_KMALLOC_CACHES, true));
        Slub s = m.kernelState().slub();
        assertEquals(seed, s.randomKmallocSeed());
        boolean seedMatters = false;
        for (long caller = 0xffffffff81000000L; caller < 0xffffffff81000000L + 16 * 0x40; caller += 0x40) {
            int row = (int) (((caller ^ seed) * 0x61C8864680B583EBL) >>> 60);
            String want = row == 0 ? "kmalloc-64" : String.format("kmalloc-rnd-%02d-64", row);
            long obj = m.kmalloc(64, Gfp.GFP_KERNEL, caller, N);
            assertEquals(want, m.inspect().page(m.pageToPfn(m.virtToSlab(obj, N), N)).slabCache(), Long.toHexString(caller));
            seedMatters |= row != (int) ((caller * 0x61C8864680B583EBL) >>> 60);
        }
        assertTrue(seedMatters);
    }

    /** A write to a freed object overwrites its free pointer: the next kmalloc reports it and goes on (no exception). */
    @Test void aCorruptedFreeListIsReported() {
        Machine m = Machine.boot(Machines.pc24g());
        long a = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        m.kfree(a, N);
        m.write(m.kernel(), a + 32, 8, 0x4141414141414141L, N);     // use after free over the free pointer (s->offset 32)
        assertEquals(a, m.kmalloc(64, Gfp.GFP_KERNEL, N));         // a itself is still the head of c->freelist
        io.kmemlab.emulator.trace.Recorder r = new io.kmemlab.emulator.trace.Recorder();
        long b = m.kmalloc(64, Gfp.GFP_KERNEL, r);
        assertNotEquals(0, b);
        assertTrue(r.diagnostics().get(0).headline().startsWith("kmemlab note: kmalloc-64: the free list"), r.diagnostics().toString());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }
}
