package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * 2.6.32 x86_64 (arch/x86/include/asm/page_64_types.h, pgtable_64_types.h; Documentation/x86/x86_64/mm.txt):
 * __PAGE_OFFSET 0xffff880000000000, KERNEL_IMAGE_SIZE 512 MiB so MODULES_VADDR = 0xffffffff80000000 +
 * 512 MiB = 0xffffffffa0000000; four zones (DMA, DMA32, Normal, Movable - ZONE_DEVICE came in 4.3), so
 * ZONES_SHIFT = order_base_2(MAX_NR_ZONES 4) = 2 (include/linux/page-flags-layout.h). 6.12 has
 * ZONE_DEVICE: MAX_NR_ZONES 5, ZONES_SHIFT 3.
 */
class Kernel2632LayoutTest {
    static final Trace N = Trace.NONE;

    @Test void pageOffsetModulesAndZoneBits() {
        Machine m = Machine.boot(Machines.small().kernel("2.6"));
        assertEquals(0xffff880000000000L, m.layout().pageOffset());
        assertEquals(0xffff880000000000L + 0x1000, m.va(0x1000, N));
        assertEquals(0xffffffff80000000L + (512L << 20), m.layout().modulesVaddr());
        assertEquals(0xffffffffa0000000L, m.layout().modulesVaddr());
        int maxNrZones = 4;
        assertEquals(32 - Integer.numberOfLeadingZeros(maxNrZones - 1), m.kernelState().pageFlags.zonesWidth);
        Machine now = Machine.boot(Machines.small());
        assertEquals(0xffff888000000000L, now.layout().pageOffset());
        assertEquals(0xffffffffc0000000L, now.layout().modulesVaddr());
        assertEquals(32 - Integer.numberOfLeadingZeros(5 - 1), now.kernelState().pageFlags.zonesWidth);
    }

    /**
     * 2.6.32 mm/rmap.c page_add_new_anon_rmap -> lru_cache_add_lru(page, LRU_ACTIVE_ANON): when the pagevec
     * (PAGEVEC_SIZE 14) drains, ____pagevec_lru_add sets PG_lru and PG_active. 6.12 starts anon folios
     * inactive (lru_cache_add_inactive_or_unevictable, 5.9+).
     */
    @Test void anonPagesGoOnTheActiveList() {
        for (String v : new String[]{"2.6", "6.12"}) {
            Machine m = Machine.boot(Machines.small().kernel(v));
            Task p = m.process("app");
            long a = m.mmap(p, 4096, io.kmemlab.emulator.process.UserFlags.PROT_READ | io.kmemlab.emulator.process.UserFlags.PROT_WRITE, 0, N);
            m.write(p, a, 4, 1, N);
            m.kernelState().processes().lruAddDrain(N);
            long page = m.pfnToPage(m.walk(p, a, N).pa() >>> 12, N);
            assertTrue(m.pageFlag("LRU", page, N), v);
            assertEquals(v.equals("2.6"), m.pageFlag("Active", page, N), v);
        }
    }

    /**
     * 2.6.32 arch/x86/include/asm/pgtable_64.h: SWP_TYPE_BITS = _PAGE_BIT_FILE (6) - _PAGE_BIT_PRESENT (0) - 1,
     * SWP_OFFSET_SHIFT = _PAGE_BIT_PROTNONE (8) + 1; __swp_entry(type, offset) = type << 1 | offset << 9
     * (no L1TF inversion, no exclusive bit). The first swap slot handed out is offset 1 (slot 0 is the header).
     */
    @Test void swapEntryEncoding() {
        Machine m = Machine.boot(Machines.small().kernel("2.6"));
        Task p = m.process("app");
        long a = m.mmap(p, 4096, io.kmemlab.emulator.process.UserFlags.PROT_READ | io.kmemlab.emulator.process.UserFlags.PROT_WRITE, 0, N);
        m.write(p, a, 4, 0x55, N);
        assertTrue(m.swapOut(p, a, N));
        assertEquals((0L << 1) | (1L << 9), m.walk(p, a, N).last().raw());
        assertEquals(0x55, m.read(p, a, 4, N));
    }
}
