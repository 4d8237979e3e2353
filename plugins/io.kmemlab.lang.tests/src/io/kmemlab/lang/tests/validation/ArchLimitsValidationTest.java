package io.kmemlab.lang.tests.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import io.kmemlab.lang.validation.IssueCodes;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Machines beyond the arch's real limits are errors at their clause, in the kernel's names:
 * MAX_PHYSMEM_BITS (arch/x86/include/asm/sparsemem.h, 6.12: 46 with 4-level, 52 with 5-level,
 * i386 36 with PAE and 32 without), NR_CPUS (arch/x86/Kconfig NR_CPUS_RANGE_END), MAX_NUMNODES
 * (1 << NODES_SHIFT). RAM above 4 GiB without PAE is the kernel's warning, not an error.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class ArchLimitsValidationTest {
    @Inject private ParseHelper<Model> parser;
    @Inject private ValidationTestHelper validator;

    /** "line: severity: message" of each issue of a machine with these clauses (line 1 is `machine m {`). */
    private List<String> issues(String clauses) throws Exception {
        Model m = parser.parse("machine m {\n" + clauses + "\n}\n");
        assertTrue(m.eResource().getErrors().isEmpty(), () -> "syntax: " + m.eResource().getErrors());
        List<Issue> all = validator.validate(m);
        assertTrue(all.stream().allMatch(i -> IssueCodes.BEYOND_ARCH_LIMITS.equals(i.getCode()) || IssueCodes.RAM_EMPTY.equals(i.getCode())),
                all::toString);
        return all.stream().map(i -> i.getLineNumber() + ": " + i.getSeverity().name().toLowerCase() + ": " + i.getMessage())
                .collect(Collectors.toList());
    }

    @Test void ramAbove2To46OnFourLevel() throws Exception {
        assertEquals(List.of("3: error: RAM above 2^46 bytes: x86_64 with 4-level paging has MAX_PHYSMEM_BITS 46; use paging 5-level"),
                issues("arch x86_64\nram 0 size 256T"));
    }

    @Test void fiveLevelTakesWhatFourLevelRefuses() throws Exception {
        assertEquals(List.of(), issues("arch x86_64 paging 5-level\nram 0 size 64T"));
        assertEquals(List.of("2: error: RAM above 2^52 bytes: x86_64 with 5-level paging has MAX_PHYSMEM_BITS 52"),
                issues("arch x86_64 paging 5-level ram 0 size 131072T"));
    }

    @Test void ramAtTheTopOfTheAddressSpace() throws Exception {
        assertEquals(List.of("2: error: RAM above 2^46 bytes: x86_64 with 4-level paging has MAX_PHYSMEM_BITS 46; use paging 5-level"),
                issues("ram 0xfffffffffffff000 size 4K"));
    }

    @Test void aNegativeSizeAndASizePast2To64() throws Exception {
        assertEquals(List.of("2: error: RAM size -1073741824 is negative: a size counts bytes up from the start"),
                issues("ram 0x100000 size -1G"));
        assertEquals(List.of("2: error: RAM range 0xffffffff00000000 size 0x200000000 ends past 2^64"),
                issues("ram 0xffffffff00000000 size 8G"));
    }

    @Test void paeAndTwoLevelI386() throws Exception {
        assertEquals(List.of("2: error: RAM above 2^36 bytes: i386 with PAE has MAX_PHYSMEM_BITS 36"),
                issues("arch i386 paging pae ram 0x100000 size 128G"));
        // the kernel boots and prints MSG_HIGHMEM_TRIMMED (arch/x86/mm/init_32.c highmem_pfn_init, 6.12)
        assertEquals(List.of("2: warning: RAM above 4 GiB on i386 without PAE: the kernel uses only the first 4 GiB (\"Warning: "
                + "only 4GB will be used. Use a HIGHMEM64G enabled kernel!\"); use paging pae"),
                issues("arch i386 paging 2-level ram 0x100000 size 64G"));
    }

    /**
     * The machine's NR_CPUS decides (nr_cpu_ids <= NR_CPUS): i386 distribution kernels have NR_CPUS 8
     * (arch/x86/Kconfig NR_CPUS_DEFAULT, 32-bit SMP), which a config block can raise up to 64.
     */
    @Test void cpusBeyondTheConfiguredNrCpus() throws Exception {
        assertEquals(List.of("3: error: cpus 9 exceeds NR_CPUS 8: the kernel brings up at most NR_CPUS CPUs and leaves the others offline; "
                + "write cpus 8 or fewer, or raise NR_CPUS in the config block (at most 64 on i386 with PAE, arch/x86/Kconfig "
                + "NR_CPUS_RANGE_END with X86_BIGSMP)"), issues("arch i386 paging pae ram 0 size 1G\ncpus 9"));
        assertEquals(List.of(), issues("arch i386 paging pae ram 0 size 1G\ncpus 9\nconfig { NR_CPUS 16 }"));
        assertEquals(List.of("3: error: cpus 20 exceeds NR_CPUS 16: the kernel brings up at most NR_CPUS CPUs and leaves the others offline; "
                + "write cpus 16 or fewer, or raise NR_CPUS in the config block (at most 64 on i386 with PAE, arch/x86/Kconfig "
                + "NR_CPUS_RANGE_END with X86_BIGSMP)"), issues("arch i386 paging pae ram 0 size 1G\ncpus 20\nconfig { NR_CPUS 16 }"));
    }

    /** ARM PHYS_OFFSET: 2 MiB aligned since 5.11 (arch/arm/kernel/phys2virt.S __fixup_pv_table), no check on 2.6.32. */
    @Test void armRamStartAlignment() throws Exception {
        assertEquals(List.of("3: error: RAM starts at 0x80100000: ARM kernel 6.12 needs PHYS_OFFSET (the start of RAM) 2 MiB aligned since 5.11 "
                + "(arch/arm/kernel/phys2virt.S __fixup_pv_table), or it stops in a dead loop before the first message; start RAM at "
                + "0x80000000 or 0x80200000"), issues("arch arm kernel 6.12\nram 0x80100000 size 512M"));
        assertEquals(List.of(), issues("arch arm kernel 6.12\nram 0x80200000 size 512M"));
        assertEquals(List.of(), issues("arch arm kernel 2.6\nram 0x80100000 size 512M"));
    }

    @Test void cpusAndNodeIds() throws Exception {
        assertEquals(List.of("3: error: " + "cpus 1000000000 exceeds NR_CPUS 8192: the kernel brings up at most NR_CPUS CPUs and leaves the others offline; "
                + "write cpus 8192 or fewer (x86_64 with 4-level paging has NR_CPUS at most 8192, arch/x86/Kconfig NR_CPUS_RANGE_END with MAXSMP)"), issues("ram 0 size 1G\ncpus 1000000000"));
        // x86_64 6.x distribution kernels: MAXSMP, so NODES_SHIFT 10 (arch/x86/Kconfig "default "10" if MAXSMP")
        assertEquals(List.of("3: error: node 1000000: x86_64 with 4-level paging has MAX_NUMNODES " + (1 << 10)
                + " (1 << CONFIG_NODES_SHIFT 10), so node ids are 0.." + ((1 << 10) - 1)), issues("ram 0 size 1G\nnode 1000000 { ram 1G size 1G }"));
        assertEquals(List.of(), issues("ram 0 size 1G\ncpus 8192\nnode 1023 { ram 1G size 1G }"));
        // the machine's own NODES_SHIFT decides: 1 << 6 nodes
        assertEquals(List.of("4: error: node 64: x86_64 with 4-level paging has MAX_NUMNODES 64 (1 << CONFIG_NODES_SHIFT 6), "
                + "so node ids are 0..63"), issues("ram 0 size 1G\nconfig { NODES_SHIFT 6 }\nnode 64 { ram 1G size 1G }"));
        // without NUMA there is one node (include/linux/numa.h: NODES_SHIFT 0)
        assertEquals(List.of("4: error: node 1: x86_64 with 4-level paging has MAX_NUMNODES 1 (1 << CONFIG_NODES_SHIFT 0), "
                + "so node ids are 0..0"), issues("ram 0 size 1G\nconfig { NUMA off }\nnode 1 { ram 1G size 1G }"));
    }
}
