package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.MachineSpec;

/**
 * The largest machine an arch's kernel can describe: how far physical memory reaches, how many
 * CPUs and how many nodes. The emulator refuses a machine beyond them before it allocates
 * anything, and the language reports them at the clause, in the same words.
 *
 * @param what           "x86_64 with 4-level paging" ...: the machine as the messages name it
 * @param maxPhysmemBits MAX_PHYSMEM_BITS: RAM ends at or below 2^maxPhysmemBits
 * @param trimmedAbove   for i386 without PAE: RAM above 2^32 is not an error, the kernel ignores
 *                       it with a warning ({@link #TRIMMED_4GB}); 0 elsewhere
 * @param raise          what to write for more (", use paging 5-level"), or ""
 * @param nrCpus         the largest NR_CPUS Kconfig allows
 * @param nrCpusSource   where that bound comes from
 * @param nodesShift     NODES_SHIFT of the configuration (0 without NUMA): MAX_NUMNODES = 1 << nodesShift
 */
public record ArchLimits(String what, int maxPhysmemBits, int trimmedAbove, String raise, int nrCpus, String nrCpusSource,
        int nodesShift) {

    /**
     * highmem_pfn_init() when max_pfn is above MAX_NONPAE_PFN on a kernel without
     * CONFIG_HIGHMEM64G (arch/x86/mm/init_32.c, MSG_HIGHMEM_TRIMMED, 2.6.27 to 6.14; 6.15
     * removed HIGHMEM64G and reworded it).
     */
    public static final String TRIMMED_4GB = "Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!";

    /**
     * The limits of {@code arch} with paging mode {@code paging} (null: the arch's default)
     * under kernel {@code kernel}; null for an arch kmemlab does not model.
     */
    public static ArchLimits of(String arch, String paging, String kernel) {
        return of(new MachineSpec().arch(arch).paging(paging).kernel(kernel));
    }

    /** The limits of the machine {@code spec} describes, with its configured NODES_SHIFT (0 without NUMA). */
    public static ArchLimits of(MachineSpec spec) {
        return of(spec.arch(), spec.paging(), spec.kernel(), spec.nodesShift());
    }

    /** As {@link #of(String, String, String)} with {@code nodesShift} for NODES_SHIFT (include/linux/numa.h). */
    public static ArchLimits of(String arch, String paging, String kernel, int nodesShift) {
        ArchChoices choices = ArchChoices.of(arch);
        if (choices == null) return null;
        String mode = paging == null || !choices.pagingModes().contains(paging) ? choices.defaultPaging() : paging;
        boolean old = kernel != null && kernel.startsWith("2.");
        return switch (arch) {
            // arch/x86/include/asm/sparsemem.h: 6.12 MAX_PHYSMEM_BITS (pgtable_l5_enabled() ? 52 : 46);
            // 2.6.32 44 (raised to 46 in 2.6.35, 5-level came in 4.14).
            // NR_CPUS: arch/x86/Kconfig NR_CPUS_RANGE_END, 8192 with CPUMASK_OFFSTACK (MAXSMP).
            case "x86_64" -> mode.equals("5-level")
                    ? new ArchLimits("x86_64 with 5-level paging", 52, 0, "", 8192, "arch/x86/Kconfig NR_CPUS_RANGE_END with MAXSMP", nodesShift)
                    : new ArchLimits("x86_64 with 4-level paging", old ? 44 : 46, 0, old ? "" : "; use paging 5-level", 8192,
                            "arch/x86/Kconfig NR_CPUS_RANGE_END with MAXSMP", nodesShift);
            // arch/x86/include/asm/sparsemem.h: CONFIG_X86_PAE 36, else 32; NR_CPUS_RANGE_END 64 with X86_BIGSMP.
            case "i386" -> mode.equals("pae")
                    ? new ArchLimits("i386 with PAE", 36, 0, "", 64, "arch/x86/Kconfig NR_CPUS_RANGE_END with X86_BIGSMP", nodesShift)
                    : new ArchLimits("i386 without PAE", 32, 32, "; use paging pae", 64,
                            "arch/x86/Kconfig NR_CPUS_RANGE_END with X86_BIGSMP", nodesShift);
            // phys_addr_t is 32 bits without CONFIG_ARM_LPAE (CONFIG_PHYS_ADDR_T_64BIT is selected by it);
            // arch/arm/Kconfig: NR_CPUS "Maximum number of CPUs (2-32)".
            case "arm" -> new ArchLimits("arm with short descriptors (no LPAE)", 32, 0, "", 32, "arch/arm/Kconfig NR_CPUS range 2-32", nodesShift);
            default -> null;
        };
    }

    /** MAX_NUMNODES = 1 << NODES_SHIFT (include/linux/numa.h). */
    public int maxNumnodes() { return 1 << nodesShift; }

    /** Whether RAM reaching {@code endInclusive} is beyond MAX_PHYSMEM_BITS (and not merely trimmed). */
    public boolean ramTooHigh(long endInclusive) {
        return trimmedAbove == 0 && maxPhysmemBits < 64 && Long.compareUnsigned(endInclusive, (1L << maxPhysmemBits) - 1) > 0;
    }

    /** Whether the kernel ignores RAM above {@link #trimmedAbove} with {@link #TRIMMED_4GB}. */
    public boolean ramTrimmed(long endInclusive) {
        return trimmedAbove > 0 && Long.compareUnsigned(endInclusive, (1L << trimmedAbove) - 1) > 0;
    }

    /** "RAM above 2^46 bytes: x86_64 with 4-level paging has MAX_PHYSMEM_BITS 46; use paging 5-level". */
    public String ramTooHighMessage() {
        return "RAM above 2^" + maxPhysmemBits + " bytes: " + what + " has MAX_PHYSMEM_BITS " + maxPhysmemBits + raise;
    }

    /** The warning for RAM above 4 GiB on i386 without PAE. */
    public String ramTrimmedMessage() {
        return "RAM above 4 GiB on " + what + ": the kernel uses only the first 4 GiB (\"" + TRIMMED_4GB + "\")" + raise;
    }

    /** Null when {@code cpus} is a possible NR_CPUS, else why not. */
    public String cpusProblem(long cpus) {
        if (cpus < 1) return "cpus " + cpus + ": a machine has at least 1 CPU";
        if (cpus > nrCpus) return "cpus " + cpus + ": " + what + " has NR_CPUS at most " + nrCpus + " (" + nrCpusSource + ")";
        return null;
    }

    /**
     * Null when a kernel built with NR_CPUS {@code configured} can run {@code cpus} CPUs, else
     * why not and what to write. The kernel sizes its cpumasks and per-CPU areas for NR_CPUS
     * (nr_cpu_ids <= NR_CPUS, include/linux/cpumask.h) and leaves the CPUs beyond it offline, so
     * a machine with more CPUs than its kernel's NR_CPUS is not what the scenario describes.
     */
    public String cpusProblem(long cpus, long configured) {
        if (cpus < 1) return cpusProblem(cpus);
        long limit = Math.min(configured, nrCpus);
        if (cpus <= limit) return null;
        String fix = limit < nrCpus
                ? "write cpus " + limit + " or fewer, or raise NR_CPUS in the config block (at most " + nrCpus + " on " + what + ", " + nrCpusSource + ")"
                : "write cpus " + limit + " or fewer (" + what + " has NR_CPUS at most " + nrCpus + ", " + nrCpusSource + ")";
        return "cpus " + cpus + " exceeds NR_CPUS " + limit + ": the kernel brings up at most NR_CPUS CPUs and leaves the others offline; " + fix;
    }

    /**
     * The alignment ARM's boot code requires of PHYS_OFFSET (the start of RAM), 0 for none.
     * With ARM_PATCH_PHYS_VIRT (default y since it came in 2.6.39) __fixup_pv_table patches the
     * PHYS_OFFSET - PAGE_OFFSET delta into add/sub immediates: until 5.10 they carry bits 31..24,
     * so the delta must be 16 MiB aligned (arch/arm/kernel/head.S, "must be 16MiB aligned"); 5.11
     * moved the code to arch/arm/kernel/phys2virt.S and patches bits 31..21, so 2 MiB suffices
     * ("must be 2 MiB aligned"). A misaligned delta makes it spin in a dead loop before anything
     * is printed. Kernel 2.6.32 has no ARM_PATCH_PHYS_VIRT: PHYS_OFFSET is a constant of the platform
     * and nothing is checked.
     */
    public static long armPhysOffsetAlignment(io.kmemlab.emulator.spec.KernelProfile profile) {
        if (profile.atLeast(5, 11)) return 2L << 20;
        if (profile.atLeast(3, 0)) return 16L << 20;            // (2.6.39 and 2.6.40 are no profile of kmemlab)
        return 0;
    }

    /** Null when {@code ramStart} is a usable PHYS_OFFSET for an ARM kernel of {@code profile}, else why not. */
    public static String armPhysOffsetProblem(long ramStart, io.kmemlab.emulator.spec.KernelProfile profile) {
        long align = armPhysOffsetAlignment(profile);
        if (align == 0 || (ramStart & (align - 1)) == 0) return null;
        long down = ramStart & -align, up = down + align;
        String since = align == 2L << 20 ? "since 5.11 (arch/arm/kernel/phys2virt.S __fixup_pv_table)" : "(arch/arm/kernel/head.S __fixup_pv_table)";
        return String.format("RAM starts at %#x: ARM kernel %s needs PHYS_OFFSET (the start of RAM) %d MiB aligned %s, or it stops in a "
                + "dead loop before the first message; start RAM at %#x or %#x", ramStart, profile.version(), align >>> 20, since, down, up);
    }

    /** Null when {@code nid} is a possible node id, else why not. */
    public String nodeProblem(long nid) {
        if (nid >= 0 && nid < maxNumnodes()) return null;
        return "node " + nid + ": " + what + " has MAX_NUMNODES " + maxNumnodes() + " (1 << CONFIG_NODES_SHIFT " + nodesShift
                + "), so node ids are 0.." + (maxNumnodes() - 1);
    }
}
