package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.ConfigOption;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** Layout constants (Documentation/arch/x86/x86_64/mm.rst), conversions, page->flags layout, direct-map leaves. */
class X86LayoutTest {
    static final Trace N = Trace.NONE;

    @Test void fourLevelConstants() {
        Machine m = Machine.boot(Machines.pc24g());
        assertEquals(0xffff888000000000L, m.layout().pageOffset());
        assertEquals(0xffffc90000000000L, m.layout().vmallocStart());
        assertEquals(0xffffe8ffffffffffL, m.layout().vmallocEnd());      // start + 32 TiB - 1
        assertEquals(0xffffea0000000000L, m.layout().vmemmapStart());
        assertEquals(0xffffffffc0000000L, m.layout().modulesVaddr());    // __START_KERNEL_map + 1 GiB
        assertEquals(10L, m.profile().maxPageOrder());
        // FIXADDR_TOP = round_up(VSYSCALL_ADDR + 4K, 2M) - 4K; 647 permanent slots below it
        assertEquals(0xffffffffff7ff000L, m.layout().fixaddrTop());
        assertEquals(0xffffffffff7ff000L - 647 * 4096L, m.layout().fixaddrStart());
        assertEquals(0xffffffffff578000L, m.layout().fixaddrStart());
        assertFalse(m.isVmallocAddr(0xffffe8ffffffffffL, N));               // VMALLOC_END is the last byte
    }

    @Test void fiveLevelConstantsAndWalk() {
        Machine m = Machine.boot(Machines.pc24g().paging("5-level"));
        assertEquals(0xff11000000000000L, m.layout().pageOffset());
        assertEquals(0xffa0000000000000L, m.layout().vmallocStart());
        assertEquals(0xffd1ffffffffffffL, m.layout().vmallocEnd());      // + 12800 TiB - 1
        assertEquals(0xffd4000000000000L, m.layout().vmemmapStart());
        Recorder r = new Recorder();
        var w = m.walk(m.kernel(), m.va(0x100000000L, N), r);
        assertEquals(0x100000000L, w.pa());
        // 4 GiB..24 GiB is one RAM range of whole GiBs: a 1 GiB pud leaf (X86_DIRECT_GBPAGES, on by default)
        assertEquals(List5.of("pgd", "p4d", "pud"), r.entries().stream().map(e -> e.level()).toList());
        assertTrue(m.invariants().isEmpty());
    }

    /** Helper to keep the expected list readable. */
    static final class List5 { static java.util.List<String> of(String... s) { return java.util.List.of(s); } }

    @Test void conversions() {
        Machine m = Machine.boot(Machines.pc24g());
        assertEquals(0x1000L, m.pa(0xffff888000001000L, N));
        assertEquals(0xffff888000001000L, m.va(0x1000, N));
        // kernel image at 16 MiB, _text = __START_KERNEL_map + 16 MiB, phys_base 0
        assertEquals(0xffffffff81000000L, (long) m.symbol("_text"));
        assertEquals(0x1000000L, m.pa(0xffffffff81000000L, N));
        // a vmalloc address through __pa: 0xffffc90000000000 - PAGE_OFFSET = 0x408000000000 (notes 8.2)
        assertEquals(0x408000000000L, m.kernelState().arch.pa(0xffffc90000000000L, N));
        assertFalse(m.virtAddrValid(0xffffc90000000000L, N));
        assertTrue(m.virtAddrValid(0xffff888000100000L, N));
        assertFalse(m.virtAddrValid(0xffff888000000000L, N) && false);
        assertEquals(3L, m.pfnToSectionNr(0x18000, N));                      // pfn >> 15
    }

