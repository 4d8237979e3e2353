package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SLUB's per-CPU state (mm/slub.c v6.12 and v6.1): one struct kmem_cache_cpu per CPU, the per-CPU
 * partial lists of SLUB_CPU_PARTIAL (put_cpu_partial, __put_partials, get_partial_node), and
 * the page allocator's per-CPU lists per CPU (zone->per_cpu_pageset).
 */
class SlubCpuPartialTest {
    static final Trace N = Trace.NONE;

    /**
     * set_cpu_partial() (mm/slub.c v6.12): nr_objects = 6 for s->size >= PAGE_SIZE, 24 from 1024,
     * 52 from 256, else 120; slub_set_cpu_partial(): cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2,
     * oo_objects(s->oo)).
     */
    static int expectedCpuPartial(int size) {
        return size >= 4096 ? 6 : size >= 1024 ? 24 : size >= 256 ? 52 : 120;
    }

    /**
     * Objects per slab from calculate_order() (mm/slub.c v6.12) for nr_cpu_ids {@code cpus}:
     * min_objects = 4 * (fls(nr_cpu_ids) + 1), at most what an order-3 slab holds; the smallest
     * order from get_order(min_objects * size) whose waste is at most 1/16 (exact fits here).
     */
    static int objectsPerSlab(int size, int cpus) {
        int fls = 32 - Integer.numberOfLeadingZeros(cpus);
        int minObjects = Math.min(4 * (fls + 1), (4096 << 3) / size);
        long bytes = (long) minObjects * size;
        int order = bytes <= 4096 ? 0 : 64 - Long.numberOfLeadingZeros((bytes - 1) >>> 12);
        return (4096 << order) / size;
    }

    @Test void cpuPartialFollowsSetCpuPartial() {
        Machine m = Machine.boot(Machines.pc24g());                       // 2 CPUs
        for (int size : new int[]{64, 256, 1024, 4096}) {
            KmemCache c = m.kernelState().slub().cacheFor(size);
            int objects = objectsPerSlab(size, 2);
            assertEquals(objects, c.objects(), c.name());
            int nr = expectedCpuPartial(size);
            assertEquals(nr, c.cpuPartial(), c.name());
            assertEquals((nr * 2 + objects - 1) / objects, c.cpuPartialSlabs(), c.name());
        }
        // kmalloc-64: 120 objects, 64 per slab -> DIV_ROUND_UP(240, 64) = 4 slabs; kmalloc-4k: 6 objects, 8 per slab -> 2
        assertEquals(4, m.kernelState().slub().cacheFor(64).cpuPartialSlabs());
        assertEquals(2, m.kernelState().slub().cacheFor(4096).cpuPartialSlabs());
        // 2.6.32 has no per-CPU partial lists (they came in 3.2); SLUB_CPU_PARTIAL off: none either
        assertEquals(0, Machine.boot(Machines.pc24g().kernel("2.6")).kernelState().slub().cacheFor(64).cpuPartialSlabs());
        assertEquals(0, Machine.boot(Machines.pc24g().config(ConfigOption.SLUB_CPU_PARTIAL, false)).kernelState().slub()
                .cacheFor(64).cpuPartialSlabs());
    }

    /** Allocates n objects of {@code size} on the current CPU. */
    static List<Long> alloc(Machine m, int size, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(m.kmalloc(size, Gfp.GFP_KERNEL, N));
        return out;
    }

    long slabPfn(Machine m, long obj) { return m.pageToPfn(m.virtToSlab(obj, N), N); }

