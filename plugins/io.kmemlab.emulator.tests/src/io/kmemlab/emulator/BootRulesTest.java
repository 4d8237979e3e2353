package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** Managed pages, watermarks, KASLR, NUMA nodes, the 2.6 profile, boot phases and traces. */
class BootRulesTest {
    static final Trace N = Trace.NONE;

    @Test void managedPagesAndWatermarks() {
        Machine m = Machine.boot(Machines.pc24g());
        // DMA32 present 782336 minus the kernel image (48 MiB at 16 MiB = 12288 pages); every
        // other boot allocation (page tables, memmap) is memblock top-down, i.e. in Normal
        assertEquals(782336 - 12288, m.zone("DMA32").managed());
        // THP on: set_recommended_min_free_kbytes() = 512 * 3 zones * (2 + 3 * 3) pages = 16896 pages
        // = 67584 kB (> int_sqrt(lowmem_kbytes * 16) ~ 19900 kB)
        assertEquals(67584, m.kernelState().alloc.minFreeKbytes());
        long lowmem = 0;
        for (Zone z : m.zones()) lowmem += z.managed();
        for (Zone z : m.zones()) {
            long min = 16896L * z.managed() / lowmem;                               // pages_min * managed / lowmem_pages
            long tmp = Math.max(min >> 2, z.managed() * 10 / 10000);              // watermark_scale_factor 10
            assertEquals(min, z.watermark(Zone.WMARK_MIN), z.name());
            assertEquals(min + tmp, z.watermark(Zone.WMARK_LOW), z.name());
            assertEquals(min + 2 * tmp, z.watermark(Zone.WMARK_HIGH), z.name());
        }
        // lowmem_reserve: DMA protects against fallback from DMA32 by managed(DMA32) / 256
        assertEquals(m.zone("DMA32").managed() / 256, m.zone("DMA").lowmemReserve(1));
        assertEquals((m.zone("DMA32").managed() + m.zone("Normal").managed()) / 256, m.zone("DMA").lowmemReserve(2));
        // empty upper zones (Movable 3, Device 4) repeat the running sum
        assertEquals(m.zone("DMA").lowmemReserve(2), m.zone("DMA").lowmemReserve(4));
        assertTrue(m.zoneinfo().contains(String.format("protection: (0, %d, %d, %d, %d)", m.zone("DMA").lowmemReserve(1),
                m.zone("DMA").lowmemReserve(2), m.zone("DMA").lowmemReserve(2), m.zone("DMA").lowmemReserve(2))), m.zoneinfo());
        assertEquals(m.zone("Normal").managed() / 256, m.zone("DMA32").lowmemReserve(2));
    }

