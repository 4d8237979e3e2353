package io.kmemlab.emulator.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The .config format conf_write() writes (scripts/kconfig/confdata.c): "CONFIG_X=y", "=m",
 * "=123", "=0x..", "=\"text\"", and "# CONFIG_X is not set" for a visible switch that is off.
 */
class KernelConfigFileTest {
    @Test
    void switchesNumbersAndIgnoredOptions() {
        KernelConfigFile f = KernelConfigFile.parse(List.of(
                "#", "# Linux/x86 6.12.0 Kernel Configuration", "#",
                "CONFIG_NUMA=y", "CONFIG_NODES_SHIFT=10", "CONFIG_NR_CPUS=0x2000",
                "# CONFIG_NUMA_BALANCING is not set", "CONFIG_TRANSPARENT_HUGEPAGE=y", "CONFIG_X86_DIRECT_GBPAGES=y",
                "CONFIG_DEFAULT_HOSTNAME=\"(none)\"", "CONFIG_KASAN=m", ""));
        assertEquals(1L, f.values().get(ConfigOption.NUMA));
        assertEquals(10L, f.values().get(ConfigOption.NODES_SHIFT));
        assertEquals(8192L, f.values().get(ConfigOption.NR_CPUS));
        assertEquals(0L, f.values().get(ConfigOption.NUMA_BALANCING));
        assertEquals(1L, f.values().get(ConfigOption.THP));
        assertEquals(1L, f.values().get(ConfigOption.GBPAGES));
        // a complete .config: a switch it does not mention is off in that kernel
        assertEquals(0L, f.values().get(ConfigOption.VMAP_STACK));
        assertEquals(0L, f.values().get(ConfigOption.DEFERRED_STRUCT_PAGE_INIT));
        assertTrue(f.problems().isEmpty(), f.problems().toString());
        assertEquals(8, f.recognisedLines());
    }

    /** The HIGHMEM choice of arch/x86/Kconfig: NOHIGHMEM, HIGHMEM4G or HIGHMEM64G. */
    @Test
    void theHighmemChoice() {
        assertEquals(0L, KernelConfigFile.parse(List.of("CONFIG_NOHIGHMEM=y")).values().get(ConfigOption.HIGHMEM));
        assertEquals(1L, KernelConfigFile.parse(List.of("CONFIG_HIGHMEM64G=y", "CONFIG_HIGHMEM=y")).values().get(ConfigOption.HIGHMEM));
    }

    @Test
    void oddLinesAreProblemsWithTheirLineNumbers() {
        KernelConfigFile f = KernelConfigFile.parse(List.of("CONFIG_NUMA=y", "garbage here", "CONFIG_NODES_SHIFT=ten", "CONFIG_NUMA_BALANCING=7"));
        assertEquals(List.of(2, 3, 4), f.problems().stream().map(KernelConfigFile.Problem::line).toList());
        assertTrue(f.problems().get(1).message().contains("a number was expected"), f.problems().toString());
        assertTrue(f.problems().get(2).message().contains("a switch is y, m or n"), f.problems().toString());
        assertEquals(1L, f.values().get(ConfigOption.NUMA));
    }

    @Test
    void aFileWithoutConfigLinesDecidesNothing() {
        KernelConfigFile f = KernelConfigFile.parse(List.of("hello", "world"));
        assertEquals(0, f.recognisedLines());
        assertFalse(f.values().containsKey(ConfigOption.VMAP_STACK));
    }
}
