package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import-host and check-host on the /proc files of a real 24 GiB x86_64 virtual machine. */
class HostTest {
    static final String IOMEM = """
            00000000-00000fff : Reserved
            00001000-0009fbff : System RAM
            0009fc00-000fffff : Reserved
              000f0000-000fffff : System ROM
            00100000-bfffffff : System RAM
              01000000-02276f47 : Kernel code
              02400000-02e0cfff : Kernel rodata
              03000000-0327c17f : Kernel data
              03b32000-03c55fff : Kernel bss
            c0001000-eebfffff : PCI Bus 0000:00
            100000000-63fffffff : System RAM
            """;
    static final String ZONEINFO = """
            Node 0, zone      DMA
              per-node stats
                  nr_free_pages 3840
                    spanned  4095
                    present  3998
                    managed  3840
              start_pfn:           1
            Node 0, zone    DMA32
                    spanned  1044480
                    present  782336
                    managed  772808
              start_pfn:           4096
            Node 0, zone   Normal
                    spanned  5505024
                    present  5505024
                    managed  688128
              start_pfn:           1048576
            Node 0, zone  Movable
                    spanned  0
                    present  0
                    managed  0
            """;

    @TempDir Path dir;

    @BeforeEach
    void fixtures() throws Exception {
        Files.writeString(dir.resolve("iomem"), IOMEM);
        Files.writeString(dir.resolve("zoneinfo"), ZONEINFO);
        Files.writeString(dir.resolve("osrelease"), "6.18.44-fc-v782\n");
    }

    private String[] files(String cmd) {
        return new String[] {cmd, "--iomem", dir.resolve("iomem").toString(), "--zoneinfo", dir.resolve("zoneinfo").toString(),
            "--osrelease", dir.resolve("osrelease").toString()};
    }

    @Test
    void importHostWritesAMachineThatChecks() throws Exception {
        Cli r = Cli.run(files("import-host"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("machine host {"), r.out());
        assertTrue(r.out().contains("    ram 0x1000 .. 0x9fbff\n    ram 0x100000 .. 0xbfffffff\n    ram 0x100000000 .. 0x63fffffff\n"), r.out());
        assertTrue(r.out().contains("    kernel 6.12 "), r.out());
        assertTrue(r.out().contains("kernel-image at 0x1000000 size 45M"), r.out());
        Path m = dir.resolve("host.kmem");
        Files.writeString(m, r.out());
        Cli check = Cli.run("check", m.toString());
        assertEquals(0, check.exit(), "the imported machine parses and validates: " + check.out());
    }

    @Test
    void hiddenAddressesAskForRoot() throws Exception {
        Files.writeString(dir.resolve("iomem"), "00000000-00000000 : System RAM\n00000000-00000000 : System RAM\n");
        Cli r = Cli.run(files("import-host"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("run as root"), r.err());
    }

    @Test
    void checkHostPrintsZonesSideBySide() {
        Cli r = Cli.run(files("check-host"));
        assertTrue(r.out().contains("start_pfn"), r.out() + r.err());
        for (String zone : new String[] {"DMA", "DMA32", "Normal"}) {
            assertTrue(r.out().matches("(?s).*\\n0\\s+" + zone + "\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+\\s+\\d+.*"), r.out());
        }
        boolean allOk = !r.out().contains("DIFFERS");
        assertEquals(allOk ? 0 : 1, r.exit(), r.out() + r.err());
        // start_pfn, spanned and present follow from the memory map and match; managed and free are printed too
        assertTrue(r.out().matches("(?s).*\\n0\\s+DMA\\s+0x1\\s+0x1\\s+4095\\s+4095\\s+3998\\s+3998\\s+\\d+\\s+3840\\s+\\d+\\s+3840\\s+(ok|explained).*"), r.out());
        // an empty zone is listed, not skipped
        assertTrue(r.out().matches("(?s).*\\n0\\s+Movable\\s+.*ok \\(empty on both\\)\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\d+ rows match, \\d+ differ for known reasons \\(explained\\), \\d+ differ unexplained\\n.*"), r.out());
    }

    @Test
    void checkHostNoticesADifference() throws Exception {
        Files.writeString(dir.resolve("zoneinfo"), ZONEINFO.replace("present  3998", "present  3999"));
        Cli r = Cli.run(files("check-host"));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("DIFFERS"), r.out());
    }

    /**
     * A zone whose layout matches (DMA: 4095 spanned, 3998 present) but which manages far fewer
     * pages than boot-time reservations take is explained as held back (deferred init, balloon,
     * hotplug); managed above present cannot be explained and makes the exit status 1.
     */
    @Test
    void managedDifferencesAreExplainedAndImpossibleOnesAreNot() throws Exception {
        Files.writeString(dir.resolve("zoneinfo"), ZONEINFO.replace("managed  3840", "managed  300"));
        Cli r = Cli.run(files("check-host"));
        assertTrue(r.out().matches("(?s).*\\n0\\s+DMA\\s+.*\\s300\\s+.*explained: managed: the host manages \\d+ pages fewer.*"), r.out());
        Files.writeString(dir.resolve("zoneinfo"), ZONEINFO.replace("managed  3840", "managed  5000"));
        Cli bad = Cli.run(files("check-host"));
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("DIFFERS: managed above present"), bad.out());
    }
}
