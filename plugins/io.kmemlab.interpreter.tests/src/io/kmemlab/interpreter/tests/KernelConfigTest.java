package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.lang.kmem.Machine;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `config { NODES_SHIFT 10 }` values and `config from "FILE"` (a kernel .config as
 * scripts/kconfig/confdata.c writes it, or gzip-compressed as kernel/configs.c serves
 * /proc/config.gz), relative to the .kmem file.
 */
class KernelConfigTest {
    @TempDir Path dir;

    private static final String CONFIG = """
            #
            # Automatically generated file; DO NOT EDIT.
            # Linux/x86 6.12.0 Kernel Configuration
            #
            CONFIG_64BIT=y
            CONFIG_NUMA=y
            CONFIG_NODES_SHIFT=6
            CONFIG_NR_CPUS=64
            # CONFIG_NUMA_BALANCING is not set
            CONFIG_TRANSPARENT_HUGEPAGE=y
            CONFIG_DEFAULT_HOSTNAME="(none)"
            CONFIG_LOG_BUF_SHIFT=18
            """;

    private Machine load(String kmem) throws Exception {
        Path f = dir.resolve("m.kmem");
        Files.writeString(f, kmem);
        KmemFiles.Loaded l = KmemFiles.load(f);
        assertFalse(l.hasErrors(), () -> l.problems().toString());
        return (Machine) l.model().getElements().get(0);
    }

    @Test
    void numbersAndSwitchesInTheBlock() throws Exception {
        MachineSpec s = MachineSpecs.of(load("machine m {\n    ram 0 size 1G\n    config { NODES_SHIFT 6  NR_CPUS 320  NUMA_BALANCING off  THP on }\n}\n"));
        assertEquals(6, s.configValue(ConfigOption.NODES_SHIFT));
        assertEquals(320, s.configValue(ConfigOption.NR_CPUS));
        assertFalse(s.config(ConfigOption.NUMA_BALANCING));
        assertTrue(s.config(ConfigOption.THP));
    }

    /** A .config decides every modelled switch: one it does not mention is off (DEBUG_VM here). */
    @Test
    void aKernelConfigFileRelativeToTheScenario() throws Exception {
        Files.createDirectories(dir.resolve("configs"));
        Files.writeString(dir.resolve("configs/config-6.12"), CONFIG + "CONFIG_DEBUG_VM=y\n");
        MachineSpec s = MachineSpecs.of(load("machine m {\n    ram 0 size 1G\n    config from \"configs/config-6.12\"\n}\n"));
        assertEquals(6, s.configValue(ConfigOption.NODES_SHIFT));
        assertEquals(64, s.configValue(ConfigOption.NR_CPUS));
        assertTrue(s.config(ConfigOption.NUMA));
        assertFalse(s.config(ConfigOption.NUMA_BALANCING));
        assertTrue(s.config(ConfigOption.THP));
        assertTrue(s.config(ConfigOption.DEBUG_VM));
        assertFalse(s.config(ConfigOption.VMAP_STACK));                 // not in the file: off in that kernel
        assertFalse(s.config(ConfigOption.DEFERRED_STRUCT_PAGE_INIT));
    }

    /** /proc/config.gz is gzip; the block after the file overrides it. */
    @Test
    void aGzippedConfigAndABlockThatOverridesIt() throws Exception {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("config.gz")))) {
            o.write(CONFIG.getBytes(StandardCharsets.UTF_8));
        }
        MachineSpec s = MachineSpecs.of(load("machine m {\n    ram 0 size 1G\n    config from \"config.gz\" { NUMA_BALANCING on }\n}\n"));
        assertEquals(6, s.configValue(ConfigOption.NODES_SHIFT));
        assertTrue(s.config(ConfigOption.NUMA_BALANCING));
    }

    @Test
    void aMissingFileIsAnErrorAtTheClauseLine() throws Exception {
        Path f = dir.resolve("m.kmem");
        Files.writeString(f, "machine m {\n    ram 0 size 1G\n    config from \"nowhere.config\"\n}\n");
        KmemFiles.Loaded l = KmemFiles.load(f);
        Problem p = l.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
        assertEquals(3, p.line());
        assertTrue(p.message().contains("config from \"nowhere.config\": no such file (" + dir.resolve("nowhere.config")
                + "); paths are relative to this file"), p.message());
        assertTrue(p.toString().matches(".*m\\.kmem:3:\\d+: error: .*"), p.toString());
    }

    @Test
    void aFileThatIsNotGzipOrNotAConfigIsAnError() throws Exception {
        Files.writeString(dir.resolve("bad.gz"), "CONFIG_NUMA=y\n");
        Files.writeString(dir.resolve("notes.txt"), "hello\nworld\n");
        for (String name : List.of("bad.gz", "notes.txt")) {
            Path f = dir.resolve("m.kmem");
            Files.writeString(f, "machine m {\n    ram 0 size 1G\n    config from \"" + name + "\"\n}\n");
            KmemFiles.Loaded l = KmemFiles.load(f);
            Problem p = l.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
            assertEquals(3, p.line());
            assertTrue(p.message().startsWith("config from \"" + name + "\": "), p.message());
            assertTrue(p.message().contains(name.endsWith(".gz") ? "cannot read" : "is not a kernel .config"), p.message());
        }
    }

    /** A line that is not a .config line is a warning with FILE:LINE; the rest of the file still applies. */
    @Test
    void anOddLineIsAWarningWithItsLine() throws Exception {
        Files.writeString(dir.resolve("k.config"), "CONFIG_NUMA=y\nthis is not config\nCONFIG_NODES_SHIFT=4\n");
        Path f = dir.resolve("m.kmem");
        Files.writeString(f, "machine m {\n    ram 0 size 1G\n    config from \"k.config\"\n}\n");
        KmemFiles.Loaded l = KmemFiles.load(f);
        assertFalse(l.hasErrors(), l.problems().toString());
        assertTrue(l.problems().stream().anyMatch(p -> p.message().startsWith("k.config:2: not a kernel .config line")), l.problems().toString());
        assertEquals(4, MachineSpecs.of((Machine) l.model().getElements().get(0)).configValue(ConfigOption.NODES_SHIFT));
    }

    /** The machine is built from the file as it is then: one removed after the checks is an error there too. */
    @Test
    void theFileIsReadWhenTheMachineIsBuiltToo() throws Exception {
        Files.writeString(dir.resolve("k.config"), CONFIG);
        Machine m = load("machine m {\n    ram 0 size 1G\n    config from \"k.config\"\n}\n");
        Files.delete(dir.resolve("k.config"));
        try {
            MachineSpecs.of(m);
            throw new AssertionError("no error for a missing file");
        } catch (EvalException e) {
            assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        }
    }
}
