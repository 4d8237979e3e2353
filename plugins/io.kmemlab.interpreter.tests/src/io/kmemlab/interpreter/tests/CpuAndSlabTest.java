package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `on cpu N { }` (the CPU of the kernel calls: this_cpu_ptr(s->cpu_slab), zone->per_cpu_pageset),
 * `show slabinfo` (/proc/slabinfo, mm/slab_common.c v6.12) and the call site as kmalloc's caller
 * (_RET_IP_, hashed by kmalloc_type() with RANDOM_KMALLOC_CACHES, include/linux/slab.h v6.12).
 */
class CpuAndSlabTest {
    static final String SMP = """
            machine smp {
                arch x86_64
                cpus 2
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            }
            """;

    /** Each CPU allocates from its own slab; after the block the calls run on CPU 0 again. */
    @Test void aBlockRunsItsCallsOnItsCpu() {
        Session s = Sessions.runOn(SMP, "smp", """
                let a = kmalloc(64, GFP_KERNEL)
                on cpu 1 {
                    let b = kmalloc(64, GFP_KERNEL)
                    expect virt_to_slab(b) != virt_to_slab(a)
                    show slabinfo "kmalloc-64"
                }
                let c = kmalloc(64, GFP_KERNEL)
                expect virt_to_slab(c) == virt_to_slab(a)
                """);
        assertEquals(List.of(), Sessions.errors(s));
        KmemCache c = s.machine().kernelState().slub().cacheFor(64);
        assertTrue(c.cpu(1).slab() >= 0);
        assertNotEquals(c.cpu(0).slab(), c.cpu(1).slab());
        String out = Sessions.output(s);
        assertTrue(out.contains(String.format("CPU 1: slab pfn 0x%x,", c.cpu(1).slab())), out);
        assertTrue(out.contains(String.format("CPU 0: slab pfn 0x%x,", c.cpu(0).slab())), out);
        assertEquals(0, s.machine().cpu());
    }

    /**
     * __slab_free() (mm/slub.c v6.12): a kfree() on CPU 1 of an object of CPU 0's frozen slab goes
     * onto slab->freelist (it is not CPU 1's c->slab, so no fast path), and the slab stays frozen.
     */
    @Test void aFreeOnAnotherCpuGoesToTheSlabFreelist() {
        Session s = Sessions.runOn(SMP, "smp", """
                let a = kmalloc(64, GFP_KERNEL)
                let b = kmalloc(64, GFP_KERNEL)
                on cpu 1 {
                    kfree(a)
                }
                expect virt_to_slab(a)->freelist == a
                expect virt_to_slab(a)->frozen == 1
                kfree(b)
                expect virt_to_slab(a)->freelist == a
                """);
        assertEquals(List.of(), Sessions.errors(s));
    }

    @Test void aCpuTheMachineDoesNotHaveIsAnError() {
        Session s = Sessions.runOn(SMP, "smp", """
                let n = 3
                on cpu n {
                    let a = kmalloc(64, GFP_KERNEL)
                }
                """);
        List<Problem> errors = Sessions.errors(s);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).message().startsWith("on cpu 3: the machine has CPUs 0 to 1"), errors.get(0).message());
    }

    /**
     * /proc/slabinfo's line (cache_show, mm/slab_common.c v6.12: "%-17s %6lu %6lu %6u %4u %4d",
     * " : tunables %4u %4u %4u", " : slabdata %6lu %6lu %6lu"): 65 objects of 64 bytes take two
     * order-0 slabs of 4096 / 64 = 64 objects, both off the node's partial list, so every object
     * of them counts as active (get_slabinfo: nr_objs - count_partial(n, count_free)).
     */
    @Test void slabinfoLinesFollowCacheShow() {
        Session s = Sessions.runOn(Kmem.PC64_AND_PC32, "pc64", """
                repeat 65 {
                    kmalloc(64, GFP_KERNEL)
                }
                show slabinfo
                """);
        assertEquals(List.of(), Sessions.errors(s));
        String out = Sessions.output(s);
        assertTrue(out.startsWith("slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize>"), out);
        int perSlab = 4096 / 64;
        String line = String.format("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d",
                "kmalloc-64", 2 * perSlab, 2 * perSlab, 64, perSlab, 1, 0, 0, 0, 2, 2, 0);
        assertTrue(out.contains(line + "\n"), out);
    }

    @Test void anUnknownCacheIsAnError() {
        Session s = Sessions.runOn(Kmem.PC64_AND_PC32, "pc64", "show slabinfo \"kmalloc-63\"");
        List<Problem> errors = Sessions.errors(s);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).message().startsWith("show slabinfo: no slab cache named \"kmalloc-63\" (the caches: kmem_cache kmalloc-8"),
                errors.get(0).message());
    }

    /**
     * With RANDOM_KMALLOC_CACHES the cache is KMALLOC_RANDOM_START + hash_64(caller ^
     * random_kmalloc_seed, ilog2(RANDOM_KMALLOC_CACHES_NR + 1)) (include/linux/slab.h v6.12), hash_64
     * = (v * GOLDEN_RATIO_64) >> (64 - 4) (include/linux/hash.h); the caller of a kmalloc at line L is
     * _text + 0x100000 + 16 * L, random_kmalloc_seed the machine's kaslr seed.
     */
    @Test void eachLineIsACallSiteThatPicksARandomCache() {
        long seed = 0x1234;
        String machine = """
                machine rnd {
                    arch x86_64
                    kaslr seed 0x1234
                    ram 0x1000 .. 0x9fbff
                    ram 0x100000 .. 0x3fffffff
                    config { RANDOM_KMALLOC_CACHES on }
                }
                """;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 16; i++) body.append("let k").append(i).append(" = kmalloc(64, GFP_KERNEL)\n");
        Session s = Sessions.runOn(machine, "rnd", body.toString());
        assertEquals(List.of(), Sessions.errors(s));
        Machine m = s.machine();
        long text = m.symbol("_text");
        int firstLine = (int) machine.lines().count() + 2;                // after the machine and the scenario line
        Map<String, Value> vars = s.variables();
        java.util.Set<String> caches = new java.util.HashSet<>();
        for (int i = 0; i < 16; i++) {
            long caller = text + 0x100000 + 16L * (firstLine + i);
            int row = (int) (((caller ^ seed) * 0x61C8864680B583EBL) >>> 60);
            String want = row == 0 ? "kmalloc-64" : String.format("kmalloc-rnd-%02d-64", row);
            long obj = vars.get("k" + i).bits();
            long pfn = m.pageToPfn(m.virtToSlab(obj, io.kmemlab.emulator.trace.Trace.NONE), io.kmemlab.emulator.trace.Trace.NONE);
            assertEquals(want, m.inspect().page(pfn).slabCache(), "line " + (firstLine + i));
            caches.add(want);
        }
        assertTrue(caches.size() > 1, "different lines reach different caches: " + caches);
    }
}
