package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.memblock.Memblock;
import io.kmemlab.emulator.mm.DeferredInit;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NUMA nodes whose RAM ranges interleave, or whose ids do not ascend with the address. The
 * expected values follow mm/mm_init.c (6.12): get_pfn_range_for_nid() spans a node from its
 * lowest to its highest memblock pfn, whatever lies between; zone_spanned_pages_in_node() clamps
 * the arch zone limits to that span; zone_absent_pages_in_node() = __absent_pages_in_range(nid, ..)
 * counts every pfn that is not memory of this node (so another node's range inside the span is
 * absent); memmap_init() gives each struct page the node of its memblock range; and
 * memblock_free_all() (mm/memblock.c) frees each free range to the zone of its own node.
 */
class InterleavedNodesTest {
    private static final long M = 1L << 20;
    /** x86_64 zone limits (arch/x86/mm/init.c zone_sizes_init): MAX_DMA_PFN 16 MiB, MAX_DMA32_PFN 4 GiB. */
    private static final long MAX_DMA_PFN = (16 * M) >>> 12, MAX_DMA32_PFN = (4096 * M) >>> 12;

    /** Node 0 has [1M, 256M) and [512M, 768M), node 1 [256M, 512M) in between. */
    private static MachineSpec interleaved() {
        return new MachineSpec().arch("x86_64").paging("4-level").cpus(2).kernelImage(16 * M, 4 * M)
                .config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, false)
                .ram(M, 256 * M - 1, 0).ram(256 * M, 512 * M - 1, 1).ram(512 * M, 768 * M - 1, 0);
    }

    private static Machine bootTo(MachineSpec s, BootPhase phase) {
        Machine m = Machine.create(s);
        while (m.phase() != phase) assertTrue(m.bootStep(Trace.NONE), () -> m.diagnostics().toString());
        return m;
    }

    /** zone_spanned_pages_in_node(): the arch limits [lo, hi) clamped to the node span [ns, ne). */
    private static long[] zoneSpan(long lo, long hi, long ns, long ne) {
        long zs = Math.min(Math.max(ns, lo), hi), ze = Math.min(Math.max(ne, lo), hi);
        return ze <= zs ? new long[] {zs, zs} : new long[] {zs, ze};
    }

    /** The memory pfns of node {@code nid} in [s, e): spanned - __absent_pages_in_range(nid, s, e). */
    private static long present(MachineSpec spec, int nid, long s, long e) {
        long n = 0;
        for (MachineSpec.Ram r : spec.ram()) {
            if (r.nid() != nid) continue;
            long rs = Math.max(s, (r.start() + 4095) >>> 12), re = Math.min(e, (r.end() + 1) >>> 12);
            if (re > rs) n += re - rs;
        }
        return n;
    }

    @Test
    void nodeAndZoneSpansOverlapAndOnlyTheNodesOwnPagesArePresent() {
        MachineSpec spec = interleaved();
        Machine m = Machine.boot(spec);
        long[][] nodeSpan = {{M >>> 12, (768 * M) >>> 12}, {(256 * M) >>> 12, (512 * M) >>> 12}};   // get_pfn_range_for_nid()
        long[][] arch = {{0, MAX_DMA_PFN}, {MAX_DMA_PFN, MAX_DMA32_PFN}};
        for (Node n : m.nodes()) {
            long ns = nodeSpan[n.nid()][0], ne = nodeSpan[n.nid()][1];
            assertEquals(ns, n.startPfn(), "node_start_pfn of node " + n.nid());
            assertEquals(ne - ns, n.spanned(), "node_spanned_pages of node " + n.nid());
            assertEquals(present(spec, n.nid(), ns, ne), n.present(), "node_present_pages of node " + n.nid());
            for (int i = 0; i < 2; i++) {
                Zone z = n.zones().get(i);
                long[] span = zoneSpan(arch[i][0], arch[i][1], ns, ne);
                assertEquals(span[1] - span[0], z.spanned(), z.toString());
                assertEquals(present(spec, n.nid(), span[0], span[1]), z.present(), z.toString());
                if (z.spanned() > 0) assertEquals(span[0], z.startPfn(), z.toString());
            }
        }
        // node 0's DMA32 spans node 1's range: 192512 spanned, 126976 present (65536 absent)
        assertEquals(192512, m.zone("DMA32", 0).spanned());
        assertEquals(126976, m.zone("DMA32", 0).present());
        assertEquals(65536, m.zone("DMA32", 1).present());
        assertEquals(List.of(), m.invariants());
    }

    @Test
    void structPagesCarryTheNodeOfTheirRange() {
        Machine m = Machine.boot(interleaved());
        record Probe(long pa, int nid) { }
        for (Probe p : List.of(new Probe(100 * M, 0), new Probe(256 * M, 1), new Probe(400 * M, 1), new Probe(512 * M - 4096, 1),
                new Probe(512 * M, 0), new Probe(700 * M, 0))) {
            long page = m.pfnToPage(p.pa() >>> 12, Trace.NONE);
            assertEquals(p.nid(), m.pageToNid(page, Trace.NONE), String.format("page_to_nid(pfn_to_page(%#x))", p.pa() >>> 12));
            Zone z = m.pageZone(page, Trace.NONE);
            assertEquals(p.nid(), z.nid(), String.format("page_zone of pfn %#x", p.pa() >>> 12));
            assertEquals("DMA32", z.name());
        }
    }

    /**
     * memblock_free_all() -> __free_memory_core() -> __free_pages_memory() frees each free range
     * to the zone of its own pages (__free_pages_core() counts them in zone_managed_pages), so
     * right after it the managed pages of a zone are the free memblock frames of its node inside
     * its span.
     */
    @Test
    void theBootReleaseFreesEachRangeToItsOwnNode() {
        Machine m = bootTo(interleaved(), BootPhase.BUDDY);
        Kernel k = m.kernelState();
        for (Zone z : m.zones()) {
            long expected = 0;
            for (long[] f : k.memblock.freeRanges()) {
                long s = Math.max(f[0] >>> 12, z.startPfn()), e = Math.min(f[1] >>> 12, z.endPfn());
                if (e > s && k.memblock.nidOf(f[0]) == z.nid()) expected += e - s;
            }
            assertEquals(expected, z.managed(), z + " managed");
            assertEquals(expected, z.free(), z + " free");
            assertTrue(z.managed() <= z.present(), z + ": managed > present");
        }
    }

    @Test
    void freeListsHoldOnlyTheNodesOwnFrames() {
        Machine m = Machine.boot(interleaved());
        for (Zone z : m.zones()) for (int o = 0; o < z.freeArea().orders(); o++) for (long head : z.freeArea().list(o)) {
            long pa = head << 12;
            int owner = pa >= 256 * M && pa < 512 * M ? 1 : 0;
            assertEquals(owner, z.nid(), String.format("free block pfn %#x order %d on the lists of %s", head, o, z));
        }
        long node1 = 0;
        for (Zone z : m.nodes().get(1).zones()) node1 += z.managed();
        assertTrue(node1 > 0 && node1 <= 65536, "node 1 managed " + node1);
    }

    /** Node ids need not ascend with the address: node 1 below node 0. */
    @Test
    void nodeIdsInDescendingAddressOrder() {
        MachineSpec spec = new MachineSpec().arch("x86_64").paging("4-level").cpus(1).kernelImage(16 * M, 4 * M)
                .ram(M, 256 * M - 1, 1).ram(256 * M, 512 * M - 1, 0);
        Machine m = Machine.boot(spec);
        Node n0 = m.nodes().get(0), n1 = m.nodes().get(1);
        assertEquals((256 * M) >>> 12, n0.startPfn());
        assertEquals(M >>> 12, n1.startPfn());
        assertEquals(0, m.zone("DMA", 0).spanned());                 // node 0 starts above MAX_DMA_PFN
        assertEquals(MAX_DMA_PFN - (M >>> 12), m.zone("DMA", 1).present());
        assertEquals((256 * M) >>> 12, m.zone("DMA32", 0).present());
        assertEquals(1, m.pageToNid(m.pfnToPage((100 * M) >>> 12, Trace.NONE), Trace.NONE));
        assertEquals(0, m.pageToNid(m.pfnToPage((300 * M) >>> 12, Trace.NONE), Trace.NONE));
        assertEquals(List.of(), m.invariants());
    }

    /** /proc/zoneinfo prints each node's own spanned / present / managed (mm/vmstat.c zoneinfo_show_print()). */
    @Test
    void zoneinfoShowsTheOverlappingSpans() {
        Machine m = Machine.boot(interleaved());
        String info = m.zoneinfo();
        for (Zone z : m.zones()) {
            String head = String.format("Node %d, zone %8s", z.nid(), z.name());
            int at = info.indexOf(head);
            assertTrue(at >= 0, head);
            String block = info.substring(at, info.indexOf("protection", at));
            assertTrue(block.contains("spanned  " + z.spanned() + "\n"), block);
            assertTrue(block.contains("present  " + z.present() + "\n"), block);
            assertTrue(block.contains("managed  " + z.managed() + "\n"), block);
        }
        assertTrue(info.contains("Node 0, zone    DMA32\n  pages free"));
        assertTrue(info.matches("(?s).*Node 0, zone    DMA32.*?spanned  192512\n        present  126976\n.*"), info);
    }

    /**
     * defer_init() (mm/mm_init.c, 6.12) as the kernel runs it: once per pfn, in the order
     * memmap_init() visits them (memblock ranges by address, each clamped to the populated zones
     * of its node), with its counters in statics that are reset when the zone end changes.
     * Returns first_deferred_pfn per node (-1: none).
     */
    private static long[] deferInitByPfn(Machine m, long pagesPerSection) {
        List<Node> nodes = m.nodes();
        long[] first = new long[nodes.size()];
        java.util.Arrays.fill(first, -1);
        long prevEndPfn = 0, nrInitialised = 0;
        for (Memblock.Region r : m.kernelState().memblock.memory()) {
            Node n = nodes.get(r.nid());
            long pgdatEnd = n.startPfn() + n.spanned();
            for (Zone z : n.zones()) {
                if (z.present() == 0) continue;
                long s = Math.min(Math.max(r.base() >>> 12, z.startPfn()), z.endPfn()), e = Math.min(Math.max(r.end() >>> 12, z.startPfn()), z.endPfn());
                for (long pfn = s; pfn < e; pfn++) {
                    if (z.endPfn() < pgdatEnd) break;                          // return false: low zone
                    if (first[n.nid()] >= 0) break;                            // return true: deferred
                    if (prevEndPfn != z.endPfn()) { prevEndPfn = z.endPfn(); nrInitialised = 0; }
                    nrInitialised++;
                    if (nrInitialised > pagesPerSection && (pfn & (pagesPerSection - 1)) == 0) { first[n.nid()] = pfn; break; }
                }
            }
        }
        return first;
    }

    /**
     * Node 0's Normal pages lie on both sides of node 1's: [4G, 4G+128M) then [4G+192M, 4G+768M).
     * The visit of node 1's range resets defer_init()'s count, so node 0 defers only after a full
     * section of its second range (0x118000), not at 0x110000 as a count over the node would give.
     */
    @Test
    void deferInitRestartsItsCountWhenTheNodeChanges() {
        long g4 = 4096 * M;
        MachineSpec spec = new MachineSpec().arch("x86_64").paging("4-level").cpus(1).kernelImage(16 * M, 4 * M)
                .config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT, true)
                .ram(M, 256 * M - 1, 0).ram(g4, g4 + 128 * M - 1, 0).ram(g4 + 128 * M, g4 + 192 * M - 1, 1).ram(g4 + 192 * M, g4 + 768 * M - 1, 0);
        Machine m = bootTo(spec, BootPhase.BUDDY);
        long pagesPerSection = 1L << (27 - 12);                      // SECTION_SIZE_BITS 27 (arch/x86/include/asm/sparsemem.h)
        long[] first = deferInitByPfn(m, pagesPerSection);
        assertEquals(0x118000L, first[0]);
        assertEquals(-1L, first[1]);                                  // node 1's 16384 pages are less than a section
        List<DeferredInit.Range> ranges = m.deferredStructPages();
        assertEquals(1, ranges.size());
        assertEquals(0, ranges.get(0).nid());
        assertEquals(first[0], ranges.get(0).firstDeferredPfn());
        // until deferred_init_memmap() node 0's Normal has only [4G, 4G+128M) and [4G+192M, first_deferred_pfn)
        Kernel k = m.kernelState();
        Zone normal0 = m.zone("Normal", 0);
        long expected = 0;
        for (long[] f : k.memblock.freeRanges()) {
            if (k.memblock.nidOf(f[0]) != 0) continue;
            long s = Math.max(f[0] >>> 12, normal0.startPfn()), e = Math.min(f[1] >>> 12, first[0]);
            if (e > s) expected += e - s;
        }
        assertEquals(expected, normal0.managed());
        Machine booted = Machine.boot(spec);
        assertEquals(List.of(), booted.invariants());
    }
}