    /**
     * kmalloc-4k holds cpu_partial_slabs = 2. A free to a full slab pushes it on the freeing CPU's
     * partial list (__slab_free -> put_cpu_partial(drain 1)); the third such free finds the list at
     * the limit and moves the old list to the node's partial list, head first, to the tail
     * (__put_partials). ___slab_alloc() then takes the CPU's partial list before the node's, and
     * get_partial_node() moves node slabs to the CPU list until more than cpu_partial_slabs / 2 moved.
     */
    @Test void fullSlabsGoToTheCpuPartialListAndDrainToTheNode() {
        for (String kernel : new String[]{"6.12", "6.1"}) {
            Machine m = Machine.boot(Machines.pc24g().kernel(kernel));
            KmemCache c = m.kernelState().slub().cacheFor(4096);
            int per = c.objects();                                        // 8
            List<Long> objs = alloc(m, 4096, 4 * per + 1);               // slabs 0..3 full, slab 4 the CPU's
            long[] slab = new long[5];
            for (int i = 0; i < 5; i++) slab[i] = slabPfn(m, objs.get(i * per));
            assertEquals(slab[4], c.cpu(0).slab());
            m.kfree(objs.get(0), N);                                      // slab 0 was full
            assertEquals(List.of(slab[0]), c.cpu(0).partial());
            assertEquals(List.of(), c.nodePartial());
            // 6.8+ ("slub: delay freezing of partial slabs"): not frozen on the CPU list; 6.1 froze it
            long page0 = m.pfnToPage(slab[0], N);
            assertEquals(kernel.equals("6.1") ? 1L : 0L, m.slabField(page0, "frozen"), kernel);
            assertEquals((long) per - 1, m.slabField(page0, "inuse"), kernel);
            m.kfree(objs.get(per), N);                                    // slab 1
            assertEquals(List.of(slab[1], slab[0]), c.cpu(0).partial());
            m.kfree(objs.get(2 * per), N);                                // slab 2: the list holds 2 = cpu_partial_slabs
            assertEquals(List.of(slab[2]), c.cpu(0).partial());
            assertEquals(List.of(slab[1], slab[0]), c.nodePartial());
            assertEquals(0L, m.slabField(page0, "frozen"), kernel);       // __put_partials leaves them unfrozen
            // use up the CPU slab (1 of 8 taken), then the next kmalloc comes from the CPU's partial list
            alloc(m, 4096, per - 1);
            assertEquals(objs.get(2 * per), m.kmalloc(4096, Gfp.GFP_KERNEL, N), kernel);
            assertEquals(slab[2], c.cpu(0).slab());
            assertEquals(List.of(), c.cpu(0).partial());
            // slab 2 is full again: get_partial_node takes slab 1 for the CPU and slab 0 for its
            // partial list (1 moved, not more than 2 / 2: it goes on; the node list is then empty)
            assertEquals(objs.get(per), m.kmalloc(4096, Gfp.GFP_KERNEL, N), kernel);
            assertEquals(slab[1], c.cpu(0).slab());
            assertEquals(List.of(slab[0]), c.cpu(0).partial());
            assertEquals(List.of(), c.nodePartial());
            assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        }
    }

    /** Without SLUB_CPU_PARTIAL (and in 2.6.32) a full slab that gets a free goes back on the node's partial list. */
    @Test void withoutCpuPartialAFullSlabGoesToTheNode() {
        for (Machine m : new Machine[]{Machine.boot(Machines.pc24g().config(ConfigOption.SLUB_CPU_PARTIAL, false)),
                Machine.boot(Machines.pc24g().kernel("2.6"))}) {
            KmemCache c = m.kernelState().slub().cacheFor(4096);
            List<Long> objs = alloc(m, 4096, c.objects() + 1);
            m.kfree(objs.get(0), N);
            assertEquals(List.of(slabPfn(m, objs.get(0))), c.nodePartial());
            assertEquals(List.of(), c.cpu(0).partial());
        }
    }

