package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The page tables of the linear maps on machines at the 4-level limit, whatever their
 * representation: as many table frames as the kernel allocates, and walks through them that
 * land where the kernel's formulas say. The PC RAM map ([1 MiB, 3 GiB), then 4 GiB up), 6.12,
 * x86_64 4-level with 1 GiB direct-map pages (X86_DIRECT_GBPAGES, the default).
 */
class LinearMapTablesTest {
    private static final long GIB = 1L << 30;
    private static final long PAGE_OFFSET = 0xffff888000000000L;     // __PAGE_OFFSET_BASE_L4
    private static final long VMEMMAP = 0xffffea0000000000L;         // __VMEMMAP_BASE_L4
    private static final int STRUCT_PAGE = 64;

    private static MachineSpec pc(long bytes) {
        return new MachineSpec().arch("x86_64").paging("4-level").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, bytes - 1)
                .kernelImage(16L << 20, 48L << 20);
    }

    private static long pageTableFrames(Machine m) { return m.inspect().physicalMap().count(FrameOwner.PAGE_TABLE); }

    /**
     * From 64 GiB to 64 TiB the direct map gains the PUD tables of 63.94 TiB more of 1 GiB pages
     * (phys_pud_init(), arch/x86/mm/init_64.c: one PUD table per 512 GiB, i.e. per pgd entry)
     * and the vmemmap the PMD tables of its 2 MiB blocks (vmemmap_populate_hugepages(): one
     * struct page of 64 bytes per 4 KiB frame, one PMD table per 1 GiB of vmemmap) and their
     * PUD tables (one per 512 GiB of vmemmap). Both maps start on a pgd boundary.
     */
    @Test void a64TiBMachineHasTheTablesOfItsLinearMaps() {
        Machine small = Machine.boot(pc(64 * GIB)), big = Machine.boot(pc(64L << 40));
        long pudSpan = 512 * GIB;                                         // PTRS_PER_PUD * PUD_SIZE
        long directPuds = (64L << 40) / pudSpan - (64 * GIB + pudSpan - 1) / pudSpan;
        long vmemmapBig = ((64L << 40) >>> 12) * STRUCT_PAGE, vmemmapSmall = ((64 * GIB) >>> 12) * STRUCT_PAGE;
        long pmdTables = vmemmapBig / GIB - (vmemmapSmall + GIB - 1) / GIB;
        long pudTables = vmemmapBig / pudSpan - (vmemmapSmall + pudSpan - 1) / pudSpan;
        assertEquals(127 + 1023 + 1, directPuds + pmdTables + pudTables);
        assertEquals(directPuds + pmdTables + pudTables, pageTableFrames(big) - pageTableFrames(small));
    }

    /**
     * Walks through init_mm: the direct map gives __pa(PAGE_OFFSET + pa) = pa, and the vmemmap
     * is one node buffer carved in address order (sparse_buffer_init(), mm/sparse.c), so the
     * struct pages of frames above 4 GiB lie at one constant offset from their vmemmap address.
     */
    @Test void walksOnA64TiBMachineFollowTheFormulas() {
        Machine m = Machine.boot(pc(64L << 40));
        AddressSpace initMm = m.inspect().addressSpace("init_mm");
        Random r = new Random(7);
        long firstHigh = 0x100000000L >>> 12;
        long ref = m.inspect().walk(initMm, VMEMMAP + firstHigh * STRUCT_PAGE).pa() - (VMEMMAP + firstHigh * STRUCT_PAGE);
        for (int i = 0; i < 2000; i++) {
            long pa = 0x100000000L + (long) (r.nextDouble() * ((64L << 40) - 0x100000000L));
            Translation t = m.inspect().walk(initMm, PAGE_OFFSET + pa);
            assertTrue(t.mapped(), () -> "direct map of 0x" + Long.toHexString(pa));
            assertEquals(pa, t.pa());
            long pfn = pa >>> 12, page = m.pfnToPage(pfn, Trace.NONE);
            assertEquals(VMEMMAP + pfn * STRUCT_PAGE, page, "pfn_to_page = vmemmap + pfn");
            Translation v = m.inspect().walk(initMm, page);
            assertTrue(v.mapped(), () -> "vmemmap of pfn 0x" + Long.toHexString(pfn));
            assertEquals(page + ref, v.pa(), () -> "struct page of pfn 0x" + Long.toHexString(pfn));
            assertEquals(FrameOwner.MEMMAP, m.inspect().page(v.pa() >>> 12).owner());
        }
    }
}
