package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.slab.Slub;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** Buddy release, split and merge; slab size classes; BUG reports. */
class AllocatorTest {
    static final Trace N = Trace.NONE;

    /** 32 MiB machine, no hugepages: DMA = pfns [0x100, 0x1000) free after the first MiB is reserved. */
    static Machine tiny() {
        return Machine.boot(new MachineSpec().ram(0x1000, 0x9fbff).ram(0x100000, 0x1ffffff).kernelImage(16L << 20, 4L << 20));
    }

    @Test void bootReleaseUsesNaturallyAlignedBlocks() {
        Machine m = tiny();
        Zone dma = m.zone("DMA");
        // __free_pages_memory(0x100, 0x1000): order = min(10, __ffs(start)):
        // 0x100 order 8, 0x200 order 9, 0x400/0x800/0xc00 order 10; no merges (buddies 0x0 not free)
        assertEquals(1, dma.freeArea().nrFree(8));
        assertEquals(1, dma.freeArea().nrFree(9));
        assertEquals(3, dma.freeArea().nrFree(10));
        assertEquals(0xf00, dma.managed());
        assertTrue(m.buddyinfo().startsWith("Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"),
                m.buddyinfo());
    }

    @Test void splitTakesTheLowHalfAndMergeRestoresTheBlock() {
        Machine m = tiny();
        Zone dma = m.zone("DMA");
        // __GFP_MOVABLE: gfp_migratetype() picks the MOVABLE lists, where boot memory is
        // (memmap_init() marks the pageblocks MOVABLE), so __rmqueue_smallest() serves it; an
        // UNMOVABLE request would take the largest MOVABLE block instead (__rmqueue_fallback,
        // see MigrateTypesTest)
        long movableDma = Gfp.GFP_DMA | Gfp.__GFP_MOVABLE;
        long a = m.allocPages(movableDma, 9, N);
        assertEquals(0x200, m.pageToPfn(a, N));                 // the only order-9 block
        long b = m.allocPages(movableDma, 9, N);
        // order 9 empty: first order-10 block (released to the tail: 0x400 first) is split,
        // the upper half 0x600 goes on the order-9 list
        assertEquals(0x400, m.pageToPfn(b, N));
        assertEquals(1, dma.freeArea().nrFree(9));
        assertEquals(0x600, dma.freeArea().first(9, m.migrateTypes().movable));
        assertEquals(2, dma.freeArea().nrFree(10));
        m.freePages(b, 9, N);                                  // buddy 0x400 ^ 0x200 = 0x600 is free: merge
        assertEquals(0, dma.freeArea().nrFree(9));
        assertEquals(3, dma.freeArea().nrFree(10));
        assertTrue(m.pageFlag("Buddy", b, N));
        assertEquals(10, m.buddyOrder(b, N));
        assertEquals(10L, m.pageField(b, "private", N));        // order in page->private
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @Test void gfpZoneAndFallback() {
        Machine m = tiny();
        // 32 MiB: Normal is empty, so GFP_KERNEL falls back Normal -> DMA32
        long p = m.allocPage(Gfp.GFP_KERNEL, N);
        assertEquals("DMA32", m.pageZone(p, N).name());
        long d = m.allocPage(Gfp.GFP_DMA, N);
        assertEquals("DMA", m.pageZone(d, N).name());
        Recorder r = new Recorder();
        assertEquals(0, m.allocPages(Gfp.GFP_KERNEL, 11, r));     // order > MAX_PAGE_ORDER
        assertTrue(r.has(Diagnostic.Kind.WARN));
    }

    @Test void allocationStopsAtTheMinWatermark() {
        Machine m = tiny();
        Zone dma = m.zone("DMA");
        long min = dma.watermark(Zone.WMARK_MIN);
        assertTrue(min > 0);
        Recorder last = null;
        for (int i = 0; i < 4096; i++) {
            Recorder r = new Recorder();
            if (m.allocPages(Gfp.GFP_DMA | Gfp.__GFP_NOWARN, 1, r) == 0) { last = r; break; }
        }
        assertNotNull(last);
        // the last success had free - 2 + 1 > min, the failure free - 2 + 1 <= min (order 1,
        // no __GFP_HIGH reserve, lowmem_reserve[DMA] = 0): min <= free <= min + 1
        assertTrue(dma.free() >= min && dma.free() <= min + 1, dma.free() + " vs min " + min);
        // __GFP_HIGH (GFP_ATOMIC) may dip into the reserve: min/2, minus a quarter for non-blocking
        assertNotEquals(0, m.allocPages(Gfp.GFP_DMA | Gfp.GFP_ATOMIC, 1, N));
    }

    @Test void pcpBatchFromZoneSize() {
        Machine m = Machine.boot(Machines.pc24g());
        Zone n = m.zone("Normal");
        // zone_batchsize: min(managed >> 10, 256) / 4 = 64; rounddown_pow_of_two(64 + 32) - 1 = 63
        assertEquals(63, n.pcpBatch());
        // the first order-0 allocation fills the per-CPU list with a batch
        m.allocPage(Gfp.GFP_KERNEL, N);
        assertTrue(n.pcpCount() > 0);
    }

    @Test void slabOrdersFromCalculateOrder() {
        Machine m = Machine.boot(Machines.pc24g());            // cpus 2: min_objects = 4 * (fls(2) + 1) = 12
        Slub s = m.kernelState().slub();
        assertEquals(0, s.cacheFor(64).order());               // 768 B fits order 0, 64 objects
        assertEquals(64, s.cacheFor(64).objects());
        assertEquals(42, s.cacheFor(96).objects());            // 4096 / 96, waste 64 <= 4096/16
        assertEquals(1, s.cacheFor(512).order());              // get_order(12 * 512) = 1 -> 16 objects
        assertEquals(2, s.cacheFor(1024).order());             // get_order(12288) = 2
        assertEquals(3, s.cacheFor(4096).order());             // min_objects capped to 8: get_order(32768)
        assertEquals(4, s.cacheFor(8192).objects());
        assertEquals("kmalloc-128", s.cacheFor(100).name());
        long a = m.kmalloc(100, Gfp.GFP_KERNEL, N), b = m.kmalloc(100, Gfp.GFP_KERNEL, N);
        assertEquals(128, b - a);                              // next object of the same slab
        long slab = m.virtToSlab(a, N);
        // the CPU's slab is frozen (mm/slub.c v6.12 ___slab_alloc / freeze_slab): its free objects
        // are c->freelist, so slab->freelist is NULL and inuse == objects
        assertEquals(32L, m.slabField(slab, "objects"));
        assertEquals(32L, m.slabField(slab, "inuse"));
        assertEquals(0L, m.slabField(slab, "freelist"));
        assertEquals(1L, m.slabField(slab, "frozen"));
        assertEquals(b + 128, s.cacheFor(100).cpuFreelist());
        // the free pointer of a free object sits in its middle (s->offset = 64): it links to the next one
        assertEquals(b + 256, m.read(m.kernel(), b + 128 + 64, 8, N));
    }

    @Test void kmallocLargeUsesCompoundPages() {
        Machine m = Machine.boot(Machines.pc24g());
        long a = m.kmalloc(10000, Gfp.GFP_KERNEL, N);          // > 8192: order get_order(10000) = 2
        long p = m.virtToPage(a, N);
        assertFalse(m.pageFlag("Slab", p, N));
        assertTrue(m.pageFlag("Head", p, N));
        assertEquals(2, m.compoundOrder(p, N));
        m.kfree(a, N);
        assertEquals(0, m.pageRefCount(p, N));
        assertTrue(m.diagnostics().all().isEmpty());
    }

    /**
     * Misuse the kernel checks only with CONFIG_DEBUG_VM (put_page_testzero's VM_BUG_ON_PAGE,
     * folio_put_testzero's VM_BUG_ON_FOLIO: include/linux/mm.h) is a kmemlab note without it and a
     * "kernel BUG at include/linux/mm.h!" with it; a double kfree is a BUG only through
     * SLAB_FREELIST_HARDENED's BUG_ON(object == fp) in set_freepointer() (mm/slub.c) or slub_debug.
     */
    @Test void misuseIsReportedAndTheMachineGoesOn() {
        for (boolean debugVm : new boolean[]{false, true}) {
            Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.DEBUG_VM, debugVm));
            Diagnostic.Kind kind = debugVm ? Diagnostic.Kind.BUG : Diagnostic.Kind.ERROR;
            long p = m.allocPage(Gfp.GFP_KERNEL, N);
            m.freePages(p, 0, N);
            Recorder r = new Recorder();
            m.freePages(p, 0, r);                                  // double free
            assertTrue(r.has(kind), r.diagnostics().toString());
            assertEquals(debugVm ? "kernel BUG at include/linux/mm.h!" : "kmemlab note: ", r.diagnostics().get(0).headline().substring(0, debugVm ? 33 : 14));
            Recorder r2 = new Recorder();
            m.putPage(p, r2);                                      // refcount underflow
            assertTrue(r2.has(kind));
            assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
            assertNotEquals(0, m.allocPage(Gfp.GFP_KERNEL, N));
        }
        for (boolean hardened : new boolean[]{false, true}) {
            Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.SLAB_FREELIST_HARDENED, hardened));
            long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
            m.kfree(k, N);
            Recorder r3 = new Recorder();
            m.kfree(k, r3);                                        // k is the head of c->freelist: object == fp
            assertTrue(r3.has(hardened ? Diagnostic.Kind.BUG : Diagnostic.Kind.ERROR), r3.diagnostics().toString());
            assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        }
    }

    @Test void debugVirtualTurnsTheWarningIntoABug() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.DEBUG_VIRTUAL, true));
        long v = m.vmalloc(4096, N);
        Recorder r = new Recorder();
        m.virtToPage(v, r);
        assertTrue(r.has(Diagnostic.Kind.BUG));
    }
}
