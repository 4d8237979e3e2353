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
        assertEquals(List.of("cpus 1000000000 exceeds NR_CPUS 8192: the kernel brings up at most NR_CPUS CPUs and leaves the others offline; "
                + "write cpus 8192 or fewer (x86_64 with 4-level paging has NR_CPUS at most 8192, arch/x86/Kconfig NR_CPUS_RANGE_END with MAXSMP)"), errors(new MachineSpec().ram(0, GIB - 1).cpus(1_000_000_000)));
        assertEquals(List.of("cpus 0: a machine has at least 1 CPU"), errors(new MachineSpec().ram(0, GIB - 1).cpus(0)));
    }

    /**
     * The configured NR_CPUS bounds the CPUs (nr_cpu_ids <= NR_CPUS, include/linux/cpumask.h): i386
     * distribution kernels default to NR_CPUS 8 (arch/x86/Kconfig NR_CPUS_DEFAULT for 32-bit SMP),
     * ARM to 4 (arch/arm/Kconfig NR_CPUS default "4"); the Kconfig range ends at 64 and 32.
     */
    @Test void cpusBeyondTheConfiguredNrCpus() {
        long i386Default = 8, i386Max = 64, armDefault = 4, armMax = 32;
        MachineSpec i386 = new MachineSpec().arch("i386").paging("pae").ram(0, GIB - 1).cpus((int) i386Default + 1);
        assertEquals(List.of("cpus 9 exceeds NR_CPUS " + i386Default + ": the kernel brings up at most NR_CPUS CPUs and leaves the others "
                + "offline; write cpus " + i386Default + " or fewer, or raise NR_CPUS in the config block (at most " + i386Max
                + " on i386 with PAE, arch/x86/Kconfig NR_CPUS_RANGE_END with X86_BIGSMP)"), errors(i386));
        assertTrue(Machine.boot(i386.config(io.kmemlab.emulator.spec.ConfigOption.NR_CPUS, 16)).booted());
        MachineSpec arm = new MachineSpec().arch("arm").ram(0, GIB - 1).cpus((int) armDefault + 1);
        assertEquals(List.of("cpus 5 exceeds NR_CPUS " + armDefault + ": the kernel brings up at most NR_CPUS CPUs and leaves the others "
                + "offline; write cpus " + armDefault + " or fewer, or raise NR_CPUS in the config block (at most " + armMax
                + " on arm with short descriptors (no LPAE), arch/arm/Kconfig NR_CPUS range 2-32)"), errors(arm));
        assertTrue(Machine.boot(new MachineSpec().arch("arm").ram(0, GIB - 1).cpus((int) armDefault)).booted());
    }

    /**
     * ARM_PATCH_PHYS_VIRT's __fixup_pv_table: since 5.11 (arch/arm/kernel/phys2virt.S, "teq r3, r0, lsl #21
     * @ must be 2 MiB aligned") PHYS_OFFSET - PAGE_OFFSET must be a multiple of 2 MiB; PAGE_OFFSET is
     * 0xC0000000 here, so PHYS_OFFSET itself. 2.6.32 has no ARM_PATCH_PHYS_VIRT (it came in 2.6.39).
     */
    @Test void armPhysOffsetIsTwoMibAlignedSince511() {
        long twoMib = 2L << 20, start = 0x80000000L + twoMib / 2;
        String expected = String.format("RAM starts at %#x: ARM kernel 6.12 needs PHYS_OFFSET (the start of RAM) 2 MiB aligned since 5.11 "
                + "(arch/arm/kernel/phys2virt.S __fixup_pv_table), or it stops in a dead loop before the first message; start RAM at %#x or %#x",
                start, start & -twoMib, (start & -twoMib) + twoMib);
        assertEquals(List.of(expected), errors(new MachineSpec().arch("arm").kernel("6.12").ramSize(start, GIB)));
        assertEquals(1, errors(new MachineSpec().arch("arm").kernel("6.1").ramSize(start, GIB)).size());
        assertTrue(Machine.boot(new MachineSpec().arch("arm").kernel("6.12").ramSize(start + twoMib / 2, GIB)).booted());
        Machine old = Machine.boot(new MachineSpec().arch("arm").kernel("2.6").ramSize(start, GIB));
        assertTrue(old.booted(), () -> old.diagnostics().all().toString());
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
