package io.kmemlab.emulator;

import static io.kmemlab.emulator.process.UserFlags.MAP_POPULATE;
import static io.kmemlab.emulator.process.UserFlags.PROT_READ;
import static io.kmemlab.emulator.process.UserFlags.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.memblock.Memblock;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A checkpoint taken in an earlier boot phase brings the whole machine back to that phase:
 * the state after the restore equals a fresh machine of the same spec booted to that phase.
 * "Equal" is everything a user can observe: the phase, memblock, the symbols, which subsystems
 * exist, zone counters and watermarks, buddyinfo/zoneinfo, every struct page's words, the
 * contents of every frame, kernel page-table walks, the tasks and the diagnostics.
 */
class CheckpointAcrossPhasesTest {
    static final Trace N = Trace.NONE;

    static Stream<Arguments> machines() {
        return Stream.of(
                Arguments.of("x86_64 vmemmap", Machines.small()),
                Arguments.of("x86_64 sparsemem", Machines.small().memoryModel(MemoryModelKind.SPARSEMEM)),
                Arguments.of("i386 highmem", Machines32.pc32()),
                Arguments.of("i386 2.6 bootmem", Machines32.pc32old()),
                Arguments.of("arm", Machines32.board()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void restoringInReverseBootOrderGivesTheMachineOfEachPhase(String name, MachineSpec spec) {
        Machine m = Machine.create(spec);
        List<Checkpoint> before = new ArrayList<>();            // before[i]: taken in phase i
        do before.add(m.checkpoint()); while (m.bootStep(N));
        assertEquals(BootPhase.values().length, before.size());
        use(m);
        String used = fingerprint(m);
        for (int i = before.size() - 1; i >= 0; i--) {
            Checkpoint c = before.get(i);
            assertEquals(BootPhase.values()[i], c.phase());
            assertTrue(m.restore(c), () -> "restore of the " + c.phase() + " checkpoint");
            assertEquals(fingerprint(fresh(spec, c.phase())), fingerprint(m), "after restoring the " + c.phase() + " checkpoint");
        }
        m.boot();                                               // booting on from CREATED is a normal boot
        assertEquals(fingerprint(fresh(spec, BootPhase.BOOTED)), fingerprint(m));
        use(m);
        assertEquals(used, fingerprint(m), "the same operations on the re-booted machine do the same");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void aCheckpointOfALaterPhaseCanBeRestoredFromAnEarlierOne(String name, MachineSpec spec) {
        Machine m = Machine.create(spec);
        Checkpoint created = m.checkpoint();
        m.bootTo(BootPhase.ZONES, N);
        Checkpoint zones = m.checkpoint();
        m.boot();
        use(m);
        Checkpoint used = m.checkpoint();
        String usedState = fingerprint(m);
        assertTrue(m.restore(created));
        assertTrue(m.restore(used));
        assertEquals(usedState, fingerprint(m), "forward to the state after use()");
        assertTrue(m.restore(zones));
        assertEquals(fingerprint(fresh(spec, BootPhase.ZONES)), fingerprint(m));
        assertTrue(m.restore(used));
        assertTrue(m.restore(used));                          // a checkpoint stays reusable
        assertEquals(usedState, fingerprint(m));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void restoreSaysWhenItCannot(String name, MachineSpec spec) {
        Machine m = Machine.boot(spec);
        Machine other = Machine.boot(spec);
        int before = m.diagnostics().size();
        assertFalse(m.restore(null));
        assertFalse(m.restore(other.checkpoint()));
        List<Diagnostic> d = m.diagnostics().since(before);
        assertEquals(2, d.size());
        assertEquals("restore: no checkpoint", d.get(0).headline());
        assertTrue(d.get(1).headline().contains("belongs to another machine"), d.get(1).headline());
    }

    /** The operations of a running kernel: they touch every subsystem. */
    private static void use(Machine m) {
        Task p = m.process("app");
        long a = m.mmap(p, 3 * 4096, PROT_READ | PROT_WRITE, MAP_POPULATE, N);
        m.write(p, a, 8, 0x1122334455667788L, N);
        m.swapOut(p, a + 4096, N);
        m.kmalloc(100, Gfp.GFP_KERNEL, N);
        m.vmalloc(3 * 4096, N);
        m.freePages(m.allocPages(Gfp.GFP_KERNEL, 2, N), 2, N);
        m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
        long page = m.allocPage(Gfp.GFP_HIGHUSER, N);
        m.kmap(page, N);
        m.read(m.kernel(), 0, 8, N);                                // an oops
        m.stackBuffer(m.kthread("worker"), 64, N);
    }

    private static Machine fresh(MachineSpec spec, BootPhase phase) {
        Machine f = Machine.create(spec);
        f.bootTo(phase, N);
        return f;
    }

    /** Everything observable, read without side effects (no gated calls before their phase). */
    private static String fingerprint(Machine m) {
        Kernel k = m.kernelState();
        StringBuilder sb = new StringBuilder();
        BootPhase phase = m.phase();
        sb.append("phase ").append(phase).append('\n');
        sb.append("subsystems: tables ").append(k.tables != null).append(", model ").append(k.model != null)
                .append(", allocator ").append(k.alloc != null).append(", slab ").append(k.slub != null)
                .append(", vmalloc ").append(k.vmalloc != null).append(", processes ").append(k.processes != null)
                .append(", highmem ").append(k.highmem != null).append(", page->flags layout ").append(k.pageFlags != null).append('\n');
        sb.append("symbols ").append(k.symbols).append(", init pgd 0x").append(Long.toHexString(k.initPgd))
                .append(", zero page pfn 0x").append(Long.toHexString(k.zeroPagePfn)).append('\n');
        for (Memblock.Region r : k.memblock.memory()) sb.append("memblock memory ").append(r).append('\n');
        for (Memblock.Region r : k.memblock.reserved()) sb.append("memblock reserved ").append(r).append('\n');
        if (phase.ordinal() >= BootPhase.ZONES.ordinal()) {
            for (Zone z : m.zones()) {
                sb.append(String.format("zone %s node %d: start %d spanned %d present %d managed %d free %d pcp %d allocated %d wmark %d/%d/%d%n",
                        z.name(), z.nid(), z.startPfn(), z.spanned(), z.present(), z.managed(), z.free(), z.pcpCount(),
                        k.alloc.allocatedPages(z), z.watermark(Zone.WMARK_MIN), z.watermark(Zone.WMARK_LOW), z.watermark(Zone.WMARK_HIGH)));
                for (int o = 0; o < z.freeArea().orders(); o++) sb.append(' ').append(Arrays.toString(z.freeArea().list(o)));
                sb.append('\n');
            }
        }
        if (phase.ordinal() >= BootPhase.BUDDY.ordinal()) sb.append(m.buddyinfo()).append(m.zoneinfo());
        if (phase.ordinal() >= BootPhase.MEMMAP.ordinal()) sb.append(m.memmap());
        PageStore s = k.store;                                  // every struct page, hashed per 4096 frames
        PhysMem phys = k.phys;                                  // every frame's contents (all-zero = untouched)
        for (long base = 0; base < k.storePfns; base += 4096) {
            long hs = 0, hf = 0;
            for (long pfn = base; pfn < Math.min(base + 4096, k.storePfns); pfn++) {
                hs = hs * 31 + s.flags(pfn);
                hs = hs * 31 + s.refcount(pfn);
                hs = hs * 31 + s.mapcount(pfn);
                hs = hs * 31 + s.owner(pfn).ordinal();
                for (int w = 0; w < PageStore.WORDS; w++) hs = hs * 31 + s.word(pfn, w);
                long[] f = pfn < phys.maxPfn() ? phys.frameOrNull(pfn) : null;
                if (f != null && Arrays.stream(f).anyMatch(w -> w != 0)) hf = hf * 31 + pfn * 17 + Arrays.hashCode(f);
            }
            sb.append(String.format("pfns 0x%x: struct pages %x, frames %x%n", base, hs, hf));
        }
        if (phase.ordinal() >= BootPhase.PAGE_TABLES.ordinal()) {
            var l = m.layout();
            for (long va : new long[]{l.pageOffset(), l.pageOffset() + (20L << 20), l.vmallocStart(), l.vmallocStart() + 0x5000, l.fixaddrTop(), k.symbols.get("_text")})
                sb.append(m.walk(m.kernel(), va, N)).append('\n');
        }
        for (Task t : m.tasks()) sb.append("task ").append(t.name()).append(' ').append(t.pid()).append(' ').append(Long.toHexString(t.stack())).append('\n');
        for (Diagnostic d : m.diagnostics().all()) sb.append("dmesg ").append(d.headline()).append('\n');
        return sb.toString();
    }

    // ------------------------------------------------------------------ defects found on the way

    /** page_to_pfn() on SPARSEMEM before memmap_init(): page->flags is still 0, so the section is 0 (threw before). */
    @org.junit.jupiter.api.Test
    void sparsemPageToPfnBeforeStructPagesReadsSectionZero() {
        Machine m = Machine.create(Machines.small().memoryModel(MemoryModelKind.SPARSEMEM));
        m.bootTo(BootPhase.MEMMAP, N);
        long pfn = 0x100;                                          // section 0 (128 MiB sections)
        assertEquals(pfn, m.pageToPfn(m.pfnToPage(pfn, N), N));
    }

    /**
     * pgd_offset_k(addr) = pgd_offset(&init_mm, addr) = init_mm.pgd + pgd_index(addr): init_mm is
     * static, its pgd exists from the PAGE_TABLES phase (threw before, asking for a process registry).
     */
    @org.junit.jupiter.api.Test
    void pgdOffsetKWorksOnceTheKernelPageTablesExist() {
        Machine m = Machine.create(Machines.small());
        m.bootTo(BootPhase.PAGE_TABLES, N);
        long addr = m.layout().pageOffset();
        long pgdIndex = (addr >>> 39) & 511;                       // PGDIR_SHIFT 39, PTRS_PER_PGD 512 (4-level)
        long expected = m.va(m.kernelState().initPgd, N) + pgdIndex * 8;
        int before = m.diagnostics().size();
        assertEquals(expected, m.pgdOffsetK(addr, N));
        assertEquals(List.of(), m.diagnostics().since(before));
    }

    /**
     * ARM's dma_alloc_coherent() remaps the buffer in the vmalloc area, which exists once the
     * machine is booted: before that it is a diagnostic and NULL, and no page is lost (threw before).
     */
    @org.junit.jupiter.api.Test
    void armDmaAllocCoherentBeforeVmallocIsADiagnostic() {
        Machine m = Machine.create(Machines32.board());
        m.bootTo(BootPhase.BUDDY, N);
        long free = m.zones().stream().mapToLong(Zone::free).sum();
        int before = m.diagnostics().size();
        assertEquals(0, m.dmaAllocCoherent(4096, N));
        List<Diagnostic> d = m.diagnostics().since(before);
        assertEquals(1, d.size());
        assertEquals(Diagnostic.Kind.ERROR, d.get(0).kind());
        assertTrue(d.get(0).headline().contains("BOOTED"), d.get(0).headline());
        assertEquals(free, m.zones().stream().mapToLong(Zone::free).sum());
        m.boot();
        assertNotEquals(0, m.dmaAllocCoherent(4096, N));
    }
}
