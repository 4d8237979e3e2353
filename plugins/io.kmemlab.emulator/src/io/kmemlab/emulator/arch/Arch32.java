package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * What the 32-bit arches (i386, ARM) share: the fixmap with the kmap_atomic / kmap_local
 * slots, a lowmem limit below which RAM is direct-mapped, and the kernel page tables created
 * at boot for the areas above it.
 */
public interface Arch32 extends Arch {
    @Override Fixmap fixmap();

    @Override long lowmemEnd();

    /** Bytes of the pgd (swapper_pg_dir): 4 KiB on i386 (32 bytes of PDPT with PAE), 16 KiB on ARM. */
    default long pgdBytes() { return 4096; }

    /** An address __virt_addr_valid() accepts (the pkmap window on i386) still has no frame behind it above high_memory. */
    @Override default boolean paMeaningful(long va) {
        return linearAddress(va) && Long.compareUnsigned(va, layout().directMapEnd()) < 0;
    }

    /**
     * The pte tables under the vmalloc area, the pkmap window and the fixmap exist before any
     * process pgd is cloned (permanent_kmaps_init / early_ioremap_page_table_range_init ->
     * page_table_range_init in arch/x86/mm/init_32.c; ARM early_fixmap / kmap_init in
     * arch/arm/mm/mmu.c). The vmalloc tables stand in for the kernel's later syncing of
     * kernel pgd entries into every pgd (vmalloc_fault / arch_sync_kernel_mappings on i386,
     * do_translation_fault on ARM): a new vmalloc table is visible in every process.
     */
    @Override default void preallocateKernelTables(KernelTables tables, Trace t) {
        Layout l = layout();
        long span = 1L << paging().level(PagingMode.PMD).shift();
        List<long[]> ranges = new ArrayList<>();
        ranges.add(new long[]{l.vmallocStart(), l.vmallocEnd()});
        if (l.pkmapBase() != 0) ranges.add(new long[]{l.pkmapBase(), l.pkmapBase() + ((long) l.lastPkmap() << 12)});
        ranges.add(new long[]{fixmap().kmapLow(), fixmap().kmapHigh() + 4096});
        ranges.add(new long[]{l.fixaddrStart(), l.fixaddrTop() + 4096});
        int n = 0;
        for (long[] r : ranges) {
            for (long va = r[0] & -span; Long.compareUnsigned(va, r[1]) < 0 && va >= (r[0] & -span); va += span) {
                if (!tables.has(va, PagingMode.PTE)) n++;
                tables.ensure(va, PagingMode.PTE);
                if (va + span > 0xffffffffL) break;
            }
        }
        if (t.enabled()) t.formula(String.format("page_table_range_init: pte tables for vmalloc 0x%x..0x%x, pkmap 0x%x, fixmap 0x%x..0x%x (%d tables)",
                l.vmallocStart(), l.vmallocEnd(), l.pkmapBase(), l.fixaddrStart(), l.fixaddrTop(), n));
    }
}