    /**
     * this_cpu_ptr(s->cpu_slab): each CPU allocates from its own slab. A kfree() on CPU 1 of an
     * object of CPU 0's frozen slab is no fast-path free (the slab is not CPU 1's c->slab): it goes
     * to slab->freelist, inuse - 1, the slab stays frozen; CPU 0 gets it back through get_freelist()
     * once its c->freelist is used up.
     */
    @Test void eachCpuHasItsOwnSlab() {
        Machine m = Machine.boot(Machines.pc24g());
        KmemCache c = m.kernelState().slub().cacheFor(64);
        long a = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        m.setCpu(1);
        long b = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        long slabA = slabPfn(m, a), slabB = slabPfn(m, b);
        assertNotEquals(slabA, slabB);
        assertEquals(slabA, c.cpu(0).slab());
        assertEquals(slabB, c.cpu(1).slab());
        long pageA = m.pfnToPage(slabA, N);
        m.kfree(a, N);                                                    // on CPU 1
        assertEquals(a, m.slabField(pageA, "freelist"));
        assertEquals((long) c.objects() - 1, m.slabField(pageA, "inuse"));
        assertEquals(1L, m.slabField(pageA, "frozen"));
        assertNotEquals(a, c.cpu(0).freelist());
        m.setCpu(0);
        alloc(m, 64, c.objects() - 1);                                    // CPU 0's c->freelist runs dry
        assertEquals(0, c.cpu(0).freelist());
        assertEquals(a, m.kmalloc(64, Gfp.GFP_KERNEL, N));                 // get_freelist(): what CPU 1 freed
        assertEquals(slabA, c.cpu(0).slab());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /** put_cpu_partial() uses the freeing CPU's list: a free on CPU 1 to a full slab of CPU 0's puts it on CPU 1's. */
    @Test void theFreeingCpuGetsThePartialSlab() {
        Machine m = Machine.boot(Machines.pc24g());
        KmemCache c = m.kernelState().slub().cacheFor(4096);
        List<Long> objs = alloc(m, 4096, c.objects() + 1);
        m.setCpu(1);
        m.kfree(objs.get(0), N);
        assertEquals(List.of(slabPfn(m, objs.get(0))), c.cpu(1).partial());
        assertEquals(List.of(), c.cpu(0).partial());
        assertEquals(objs.get(0), m.kmalloc(4096, Gfp.GFP_KERNEL, N));    // CPU 1 has no slab: its partial list first
    }

    /** zone->per_cpu_pageset: a page freed on CPU 0 waits on CPU 0's list; CPU 1 does not get it, CPU 0 does. */
    @Test void perCpuPageListsArePerCpu() {
        Machine m = Machine.boot(Machines.pc24g());
        long p = m.allocPage(Gfp.GFP_KERNEL, N);
        m.freePages(p, 0, N);
        long pfn = m.pageToPfn(p, N);
        io.kmemlab.emulator.mm.Zone z = m.pageZone(p, N);
        assertTrue(z.pcp(0).contains(pfn));
        assertFalse(z.pcp(1).contains(pfn));
        m.setCpu(1);
        assertNotEquals(p, m.allocPage(Gfp.GFP_KERNEL, N));
        m.setCpu(0);
        assertEquals(p, m.allocPage(Gfp.GFP_KERNEL, N));
    }

    /** The per-CPU slabs and partial lists and the current CPU come back with restore(). */
    @Test void checkpointRestoresThePerCpuState() {
        Machine m = Machine.boot(Machines.pc24g());
        KmemCache c = m.kernelState().slub().cacheFor(4096);
        List<Long> objs = alloc(m, 4096, 2 * c.objects() + 1);
        Checkpoint cp = m.checkpoint();
        m.setCpu(1);
        m.kfree(objs.get(0), N);
        m.kfree(objs.get(c.objects()), N);
        m.kmalloc(4096, Gfp.GFP_KERNEL, N);
        m.restore(cp);
        KmemCache r = m.kernelState().slub().cacheFor(4096);
        assertEquals(0, m.cpu());
        assertEquals(List.of(), r.cpu(1).partial());
        assertEquals(-1, r.cpu(1).slab());
        assertEquals(slabPfn(m, objs.get(2 * c.objects())), r.cpu(0).slab());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /**
     * /sys/kernel/slab/CACHE/slabs_cpu_partial (mm/slub.c v6.12 slabs_cpu_partial_show): the slabs of
     * every CPU's partial list, objects approximated as slabs * oo_objects / 2, then " C<cpu>=objects(slabs)"
     * per CPU with a list; /proc/slabinfo's active_objs leaves out only the node partial list's free
     * objects (get_slabinfo: nr_objs - count_partial(n, count_free)).
     */
    @Test void slabinfoShowsThePerCpuPartialLists() {
        Machine m = Machine.boot(Machines.pc24g());
        KmemCache c = m.kernelState().slub().cacheFor(4096);
        int per = c.objects();
        List<Long> objs = alloc(m, 4096, 4 * per + 1);
        m.kfree(objs.get(0), N);
        m.kfree(objs.get(per), N);
        m.setCpu(1);
        m.kfree(objs.get(2 * per), N);
        String text = m.slabinfo("kmalloc-4k");
        // CPU 0: 2 slabs, CPU 1: 1 slab
        String want = String.format("slabs_cpu_partial %d(%d) C0=%d(%d) C1=%d(%d)%n", 3 * per / 2, 3, 2 * per / 2, 2, per / 2, 1);
        assertTrue(text.contains(want), text);
        assertTrue(text.contains(String.format("cpu_partial 6 (cpu_partial_slabs %d)%n", (12 + per - 1) / per)), text);
        // nothing on the node's partial list: every object of the 5 slabs counts as active
        String line = String.format("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d%n",
                "kmalloc-4k", 5 * per, 5 * per, 4096, per, 8, 0, 0, 0, 5, 5, 0);
        assertTrue(m.slabinfo().contains(line), m.slabinfo());
        m.setCpu(0);
        m.kfree(objs.get(3 * per), N);                                    // CPU 0's list is at 2: drained to the node
        line = String.format("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d%n",
                "kmalloc-4k", 5 * per - 2, 5 * per, 4096, per, 8, 0, 0, 0, 5, 5, 0);
        assertTrue(m.slabinfo().contains(line), m.slabinfo());
        assertNull(m.slabinfo("kmalloc-3k"));
    }

    @Test void setCpuRejectsACpuTheMachineDoesNotHave() {
        Machine m = Machine.boot(Machines.pc24g());
        assertThrows(IllegalArgumentException.class, () -> m.setCpu(2));
        assertThrows(IllegalArgumentException.class, () -> m.setCpu(-1));
    }
}
