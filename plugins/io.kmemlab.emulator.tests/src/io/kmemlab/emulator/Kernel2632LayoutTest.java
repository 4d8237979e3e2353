package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
