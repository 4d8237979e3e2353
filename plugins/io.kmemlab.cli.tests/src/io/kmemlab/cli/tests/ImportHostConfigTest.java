package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import-host configures the machine from the running kernel's .config (/proc/config.gz, /boot/config-RELEASE). */
class ImportHostConfigTest {
    @TempDir Path dir;

    private String[] files(String cmd, Path config) {
        return new String[] {cmd, "--iomem", dir.resolve("iomem").toString(), "--zoneinfo", dir.resolve("zoneinfo").toString(),
            "--osrelease", dir.resolve("osrelease").toString(), "--config", config.toString()};
    }

    @Test
    void theKernelConfigIsWrittenAsConfigFromAndTheMachineChecks() throws Exception {
        Files.writeString(dir.resolve("iomem"), HostTest.IOMEM);
        Files.writeString(dir.resolve("zoneinfo"), HostTest.ZONEINFO);
        Files.writeString(dir.resolve("osrelease"), "6.18.44-fc-v782\n");
        Path gz = dir.resolve("config.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("CONFIG_NUMA=y\nCONFIG_NODES_SHIFT=10\nCONFIG_NR_CPUS=256\nCONFIG_NUMA_BALANCING=y\n".getBytes(StandardCharsets.UTF_8));
        }
        Cli r = Cli.run(files("import-host", gz));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("    config from \"" + gz.toAbsolutePath() + "\""), r.out());
        Path m = dir.resolve("host.kmem");
        Files.writeString(m, r.out());
        Cli check = Cli.run("check", m.toString());
        assertEquals(0, check.exit(), "the imported machine parses and validates: " + check.out() + check.err());
        Cli host = Cli.run(files("check-host", gz));
        assertTrue(host.exit() == 0 || host.exit() == 1, host.out() + host.err());
    }

    @Test
    void aMissingConfigIsReported() throws Exception {
        Files.writeString(dir.resolve("iomem"), HostTest.IOMEM);
        Files.writeString(dir.resolve("zoneinfo"), HostTest.ZONEINFO);
        Files.writeString(dir.resolve("osrelease"), "6.18.44-fc-v782\n");
        Cli r = Cli.run(files("import-host", dir.resolve("nowhere.gz")));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("nowhere.gz: no such file or not readable"), r.err());
    }
}