    @Test void withoutThpMinFreeKbytesIsTheSquareRootRule() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.THP, false));
        long lowmem = 0;
        for (Zone z : m.zones()) lowmem += z.managed();
        long expect = (long) Math.floor(Math.sqrt(lowmem * 4.0 * 16));          // int_sqrt(lowmem_kbytes * 16)
        assertEquals(expect, m.kernelState().alloc.minFreeKbytes());
    }

    @Test void kaslrIsDeterministicPudAlignedAndOrderPreserving() {
        Machine a = Machine.boot(Machines.pc24g().kaslrSeed(42L));
        Machine b = Machine.boot(Machines.pc24g().kaslrSeed(42L));
        long po = a.layout().pageOffset(), vm = a.layout().vmallocStart(), ve = a.layout().vmemmapStart();
        assertEquals(po, b.layout().pageOffset());
        assertEquals(0, (po - 0xffff888000000000L) % (1L << 30));
        assertTrue(Long.compareUnsigned(po, vm) < 0 && Long.compareUnsigned(vm, ve) < 0);
        long k = a.kmalloc(64, Gfp.GFP_KERNEL, N);
        assertEquals(a.pa(k, N) >>> 12, a.pageToPfn(a.virtToPage(k, N), N));
        long sym = a.symbol("_text");
        assertEquals(16L << 20, a.paSymbol(sym, N));                            // phys_base absorbs the virtual offset
        assertTrue(a.invariants().isEmpty());
    }

    @Test void numaNodes() {
        Machine m = Machine.boot(new MachineSpec().cpus(2)
                .ram(0x1000, 0x9fbff, 0).ram(0x100000, 0xffffffffL, 0).ram(0x100000000L, 0x1ffffffffL, 1)
                .kernelImage(16L << 20, 32L << 20));
        assertEquals(2, m.nodes().size());
        assertEquals(0x100000, m.zone("Normal", 1).startPfn());
        assertEquals(0x100000, m.zone("Normal", 1).present());
        assertEquals(0, m.zone("Normal", 0).present());
        long p = m.allocPagesNode(1, Gfp.GFP_KERNEL, 0, N);
        assertEquals(1, m.pageToNid(p, N));
        assertEquals(1, m.pageZone(p, N).nid());
        // the memmap of node 1's sections is in node 1's memory (sparse_init_nid)
        long memmapOfNode1 = m.walk(m.kernel(), m.pfnToPage(0x100000, N), N).pa();
        assertTrue(memmapOfNode1 >= 0x100000000L);
        assertTrue(m.buddyinfo().contains("Node 1, zone   Normal "));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @Test void kernel26KeepsPageZeroAndUsesPgSlab() {
        Machine m = Machine.boot(new MachineSpec().kernel("2.6").ram(0x0, 0x9ffff).ram(0x100000, 0x3fffffff).kernelImage(1L << 20, 7L << 20));
        assertEquals(0, m.zone("DMA").startPfn());                               // page 0 stays RAM in 2.6
        assertEquals(4096, m.zone("DMA").spanned());
        long k = m.kmalloc(64, Gfp.GFP_KERNEL, N);
        long flags = m.pageField(m.virtToPage(k, N), "flags", N);
        assertEquals(1L << 7, flags & (1L << 7));                               // PG_slab is bit 7 in 2.6.32
        assertTrue(m.pageFlag("Slab", m.virtToPage(k, N), N));
        // 2.6.32 struct page: inuse/objects in the _mapcount union, PG_head 14 / PG_tail 15,
        // first_page in tails, PG_buddy (bit 19) and the order in private for free heads
        // the allocating CPU's slab is frozen (2.6.32 mm/slub.c load_freelist: page->inuse =
        // page->objects, page->freelist = NULL, __SetPageSlubFrozen = PG_active, bit 6)
        long objects = m.pageField(m.virtToPage(k, N), "objects", N);
        assertEquals(objects, m.pageField(m.virtToPage(k, N), "inuse", N));
        assertEquals(1L << 6, m.pageField(m.virtToPage(k, N), "flags", N) & (1L << 6));
        long c = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 1, N);
        assertEquals(1L << 14, m.pageField(c, "flags", N) & (1L << 14));
        assertEquals(1L << 15, m.pageField(c + 64, "flags", N) & (1L << 15));
        assertEquals(c, m.pageField(c + 64, "first_page", N));
        m.freePages(c, 1, N);
        long free = m.pfnToPage(m.zone("DMA32").freeArea().first(10, m.migrateTypes().movable), N);   // boot memory is MOVABLE
        assertEquals(1L << 19, m.pageField(free, "flags", N) & (1L << 19));
        assertEquals(10L, m.pageField(free, "private", N));
    }

    @Test void customZonesWithAllocatorNone() {
        // Normal until 1 GiB, then a private zone the buddy allocator never uses
        Machine m = Machine.boot(new MachineSpec().ram(0x1000, 0x9fbff).ram(0x100000, 0x5fffffffL).kernelImage(16L << 20, 16L << 20)
                .zones(java.util.List.of(io.kmemlab.emulator.spec.ZoneSpec.until("DMA", 16L << 20), io.kmemlab.emulator.spec.ZoneSpec.until("Normal", 1L << 30),
                        new io.kmemlab.emulator.spec.ZoneSpec("Private", io.kmemlab.emulator.spec.ZoneSpec.Kind.REST, 0, true))));
        Zone priv = m.zone("Private");
        assertEquals(0x40000, priv.startPfn());
        assertEquals(0x20000, priv.spanned());                                   // 1 GiB .. 1.5 GiB
        assertEquals(0x20000, priv.present());
        assertEquals(0, priv.managed());
        assertEquals(0, priv.free());
        // GFP_HIGHUSER_MOVABLE starts at the highest zone and skips the allocator-none one
        long p = m.allocPage(Gfp.GFP_HIGHUSER_MOVABLE, N);
        assertEquals("Normal", m.pageZone(p, N).name());
        assertEquals(0, m.framesOwnedBy("free", priv));
        // memblock knows nothing of "allocator none": the vmemmap buffer (12 sections * 2 MiB,
        // top-down from 1.5 GiB, i.e. [0x5e800000, 0x60000000)) lands in the private zone
        assertEquals(12 * 512, m.framesOwnedBy("memmap", priv));
        assertEquals("memmap", m.frameOwner(0x5e800));
        assertEquals("reserved", m.frameOwner(0x50000));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @Test void bootPhasesCanBeSteppedAndShowTheirWork() {
        Machine m = Machine.create(Machines.pc24g());
        assertEquals(BootPhase.CREATED, m.phase());
        Recorder r = new Recorder();
        m.bootTo(BootPhase.ZONES, r);
        assertEquals(BootPhase.ZONES, m.phase());
        assertTrue(r.events().stream().anyMatch(e -> e instanceof TraceEvent.Formula f
                && f.text().equals("node 0 zone DMA: start_pfn 1 spanned 4095 present 3998")), r::toString);
        m.bootTo(BootPhase.BOOTED, N);
        assertTrue(m.booted());
    }

    @Test void operationsBeforeTheirBootPhaseAreDiagnosedNotThrown() {
        Machine m = Machine.create(Machines.pc24g());
        m.bootTo(BootPhase.MEMBLOCK, N);
        Recorder r = new Recorder();
        assertEquals(0, m.allocPages(Gfp.GFP_KERNEL, 0, r));
        assertEquals(0, m.virtToPage(0xffff888000100000L, r));
        assertNull(m.zone("DMA"));
        assertEquals(0, m.kmalloc(8, Gfp.GFP_KERNEL, r));
        assertEquals(3, r.diagnostics().size());
        assertTrue(r.diagnostics().get(0).headline().startsWith("allocPages needs boot phase BUDDY; the machine is at MEMBLOCK"),
                r.diagnostics().get(0).headline());
        m.restore(null);
        m.boot();
        assertNotEquals(0, m.allocPages(Gfp.GFP_KERNEL, 0, N));
        Machine bad = Machine.create(new MachineSpec().arch("sparc").ram(0, 0xfffffff));
        assertNull(bad.phase());
        assertFalse(bad.bootStep(N));
        assertEquals(0, bad.allocPages(Gfp.GFP_KERNEL, 0, N));
    }

    @Test void memblockAllocBetweenPhasesIsReservedAndAfterBootFallsBackToKzalloc() {
        Machine m = Machine.create(Machines.small());
        m.bootTo(BootPhase.STRUCT_PAGES, N);
        long a = m.memblockAlloc(8192, 4096, N);
        long pfn = m.kernelState().arch.pa(a, N) >>> 12;
        m.boot();
        assertEquals("memblock", m.frameOwner(pfn));
        assertEquals("memblock", m.frameOwner(pfn + 1));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        Recorder r = new Recorder();
        long late = m.memblockAlloc(64, 8, r);                                   // WARN + kzalloc (mm/memblock.c)
        assertTrue(r.has(io.kmemlab.emulator.trace.Diagnostic.Kind.WARN));
        assertTrue(m.pageFlag("Slab", m.virtToPage(late, N), N));
    }

    @Test void tracesCarryFormulasAndEntries() {
        Machine m = Machine.boot(Machines.pc24g().config(io.kmemlab.emulator.spec.ConfigOption.GBPAGES, false));   // 2 MiB leaves
        Recorder r = new Recorder();
        m.virtToPage(0xffff888100000000L, r);
        String t = r.toString();
        assertTrue(t.contains("__pa(0xffff888100000000) = x - PAGE_OFFSET = 0xffff888100000000 - 0xffff888000000000 = 0x100000000"), t);
        assertTrue(t.contains("pfn_to_page(0x100000) = vmemmap + pfn = 0xffffea0000000000 + 0x100000 * 64 = 0xffffea0004000000"), t);
        Recorder w = new Recorder();
        m.walk(m.kernel(), 0xffff888100000000L, w);
        var e = w.entries();
        assertEquals("pgd", e.get(0).level());
        assertEquals(273, e.get(0).index());                                     // pgd_index(PAGE_OFFSET) = 273
        assertEquals(m.kernelState().initPgd, e.get(0).tableAddr());
        assertEquals("pmd", e.get(2).level());
        assertTrue(e.get(2).flags().startsWith("P RW A D PS G NX pfn=0x100000"), e.get(2).flags());
    }
}
