package io.kmemlab.emulator.arch;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** KASLR of x86_64 (arch/x86/mm/kaslr.c, arch/x86/boot/compressed/kaslr.c, lib/random32.c; v6.12). */
class X86KaslrTest {
    static final long TB = 1L << 40, GB = 1L << 30;
    static final long PAGE_OFFSET_BASE_L4 = 0xffff888000000000L, CPU_ENTRY_AREA_BASE = 0xfffffe0000000000L;

    /** pc24g: RAM up to 25 GiB (max_pfn 0x640000). */
    static MachineSpec pc24g() {
        return new MachineSpec().name("pc24g").arch("x86_64").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, 0x63fffffffL)
                .kernelImage(16L << 20, 48L << 20);
    }

    /** LCG(x) = x * 69069 and prandom_seed_early() of lib/random32.c, for the self-test vectors. */
    static X86Kaslr.Prandom seedEarly(int seed) {
        int s1 = X86Kaslr.Prandom.seed(seed * 69069, 2);
        int s2 = X86Kaslr.Prandom.seed(s1 * 69069, 8);
        int s3 = X86Kaslr.Prandom.seed(s2 * 69069, 16);
        int s4 = X86Kaslr.Prandom.seed(s3 * 69069, 128);
        return new X86Kaslr.Prandom(s1, s2, s3, s4);
    }

    /**
     * prandom_state_selftest() (lib/random32.c, CONFIG_RANDOM32_SELFTEST): test1 seeds early, warms
     * up (10 draws), and expects the next prandom_u32_state(); test2 (against GSL's taus113) draws
     * `iteration` values and expects the last.
     */
    @Test void taus113MatchesTheKernelSelfTest() {
        long[][] test1 = {{1, 3484351685L}, {2, 2623130059L}, {3, 3125133893L}, {4, 984847254L}};
        for (long[] v : test1) {
            X86Kaslr.Prandom r = seedEarly((int) v[0]);
            for (int i = 0; i < 10; i++) r.nextInt();
            assertEquals(v[1], r.nextInt() & 0xffffffffL, "seed " + v[0]);
        }
        long[][] test2 = {{931557656L, 959, 2975593782L}, {1339693295L, 876, 3887776532L}, {1967883163L, 508, 10734624L}};
        for (long[] v : test2) {
            X86Kaslr.Prandom r = seedEarly((int) v[0]);
            for (int i = 0; i < 10; i++) r.nextInt();
            for (int i = 0; i < v[1] - 1; i++) r.nextInt();
            assertEquals(v[2], r.nextInt() & 0xffffffffL, "seed " + v[0]);
        }
    }

    /**
     * Region sizes for 25 GiB of RAM: the direct map DIV_ROUND_UP(25 GiB, 1 TiB) + padding 0xa = 11 TiB
     * (below 1 << (46 - 40) = 64); vmalloc VMALLOC_SIZE_TB_L4 32; vmemmap DIV_ROUND_UP(11 TiB / 4 KiB * 64, 1 TiB) = 1.
     */
    @Test void regionSizesFollowTheRam() {
        long maxPfn = 0x640000;
        long direct = (maxPfn * 4096 + TB - 1) / TB + 0xa;
        long vmemmap = ((direct << 28) * 64 + TB - 1) / TB;
        assertArrayEquals(new long[]{direct, 32, vmemmap}, X86Kaslr.sizesTb(false, maxPfn, 64));
        assertArrayEquals(new long[]{11, 32, 1}, X86Kaslr.sizesTb(false, maxPfn, 64));
    }

    /**
     * kernel_randomize_memory() by hand for one seed: the entropy split over the three regions, each
     * base PUD-aligned, a PUD of gap after each region; prandom_bytes_state() fills rand with two
     * prandom_u32_state() values, low word first.
     */
    @Test void basesFollowTheEntropySplit() {
        long seed = 0x1234_5678_9abc_def0L;
        long[] size = {11, 32, 1};
        long remain = CPU_ENTRY_AREA_BASE - PAGE_OFFSET_BASE_L4 - (11 + 32 + 1) * TB;
        X86Kaslr.Prandom r = new X86Kaslr.Prandom(seed);
        long vaddr = PAGE_OFFSET_BASE_L4;
        long[] want = new long[3];
        for (int i = 0; i < 3; i++) {
            long entropy = remain / (3 - i);
            long rand = (r.nextInt() & 0xffffffffL) | ((long) r.nextInt() << 32);
            entropy = Long.remainderUnsigned(rand, entropy + 1) & -GB;
            vaddr += entropy;
            want[i] = vaddr;
            vaddr = ((vaddr + size[i] * TB + 1) + GB - 1) & -GB;
            remain -= entropy;
        }
        Machine m = Machine.boot(pc24g().kaslrSeed(seed));
        assertEquals(want[0], m.layout().pageOffset());
        assertEquals(want[1], m.layout().vmallocStart());
        assertEquals(want[2], m.layout().vmemmapStart());
        // VMALLOC_END = VMALLOC_START + (VMALLOC_SIZE_TB << 40) - 1
        assertEquals(want[1] + 32 * TB - 1, m.layout().vmallocEnd());
        assertNull(X86Kaslr.whyImpossible(new X86Kaslr.Bases(want[0], want[1], want[2]), false, 0x640000, 64));
        // the direct map still works at the new base, and phys_base absorbs the text offset
        long k = m.kmalloc(64, io.kmemlab.emulator.mm.Gfp.GFP_KERNEL, Trace.NONE);
        assertEquals(m.pa(k, Trace.NONE) >>> 12, m.pageToPfn(m.virtToPage(k, Trace.NONE), Trace.NONE));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /**
     * arch/x86/lib/kaslr.c kaslr_get_random_long(): the raw value goes through a circular multiply
     * by mix_const 0x5d6008cbf3848dd3 (mul: rdx:rax = rax * mix_const; random = rax + rdx). The
     * decompressor's "Virtual" draw is that mix of the seed; kernel_randomize_memory()'s "Memory"
     * draw is the seed itself, so the two choices differ.
     */
    static long mix(long seed) {
        java.math.BigInteger p = new java.math.BigInteger(Long.toUnsignedString(seed))
                .multiply(new java.math.BigInteger("5d6008cbf3848dd3", 16));
        return p.longValue() + p.shiftRight(64).longValue();
    }

    /** find_random_virt_addr(): slots = 1 + (1 GiB - 16 MiB - image) / 2 MiB; _text = __START_KERNEL_map + slot * 2 MiB + 16 MiB. */
    @Test void textGoesInATwoMegabyteSlot() {
        long seed = 987654321987L;
        long image = 48L << 20;
        long slots = 1 + ((1L << 30) - (16L << 20) - image) / (2L << 20);
        assertEquals(481, slots);                                   // (1024 - 16 - 48) / 2 + 1
        long text = 0xffffffff80000000L + Long.remainderUnsigned(mix(seed), slots) * (2L << 20) + (16L << 20);
        Machine m = Machine.boot(pc24g().kaslrSeed(seed));
        assertEquals(text, m.symbol("_text"));
        assertEquals(16L << 20, m.paSymbol(m.symbol("_text"), Trace.NONE));
        assertNotEquals(Long.remainderUnsigned(seed, slots), Long.remainderUnsigned(mix(seed), slots), "separate draws");
    }

    /**
     * `kaslr text T` alone: RANDOMIZE_BASE without RANDOMIZE_MEMORY (the memory regions at their
     * __PAGE_OFFSET_BASE_L4 / __VMALLOC_BASE_L4 / __VMEMMAP_BASE_L4); with a seed, the seed places
     * the memory regions and _text is the one given. phys_base absorbs the offset either way.
     */
    @Test void textGivenAloneOrWithASeed() {
        long text = 0xffffffff9a000000L;
        Machine alone = Machine.boot(pc24g().kaslrText(text));
        assertTrue(alone.diagnostics().all().isEmpty(), () -> alone.diagnostics().all().toString());
        assertEquals(text, alone.symbol("_text"));
        assertEquals(16L << 20, alone.paSymbol(text, Trace.NONE));
        assertEquals(PAGE_OFFSET_BASE_L4, alone.layout().pageOffset());
        assertEquals(0xffffc90000000000L, alone.layout().vmallocStart());
        long seed = 42;
        Machine both = Machine.boot(pc24g().kaslrSeed(seed).kaslrText(text));
        Machine seedOnly = Machine.boot(pc24g().kaslrSeed(seed));
        assertEquals(text, both.symbol("_text"));
        assertEquals(seedOnly.layout().pageOffset(), both.layout().pageOffset());
        assertEquals(seedOnly.layout().vmemmapStart(), both.layout().vmemmapStart());
        assertNotEquals(text, seedOnly.symbol("_text"));
    }

    /**
     * find_random_virt_addr() returns LOAD_PHYSICAL_ADDR + k * CONFIG_PHYSICAL_ALIGN with k below
     * slots (KERNEL_IMAGE_SIZE 1 GiB): a text off the 2 MiB grid, below 0xffffffff81000000 or whose
     * image would cross 1 GiB is refused; the last slot is accepted.
     */
    @Test void impossibleTextIsRejected() {
        long image = 48L << 20, align = 2L << 20, start = 0xffffffff80000000L + (16L << 20);
        long slots = 1 + ((1L << 30) - (16L << 20) - image) / align;
        long last = start + (slots - 1) * align;
        assertNull(X86Kaslr.textProblem(last, 1L << 30, image));
        assertNull(X86Kaslr.textProblem(start, 1L << 30, image));
        assertTrue(X86Kaslr.textProblem(last + align, 1L << 30, image).contains("past KERNEL_IMAGE_SIZE"));
        assertTrue(X86Kaslr.textProblem(start + 0x100000, 1L << 30, image).contains("not CONFIG_PHYSICAL_ALIGN"));
        assertTrue(X86Kaslr.textProblem(start - align, 1L << 30, image).contains("below __START_KERNEL"));
        Machine bad = Machine.boot(pc24g().kaslrText(start + 0x100000));
        assertTrue(bad.diagnostics().all().get(0).text().startsWith("kaslr: text"), bad.diagnostics().all().toString());
        Machine old = Machine.boot(pc24g().kernel("2.6").kaslrText(start));
        assertEquals(0xffffffff81000000L, old.symbol("_text"));
    }

    /** Bases as a dump shows them are taken as they are; nokaslr without a clause. */
    @Test void givenBasesAndNokaslr() {
        long po = 0xffff9a4b00000000L, vm = 0xffffb35c80000000L, ve = 0xffffe54f40000000L;
        Machine m = Machine.boot(pc24g().kaslrBases(new MachineSpec.KaslrBases(po, vm, ve, 0xffffffff9e000000L)));
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
        assertEquals(po, m.layout().pageOffset());
        assertEquals(po + 0x1000, m.va(0x1000, Trace.NONE));
        assertEquals(vm, m.layout().vmallocStart());
        assertEquals(ve + 0x100 * 64L, m.pfnToPage(0x100, Trace.NONE));
        assertEquals(0xffffffff9e000000L, m.symbol("_text"));
        Machine plain = Machine.boot(pc24g());
        assertEquals(PAGE_OFFSET_BASE_L4, plain.layout().pageOffset());
        assertEquals(0xffffc90000000000L, plain.layout().vmallocStart());
        assertEquals(0xffffea0000000000L, plain.layout().vmemmapStart());
        assertEquals(0xffffffff81000000L, plain.symbol("_text"));
    }

    /** Values the kernel could not pick: not PUD aligned, overlapping the previous region, past CPU_ENTRY_AREA_BASE. */
    @Test void impossibleBasesAreRejected() {
        long po = 0xffff9a4b00000000L, vm = 0xffffb35c80000000L, ve = 0xffffe54f40000000L;
        assertTrue(X86Kaslr.whyImpossible(new X86Kaslr.Bases(po + 0x200000, vm, ve), false, 0x640000, 64).contains("not PUD aligned"));
        // vmalloc must start at least 11 TiB + 1 GiB after page_offset_base
        String overlap = X86Kaslr.whyImpossible(new X86Kaslr.Bases(po, po + 11 * TB, ve), false, 0x640000, 64);
        assertTrue(overlap.contains("vmalloc_base") && overlap.contains("overlaps page_offset_base"), overlap);
        assertNull(X86Kaslr.whyImpossible(new X86Kaslr.Bases(po, po + 11 * TB + GB, ve), false, 0x640000, 64));
        assertTrue(X86Kaslr.whyImpossible(new X86Kaslr.Bases(po, vm, CPU_ENTRY_AREA_BASE - GB), false, 0x640000, 64).contains("CPU_ENTRY_AREA_BASE"));
        assertTrue(X86Kaslr.whyImpossible(new X86Kaslr.Bases(0xffff880000000000L, vm, ve), false, 0x640000, 64).contains("below __PAGE_OFFSET_BASE"));
        Machine bad = Machine.boot(pc24g().kaslrBases(new MachineSpec.KaslrBases(po + 0x200000, vm, ve, null)));
        assertFalse(bad.diagnostics().all().isEmpty());
        assertTrue(bad.diagnostics().all().get(0).text().startsWith("kaslr: page_offset_base"), bad.diagnostics().all().toString());
    }
}
