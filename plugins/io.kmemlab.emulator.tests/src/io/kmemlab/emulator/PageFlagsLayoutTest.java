package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.mm.PageFlags;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * page->flags follows the configuration as include/linux/page-flags-layout.h (6.12) and the
 * *_PGOFF definitions of include/linux/mmzone.h (6.12) compute it; 2.6.32's include/linux/mm.h
 * has only SECTION / NODE / ZONE. Expected values are computed here from those formulas.
 */
class PageFlagsLayoutTest {
    private static final Trace N = Trace.NONE;
    /** __NR_PAGEFLAGS of the 6.12 x86_64 profile: PG_locked .. PG_arch_2 (include/linux/page-flags.h v6.12). */
    private static final int NR_PAGEFLAGS_612 = 24;
    /** MAX_NR_ZONES on x86_64 6.12: DMA, DMA32, NORMAL, MOVABLE, DEVICE -> ZONES_SHIFT 3. */
    private static final int ZONES_SHIFT_X86_64 = 3;

    /** order_base_2(n) (include/linux/log2.h). */
    private static int orderBase2(long n) { return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1); }

    private static long normalFlags(Machine m) { return m.pageField(m.pfnToPage(0x100000, N), "flags", N); }

    /**
     * The distribution configuration (NUMA, MAXSMP: NODES_SHIFT 10 and NR_CPUS 8192,
     * NUMA_BALANCING) with SPARSEMEM_VMEMMAP: NODES_PGOFF = 64 - 10, ZONES_PGOFF = NODES_PGOFF - 3,
     * LAST_CPUPID_SHIFT = LAST__PID_SHIFT 8 + NR_CPUS_BITS order_base_2(8192) (kernel/bounds.c),
     * at ZONES_PGOFF - LAST_CPUPID_SHIFT. __init_single_page() sets the links and
     * page_cpupid_reset_last() all ones; a free Normal page (zone 2) has no PG_ bit.
     */
    @Test void distributionDefaultGivesTheDumpPageWordOfDistributionKernels() {
        Machine m = Machine.boot(Machines.pc24g());
        PageFlags pf = m.kernelState().pageFlags;
        int nodesPgoff = 64 - 10, zonesPgoff = nodesPgoff - ZONES_SHIFT_X86_64;
        int cpupidShift = 8 + orderBase2(8192);
        int cpupidPgoff = zonesPgoff - cpupidShift;
        assertEquals(nodesPgoff, pf.nodesPgoff);
        assertEquals(zonesPgoff, pf.zonesPgoff);
        assertEquals(cpupidShift, pf.lastCpupidWidth);
        assertEquals(cpupidPgoff, pf.lastCpupidPgoff);
        long expected = (2L << zonesPgoff) | (((1L << cpupidShift) - 1) << cpupidPgoff);
        assertEquals(expected, normalFlags(m));
        // what dump_page() prints for such a page on Debian / Ubuntu / Fedora x86_64 kernels
        assertEquals(0x17ffffc0000000L, expected);
        assertEquals(0, pf.node(expected));
        assertEquals(2, pf.zone(expected));
        assertEquals(0x1fffffL, pf.lastCpupid(expected));
        assertFalse(pf.lastCpupidNotInPageFlags());
    }

    /** Without NUMA_BALANCING LAST_CPUPID_SHIFT is 0: node and zone only. */
    @Test void withoutNumaBalancingThereIsNoLastCpupid() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.NUMA_BALANCING, false));
        PageFlags pf = m.kernelState().pageFlags;
        assertEquals(0, pf.lastCpupidWidth);
        assertEquals(2L << (64 - 10 - ZONES_SHIFT_X86_64), normalFlags(m));
    }

    /** `NODES_SHIFT 6  NR_CPUS 64`: node [63:58], zone [57:55], LAST_CPUPID 8 + 6 bits below. */
    @Test void numericOptionsMoveTheFields() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.NODES_SHIFT, 6).config(ConfigOption.NR_CPUS, 64));
        PageFlags pf = m.kernelState().pageFlags;
        int zonesPgoff = 64 - 6 - ZONES_SHIFT_X86_64, cpupid = 8 + orderBase2(64);
        assertEquals(58, pf.nodesPgoff);
        assertEquals(zonesPgoff, pf.zonesPgoff);
        assertEquals(cpupid, pf.lastCpupidWidth);
        assertEquals((2L << zonesPgoff) | (((1L << cpupid) - 1) << (zonesPgoff - cpupid)), normalFlags(m));
    }

    /**
     * NR_CPUS_BITS is order_base_2(CONFIG_NR_CPUS) in 6.12 (kernel/bounds.c; 6.8 and before
     * used ilog2): 320 CPUs round up to 9 bits.
     */
    @Test void nrCpusBitsRoundsUp() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.NR_CPUS, 320));
        assertEquals(8 + orderBase2(320), m.kernelState().pageFlags.lastCpupidWidth);
        assertEquals(17, 8 + orderBase2(320));
    }

    /**
     * Classic SPARSEMEM: SECTIONS_WIDTH = MAX_PHYSMEM_BITS 46 - SECTION_SIZE_BITS 27 = 19, then
     * NODES_SHIFT 10 and ZONES 3 fit in 64 - 24 = 40 bits (32), but LAST_CPUPID's 21 more do
     * not: LAST_CPUPID_WIDTH 0, LAST_CPUPID_NOT_IN_PAGE_FLAGS (page->_last_cpupid holds it).
     */
    @Test void lastCpupidMovesOutOfFlagsWhenItDoesNotFit() {
        Machine m = Machine.boot(Machines.pc24g().memoryModel(MemoryModelKind.SPARSEMEM));
        PageFlags pf = m.kernelState().pageFlags;
        int avail = 64 - NR_PAGEFLAGS_612, sections = 46 - 27;
        assertTrue(sections + ZONES_SHIFT_X86_64 + 10 <= avail);
        assertTrue(sections + ZONES_SHIFT_X86_64 + 10 + 21 > avail);
        assertEquals(0, pf.lastCpupidWidth);
        assertTrue(pf.lastCpupidNotInPageFlags());
        assertEquals(64 - sections, pf.sectionsPgoff);
        assertEquals(64 - sections - 10, pf.nodesPgoff);
        long pfn = 0x100000;
        assertEquals((pfn >>> 15) << (64 - sections) | 2L << (64 - sections - 10 - 3), normalFlags(m));
    }

    /** Without NUMA NODES_SHIFT is 0 (include/linux/numa.h): the zone sits at the top. */
    @Test void withoutNumaTheNodeFieldIsGone() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.NUMA, false));
        PageFlags pf = m.kernelState().pageFlags;
        assertEquals(0, pf.nodesWidth);
        assertEquals(0, pf.lastCpupidWidth);                // NUMA_BALANCING depends on NUMA
        assertEquals(64 - ZONES_SHIFT_X86_64, pf.zonesPgoff);
        assertEquals(2L << 61, normalFlags(m));
    }

    /**
     * 2.6.32 (include/linux/mm.h): SECTION | NODE | ZONE only, MAX_NR_ZONES 4 -> ZONES_SHIFT 2,
     * NODES_SHIFT 6 (arch/x86/Kconfig default without MAXSMP); NUMA_BALANCING did not exist.
     */
    @Test void kernel2632HasNoLastCpupid() {
        Machine m = Machine.boot(Machines.pc24g().kernel("2.6").config(ConfigOption.NUMA_BALANCING, true));
        PageFlags pf = m.kernelState().pageFlags;
        assertEquals(0, pf.lastCpupidWidth);
        assertEquals(58, pf.nodesPgoff);
        assertEquals(56, pf.zonesPgoff);
        assertEquals(2L << 56, normalFlags(m) & ~((1L << 25) - 1));
    }

    /** i386 and ARM distribution kernels have no NUMA (and no ARCH_SUPPORTS_NUMA_BALANCING). */
    @Test void thirtyTwoBitKernelsHaveOnlyTheZone() {
        Machine m = Machine.boot(new MachineSpec().arch("i386").ram(0, (512L << 20) - 1).config(ConfigOption.NUMA_BALANCING, true));
        PageFlags pf = m.kernelState().pageFlags;
        assertEquals(0, pf.nodesWidth);
        assertEquals(0, pf.lastCpupidWidth);
        assertEquals(32 - pf.zonesWidth, pf.zonesPgoff);
    }

    /**
     * The formula with the fields no kmemlab arch can configure: KASAN_TAG_WIDTH 8 (arm64's
     * KASAN_SW_TAGS) below LAST_CPUPID, LRU_GEN_WIDTH 3 below it, then LRU_REFS_WIDTH =
     * min(__LRU_REFS_WIDTH 2, what is left).
     */
    @Test void kasanTagAndMglruFieldsFollowLastCpupid() {
        int avail = 64 - NR_PAGEFLAGS_612;
        // NR_CPUS 64: LAST_CPUPID_SHIFT 8 + 6 = 14; 3 + 3 + 10 + 8 + 14 = 38 <= 40 fits
        PageFlags fits = new PageFlags(64, 0, 5, NR_PAGEFLAGS_612, new PageFlags.Fields(10, 14, 8, 3, 2), true);
        int zones = 64 - 10 - 3, cpupid = zones - 14, kasan = cpupid - 8, gen = kasan - 3;
        assertEquals(14, fits.lastCpupidWidth);
        assertEquals(cpupid, fits.lastCpupidPgoff);
        assertEquals(kasan, fits.kasanTagPgoff);
        assertEquals(gen, fits.lruGenPgoff);
        assertEquals(Math.min(2, avail - (3 + 3 + 10 + 8 + 14)), fits.lruRefsWidth);
        assertEquals(gen - fits.lruRefsWidth, fits.lruRefsPgoff);
        // NR_CPUS 8192: 3 + 3 + 10 + 8 + 21 = 45 > 40, LAST_CPUPID_NOT_IN_PAGE_FLAGS; the tag moves up
        PageFlags wide = new PageFlags(64, 0, 5, NR_PAGEFLAGS_612, new PageFlags.Fields(10, 21, 8, 3, 2), true);
        assertEquals(0, wide.lastCpupidWidth);
        assertTrue(wide.lastCpupidNotInPageFlags());
        assertEquals(zones - 8, wide.kasanTagPgoff);
        assertEquals(Math.min(2, avail - (3 + 3 + 10 + 8)), wide.lruRefsWidth);
        assertNull(wide.buildError());
    }

    /** A node field that does not fit with SPARSEMEM_VMEMMAP is the layout's #error. */
    @Test void vmemmapWithoutRoomForTheNodeDoesNotBuild() {
        PageFlags pf = new PageFlags(32, 0, 4, 24, PageFlags.Fields.nodesOnly(7), true);   // 2 + 7 > 32 - 24
        assertEquals(0, pf.nodesWidth);
        assertTrue(pf.nodeNotInPageFlags());
        assertNotNull(pf.buildError());
        assertTrue(pf.buildError().contains("Vmemmap: No space for nodes field in page flags"), pf.buildError());
    }

    /** MAX_NUMNODES = 1 << NODES_SHIFT follows the configuration too. */
    @Test void maxNumnodesFollowsNodesShift() {
        MachineSpec s = Machines.pc24g().config(ConfigOption.NODES_SHIFT, 2).ram(0x700000000L, 0x73fffffffL, 4);
        assertEquals(java.util.List.of("node 4: x86_64 with 4-level paging has MAX_NUMNODES 4 (1 << CONFIG_NODES_SHIFT 2), so node ids are 0..3"),
                Kernel.beyondLimits(s));
    }
}