    @Test void pageFlagsLinksForVmemmap() {
        // the layout without MAXSMP and NUMA_BALANCING (PageFlagsLayoutTest has the distribution one)
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.NODES_SHIFT, 6).config(ConfigOption.NUMA_BALANCING, false));
        // SPARSEMEM_VMEMMAP: no section field; NODES_SHIFT 6 -> node [63:58];
        // MAX_NR_ZONES 5 (DMA DMA32 Normal Movable Device) -> ZONES_SHIFT 3 -> zone [57:55]
        assertEquals(55, m.kernelState().pageFlags.zonesPgoff);
        assertEquals(58, m.kernelState().pageFlags.nodesPgoff);
        assertEquals(2L << 55, m.pageField(m.pfnToPage(0x100000, N), "flags", N));   // free Normal page: zone 2
        assertEquals(1L << 55, m.pageField(m.pfnToPage(0x1000, N), "flags", N) & ~((1L << 24) - 1));
        // a reserved frame (first MiB) has PG_reserved (bit 13 in 6.12) and refcount 1
        assertEquals(1L << 13, m.pageField(m.pfnToPage(0x10, N), "flags", N));
        assertEquals(1L, m.pageField(m.pfnToPage(0x10, N), "_refcount", N));
    }

    @Test void classicSparsememKeepsTheSectionInFlags() {
        Machine m = Machine.boot(Machines.pc24g().memoryModel(MemoryModelKind.SPARSEMEM).config(ConfigOption.NODES_SHIFT, 6));
        // SECTIONS_WIDTH = 46 - 27 = 19 -> SECTIONS_PGOFF 45; node [44:39]; zone [38:36]
        assertEquals(45, m.kernelState().pageFlags.sectionsPgoff);
        assertEquals(36, m.kernelState().pageFlags.zonesPgoff);
        long pfn = 0x123456;
        long page = m.pfnToPage(pfn, N);
        assertEquals(pfn, m.pageToPfn(page, N));
        long flags = m.pageField(page, "flags", N);
        assertEquals(pfn >>> 15, flags >>> 45);                               // section number 0x24
        assertEquals(2, m.pageZonenum(page, N));
        // the memmap is in the direct map: virt_to_page(page) is a "memmap" frame
        assertEquals("memmap", m.frameOwner(m.pageToPfn(m.virtToPage(page, N), N)));
        // mem_section[0][3] (SECTIONS_PER_ROOT = 4096 / 16 = 256) holds (memmap - 3 * 32768 * 64) | 0xf
        Kernel k = m.kernelState();
        var sm = (io.kmemlab.emulator.mm.Sparsemem) k.model;
        long enc = sm.sectionMemMap(3, N);
        assertEquals(0xfL, enc & 0x1f);                                       // PRESENT | HAS_MEM_MAP | ONLINE | EARLY
        long map = enc & ~0x1fL;
        assertEquals(m.pfnToPage(3L << 15, N), map + (3L << 15) * 64);
        assertEquals("memmap", m.frameOwner(k.arch.pa(map + (3L << 15) * 64, N) >>> 12));
        assertTrue(m.memmap().contains("memory model sparsemem"), m.memmap());
        // garbage page-table pointers read all ones beyond memory, never an exception
        assertEquals(-1L, m.readEntry(m.va(1L << 45, N), PagingMode.PTE, N));
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    @Test void flatmemMemMapIsTheWholeArray() {
        Machine m = Machine.boot(Machines.small().memoryModel(MemoryModelKind.FLATMEM));
        long mm = m.memMap();
        assertNotEquals(0, mm);
        assertEquals(mm + 0x100 * 64, m.pfnToPage(0x100, N));                // mem_map + (pfn - ARCH_PFN_OFFSET 0)
        assertEquals("memmap", m.frameOwner(m.pageToPfn(m.virtToPage(mm, N), N)));
        // node 0 spans [1, 0x6000): map covers [0, ALIGN(0x6000, 1024)) = 0x6000 descriptors of 64 bytes
        assertEquals(0x6000L * 64 / 4096, m.framesOwnedBy("memmap", null));
    }

    @Test void directMapUsesTheLargestPagesThatFit() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.GBPAGES, false));
        assertEquals(PagingMode.PTE, m.walk(m.kernel(), m.va(0x1000, N), N).leafLevel());      // first MiB: 4K
        assertEquals(PagingMode.PTE, m.walk(m.kernel(), m.va(0x1ff000, N), N).leafLevel());    // 1M..2M: 4K
        assertEquals(PagingMode.PMD, m.walk(m.kernel(), m.va(0x200000, N), N).leafLevel());    // 2M pages
        assertEquals(PagingMode.PMD, m.walk(m.kernel(), m.va(0x100000000L, N), N).leafLevel()); // no gbpages
        // X86_DIRECT_GBPAGES is def_bool y on X86_64 (arch/x86/Kconfig, v6.12): the default machine has PUD leaves
        Machine g = Machine.boot(Machines.pc24g());
        assertTrue(ConfigOption.GBPAGES.defaultOn);
        assertEquals(ConfigOption.GBPAGES, ConfigOption.byName("X86_DIRECT_GBPAGES"));
        // split_mem_range (arch/x86/mm/init.c): 1G pages only over whole aligned GiBs of one RAM range;
        // pc24g's range 0x100000..0xbfffffff covers [1G, 3G) wholly, [0, 1G) only from 1 MiB
        for (long pa = 1L << 30; pa < 3L << 30; pa += 1L << 30)
            assertEquals(PagingMode.PUD, g.walk(g.kernel(), g.va(pa, N), N).leafLevel(), Long.toHexString(pa));
        for (long pa = 4L << 30; pa < 0x640000000L; pa += 1L << 30)
            assertEquals(PagingMode.PUD, g.walk(g.kernel(), g.va(pa, N), N).leafLevel(), Long.toHexString(pa));
        assertEquals(PagingMode.PUD, g.walk(g.kernel(), g.va(0x100000000L, N), N).leafLevel());
        assertEquals(PagingMode.PMD, g.walk(g.kernel(), g.va(0x200000, N), N).leafLevel());    // below the first 1G boundary
        assertEquals(PagingMode.PUD, g.walk(g.kernel(), g.va(0x40000000, N), N).leafLevel());
        // the kernel text map: 2M pages at __START_KERNEL_map + 16M
        var w = m.walk(m.kernel(), 0xffffffff81000000L, N);
        assertEquals(PagingMode.PMD, w.leafLevel());
        assertEquals(0x1000000L, w.pa());
    }

    @Test void vmemmapIsBackedByRealFrames() {
        Machine m = Machine.boot(Machines.pc24g());
        long page = m.pfnToPage(0x100000, N);
        var w = m.walk(m.kernel(), page, N);
        assertEquals(PagingMode.PMD, w.leafLevel());                          // 2 MiB per 128 MiB section
        assertEquals("memmap", m.frameOwner(w.pa() >>> 12));
        // RAM up to 3G: sections 0..23 (3G >> 27 = 24); 4G..25G: sections 32..199 (168); 192 sections * 2 MiB
        assertEquals(192L * 512, m.framesOwnedBy("memmap", null));
    }
}
