package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static io.kmemlab.interpreter.tests.Sessions.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.interpreter.exec.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show machine} lists the kernel config the machine was built with, each option with its
 * value and where it came from: the machine's {@code config { }} block, a
 * {@code config from "FILE"} .config, or the default of a distribution kernel.
 */
class ShowMachineConfigTest {
    private static final String RAM = """
                arch x86_64
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            """;

    @TempDir
    Path dir;

    /** The option's line of the config section: its value and its source. */
    private static String[] option(String out, ConfigOption o) {
        Matcher m = Pattern.compile("(?m)^    " + o.name() + " +(\\S+) +\\((.*)\\)$").matcher(out);
        assertTrue(m.find(), () -> "no line for " + o + " in:\n" + out);
        return new String[] { m.group(1), m.group(2) };
    }

    private static String show(String machine) {
        Session s = Sessions.runOn(machine, "m", "show machine");
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        return output(s);
    }

    @Test
    void everyOptionIsListedWithItsDefaultWhenTheMachineSetsNone() {
        String out = show("machine m {\n" + RAM + "    kernel 6.1\n}\n");
        assertTrue(out.contains("  config (default: what a distribution kernel for x86_64 6.1 is built with):\n"), out);
        for (ConfigOption o : ConfigOption.values()) assertEquals("default", option(out, o)[1], o.name());
        // Debian amd64 sets CONFIG_NUMA=y and CONFIG_MAXSMP=y; MAXSMP makes NODES_SHIFT 10
        // (arch/x86/Kconfig: default "10" if MAXSMP) and NR_CPUS 8192 (NR_CPUS_RANGE_END)
        assertEquals("on", option(out, ConfigOption.NUMA)[0]);
        assertEquals("10", option(out, ConfigOption.NODES_SHIFT)[0]);
        assertEquals("8192", option(out, ConfigOption.NR_CPUS)[0]);
    }

    @Test
    void theConfigBlocksOptionsAreMarkedAsTheMachines() {
        String out = show("machine m {\n" + RAM + "    config { THP off NODES_SHIFT 6 }\n}\n");
        assertEquals("off", option(out, ConfigOption.THP)[0]);
        assertEquals("config block", option(out, ConfigOption.THP)[1]);
        assertEquals("6", option(out, ConfigOption.NODES_SHIFT)[0]);
        assertEquals("config block", option(out, ConfigOption.NODES_SHIFT)[1]);
        assertEquals("default", option(out, ConfigOption.VMAP_STACK)[1]);
    }

    @Test
    void aConfigFilesOptionsNameTheFileAndTheBlockAfterItOverridesThem() throws Exception {
        Path config = dir.resolve("config-6.12");
        Files.writeString(config, """
                # Linux/x86 6.12.0 Kernel Configuration
                CONFIG_NUMA=y
                CONFIG_NODES_SHIFT=6
                CONFIG_TRANSPARENT_HUGEPAGE=y
                # CONFIG_DEBUG_VM is not set
                """);
        String file = config.toString();
        String out = show("machine m {\n" + RAM + "    config from \"" + file + "\" { THP off }\n}\n");
        String fromFile = "from \"" + file + "\"";
        assertEquals("on", option(out, ConfigOption.NUMA)[0]);
        assertEquals(fromFile, option(out, ConfigOption.NUMA)[1]);
        assertEquals("6", option(out, ConfigOption.NODES_SHIFT)[0]);
        assertEquals(fromFile, option(out, ConfigOption.NODES_SHIFT)[1]);
        // a .config lists every visible symbol: a switch it does not mention is off in that kernel
        // (scripts/kconfig/confdata.c conf_write() writes each one, set or "is not set")
        assertEquals("off", option(out, ConfigOption.VMAP_STACK)[0]);
        assertEquals(fromFile, option(out, ConfigOption.VMAP_STACK)[1]);
        // the block after the file overrides it
        assertEquals("off", option(out, ConfigOption.THP)[0]);
        assertEquals("config block", option(out, ConfigOption.THP)[1]);
        // a number the file does not write keeps the default
        assertEquals("default", option(out, ConfigOption.NR_CPUS)[1]);
    }
}
