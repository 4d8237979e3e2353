package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * ARM with RAM not at physical 0 (v6.12): the kernel runs at KERNEL_RAM_VADDR = PAGE_OFFSET + TEXT_OFFSET
 * (0x8000, arch/arm/Makefile), loaded at PHYS_OFFSET + TEXT_OFFSET, and swapper_pg_dir =
 * KERNEL_RAM_VADDR - PG_DIR_SIZE (0x4000, arch/arm/kernel/head.S): PHYS_OFFSET + 0x4000, virtual
 * PAGE_OFFSET + 0x4000, inside RAM.
 */
class ArmPhysOffsetTest {
    static final Trace N = Trace.NONE;

    @Test void swapperPgDirSitsAtPhysOffsetPlus0x4000() {
        long physOffset = 0x80000000L, pageOffset = 0xC0000000L, textOffset = 0x8000, pgDirSize = 0x4000;
        Machine m = Machine.boot(new MachineSpec().arch("arm").paging("short").memoryModel(MemoryModelKind.FLATMEM)
                .ramSize(physOffset, 1L << 30).config(ConfigOption.HIGHMEM, true));
        assertTrue(m.booted(), () -> m.diagnostics().all().toString());
        long kernelRamVaddr = pageOffset + textOffset;
        assertEquals(kernelRamVaddr, m.symbol("_text"));
        assertEquals(kernelRamVaddr - pgDirSize, m.symbol("swapper_pg_dir"));
        long pgdPa = m.pa(m.symbol("swapper_pg_dir"), N);
        assertEquals(physOffset + textOffset - pgDirSize, pgdPa);
        for (int i = 0; i < 4; i++) assertEquals("page-table", m.frameOwner((pgdPa >>> 12) + i));
        // a lowmem walk goes through it: a section maps the kernel's own first MiB
        assertEquals(physOffset, m.walk(m.kernel(), pageOffset, N).pa());
    }
}
