package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.trace.Trace;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 2.6.32 x86_64: sizeof(struct page) is 56 (include/linux/mm_types.h at v2.6.32: flags 8, _count 4,
 * _mapcount 4, {private, mapping} 16, index 8, lru 16; no WANT_PAGE_VIRTUAL, no KMEMCHECK), so
 * pfn_to_page(pfn) = vmemmap + pfn = VMEMMAP_START + pfn * 56 (include/asm-generic/memory_model.h,
 * VMEMMAP_START 0xffffea0000000000 in arch/x86/include/asm/pgtable_64_types.h at v2.6.32).
 * vmemmap_populate() (arch/x86/mm/init_64.c at v2.6.32) backs every 2 MiB PMD of a present
 * section's memmap that is still empty with a 2 MiB block.
 */
class Vmemmap2632Test {
    static final Trace N = Trace.NONE;
    static final long VMEMMAP_START = 0xffffea0000000000L, PMD = 1L << 21;
    static final int SIZEOF_PAGE = 8 + 4 + 4 + 16 + 8 + 16;
    static final int PAGES_PER_SECTION = 1 << (27 - 12);      // SECTION_SIZE_BITS 27

    @Test void pfnToPageAndBackStepBy56() {
        Machine m = Machine.boot(Machines.small().kernel("2.6"));
        assertEquals(56, SIZEOF_PAGE);
        assertEquals(56, m.arch().structPageSize());
        for (long pfn : new long[]{0, 1, 0x100, 0x1000, 0x5fff}) {
            long page = VMEMMAP_START + pfn * SIZEOF_PAGE;
            assertEquals(page, m.pfnToPage(pfn, N), "pfn 0x" + Long.toHexString(pfn));
            assertEquals(pfn, m.pageToPfn(page, N));
            // virt_to_page(__va(pa)) = pfn_to_page(pa >> PAGE_SHIFT)
            assertEquals(page, m.virtToPage(0xffff880000000000L + (pfn << 12) + 0x123, N));
        }
        // 6.12 keeps 64-byte descriptors
        Machine now = Machine.boot(Machines.small());
        assertEquals(VMEMMAP_START + 0x100 * 64L, now.pfnToPage(0x100, N));
    }

    /** A descriptor that straddles a 2 MiB vmemmap block is readable on both sides of it. */
    @Test void descriptorsAcrossABlockBoundaryAreBacked() {
        Machine m = Machine.boot(Machines.pc24g().kernel("2.6"));
        long pfn = PMD / SIZEOF_PAGE;                              // 37449 (section 1): starts 8 bytes before the first 2 MiB boundary
        long page = VMEMMAP_START + pfn * SIZEOF_PAGE;
        assertEquals(PMD - 8, page - VMEMMAP_START);
        var first = m.walk(m.kernel(), page, N);
        var last = m.walk(m.kernel(), page + SIZEOF_PAGE - 1, N);
        assertNotNull(first);
        assertNotNull(last);
        assertEquals(PagingMode.PMD, first.leafLevel());
        assertEquals("memmap", m.frameOwner(first.pa() >>> 12));
        assertEquals("memmap", m.frameOwner(last.pa() >>> 12));
        assertEquals(pfn, m.pageToPfn(page, N));
    }

    /** pc24g: RAM below 3 GiB (sections 0..23) and 4..25 GiB (sections 32..199); count the PMDs their memmaps touch. */
    @Test void backingBlocksFollowTheSmallerDescriptor() {
        Machine m = Machine.boot(Machines.pc24g().kernel("2.6"));
        long perSection = (long) PAGES_PER_SECTION * SIZEOF_PAGE;   // 1792 KiB, less than one block
        Set<Long> blocks = new HashSet<>();
        for (int nr = 0; nr < 200; nr++) {
            if (nr >= 24 && nr < 32) continue;
            for (long off = nr * perSection / PMD * PMD; off < (nr + 1) * perSection; off += PMD) blocks.add(off);
        }
        assertEquals(blocks.size() * (PMD >> 12), m.framesOwnedBy("memmap", null));
        // fewer than the 192 blocks of 6.12's 64-byte descriptors (one per section)
        assertEquals(192L * 512, Machine.boot(Machines.pc24g()).framesOwnedBy("memmap", null));
        org.junit.jupiter.api.Assertions.assertTrue(blocks.size() < 192, "" + blocks.size());
    }
}
