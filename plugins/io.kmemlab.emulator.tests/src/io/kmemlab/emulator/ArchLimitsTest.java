package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.arch.ArchLimits;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Machines beyond what the arch's kernel can describe are refused before anything is sized from
 * them (they used to end in NegativeArraySizeException, ArrayIndexOutOfBounds or an
 * OutOfMemoryError after a minute), with the kernel's names for the limit. Expected limits from
 * arch/x86/include/asm/sparsemem.h (6.12: MAX_PHYSMEM_BITS pgtable_l5_enabled() ? 52 : 46;
 * X86_PAE 36, else 32), arch/x86/Kconfig (NR_CPUS_RANGE_END 8192 with MAXSMP, NODES_SHIFT 6).
 */
class ArchLimitsTest {
    private static final long GIB = 1L << 30;

    private static List<String> errors(MachineSpec spec) {
        Machine m = Machine.create(spec);
        assertNull(m.phase(), "a machine beyond the limits cannot boot");
        return m.diagnostics().all().stream().filter(d -> d.kind() == Diagnostic.Kind.ERROR).map(Diagnostic::headline).toList();
    }

    @Test void ramAbove2To46OnFourLevelNamesMaxPhysmemBitsAndFiveLevel() {
        long end = (1L << 48) - 1;   // 256 TiB
        assertEquals(List.of(String.format("RAM range 0x0 .. %#x: RAM above 2^46 bytes: x86_64 with 4-level paging has "
                + "MAX_PHYSMEM_BITS 46; use paging 5-level", end)), errors(new MachineSpec().ram(0, end)));
    }

    @Test void fiveLevelReachesTwoTo52AndNoFurther() {
        assertEquals(52, ArchLimits.of("x86_64", "5-level", "6.12").maxPhysmemBits());
        long end = (1L << 57) - 1;  // 128 PiB
        assertEquals(List.of(String.format("RAM range 0x0 .. %#x: RAM above 2^52 bytes: x86_64 with 5-level paging has "
                + "MAX_PHYSMEM_BITS 52", end)), errors(new MachineSpec().paging("5-level").ram(0, end)));
    }

    @Test void ramAtTheTopOfTheAddressSpaceIsRefused() {
        List<String> e = errors(new MachineSpec().ram(0, 0xfffffff).ram(0xfffffffffffff000L, 0xffffffffffffffffL));
        assertEquals(List.of("RAM range 0xfffffffffffff000 .. 0xffffffffffffffff: RAM above 2^46 bytes: x86_64 with 4-level "
                + "paging has MAX_PHYSMEM_BITS 46; use paging 5-level"), e);
    }

    @Test void anEmptyOrNegativeSizeIsRefused() {
        assertEquals(List.of("RAM range 0x100000 .. 0xfffff ends before it starts (a negative size, or start + size past 2^64)"),
                errors(new MachineSpec().ramSize(0x100000, 0)));
        // a negative length wraps the end past 2^64 - 1 - GIB: beyond any MAX_PHYSMEM_BITS
        long end = 0x100000 - GIB - 1;
        assertEquals(List.of(String.format("RAM range 0x100000 .. %#x: RAM above 2^46 bytes: x86_64 with 4-level paging has "
                + "MAX_PHYSMEM_BITS 46; use paging 5-level", end)), errors(new MachineSpec().ramSize(0x100000, -GIB)));
    }

    @Test void cpusBeyondNrCpus() {
        assertEquals(List.of("cpus 1000000000: x86_64 with 4-level paging has NR_CPUS at most 8192 (arch/x86/Kconfig "
                + "NR_CPUS_RANGE_END with MAXSMP)"), errors(new MachineSpec().ram(0, GIB - 1).cpus(1_000_000_000)));
        assertEquals(List.of("cpus 0: a machine has at least 1 CPU"), errors(new MachineSpec().ram(0, GIB - 1).cpus(0)));
    }

    @Test void nodeIdsBelowMaxNumnodes() {
        // the distribution default on x86_64 6.x: MAXSMP, so NODES_SHIFT 10 (arch/x86/Kconfig)
        assertEquals(List.of("node 1000000: x86_64 with 4-level paging has MAX_NUMNODES " + (1 << 10) + " (1 << CONFIG_NODES_SHIFT 10), so "
                + "node ids are 0.." + ((1 << 10) - 1)), errors(new MachineSpec().ram(0, GIB - 1).ram(GIB, 2 * GIB - 1, 1_000_000)));
    }

    @Test void aKernelImagePastTheEndOfRam() {
        assertEquals(List.of("kernel-image at 0x40000000 size 0x2000000 ends past the end of RAM (0x3fffffff)"),
                errors(new MachineSpec().ram(0, GIB - 1).kernelImage(GIB, 32L << 20)));
    }

    @Test void sixtyFourGibOnTwoLevelI386BootsWithTheKernelsWarningAndUsesFourGib() {
        Machine m = Machine.create(new MachineSpec().arch("i386").paging("2-level").ram(0x1000, 0x9ffff).ram(0x100000, 64 * GIB - 1));
        assertNotNull(m.phase());
        m.boot();
        assertTrue(m.diagnostics().all().stream().anyMatch(d -> d.kind() == Diagnostic.Kind.WARN
                && d.headline().equals("Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!")), m.diagnostics().all()::toString);
        // max_pfn = MAX_NONPAE_PFN = 1 << (32 - PAGE_SHIFT)
        assertEquals(1L << 20, m.kernelState().maxPfn());
    }

    @Test void paeReachesTwoTo36() {
        assertEquals(36, ArchLimits.of("i386", "pae", "6.12").maxPhysmemBits());
        assertEquals(List.of(String.format("RAM range 0x100000 .. %#x: RAM above 2^36 bytes: i386 with PAE has MAX_PHYSMEM_BITS 36",
                (1L << 37) - 1)), errors(new MachineSpec().arch("i386").paging("pae").ram(0x100000, (1L << 37) - 1)));
    }
}
