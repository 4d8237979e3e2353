package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** The same machine's /proc/buddyinfo (11 orders: MAX_PAGE_ORDER 10). */
    static final String BUDDYINFO = """
            Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
            Node 0, zone    DMA32      2      3      0      2      3      2      1      4      4      2    752
            Node 0, zone   Normal   2337    854  28242  17892   7848   4426   2694   1209    496    103   1138
            """;

    @TempDir Path dir;

    /** /sys/devices/system/memory: 128 MiB blocks memory0-23 and memory32-199, all online, as on that machine. */
    private void memoryBlocks(long blockSize, String offline) throws Exception {
        Path mem = dir.resolve("memory");
        Files.createDirectories(mem);
        Files.writeString(mem.resolve("block_size_bytes"), Long.toHexString(blockSize) + "\n");
        for (int i = 0; i < 200; i++) {
            if (i >= 24 && i < 32) continue;
            Path b = Files.createDirectories(mem.resolve("memory" + i));
            Files.writeString(b.resolve("state"), (("," + offline + ",").contains("," + i + ",") ? "offline" : "online") + "\n");
        }
    }

    @BeforeEach
    void fixtures() throws Exception {
        Files.writeString(dir.resolve("iomem"), IOMEM);
        Files.writeString(dir.resolve("zoneinfo"), ZONEINFO);
        Files.writeString(dir.resolve("osrelease"), "6.18.44-fc-v782\n");
        Files.writeString(dir.resolve("buddyinfo"), BUDDYINFO);
        Files.writeString(dir.resolve("cmdline"), "console=ttyS0 quiet\n");
        Files.writeString(dir.resolve("meminfo"), "MemTotal:       24683620 kB\nBalloon:               0 kB\n");
        memoryBlocks(0x8000000, "");
    }

    private String[] files(String cmd) {
        if (cmd.equals("import-host")) {
            return new String[] {cmd, "--iomem", dir.resolve("iomem").toString(), "--zoneinfo", dir.resolve("zoneinfo").toString(),
                "--osrelease", dir.resolve("osrelease").toString()};
        }
        return new String[] {cmd, "--iomem", dir.resolve("iomem").toString(), "--zoneinfo", dir.resolve("zoneinfo").toString(),
            "--osrelease", dir.resolve("osrelease").toString(), "--buddyinfo", dir.resolve("buddyinfo").toString(),
            "--memory-blocks", dir.resolve("memory").toString(), "--cmdline", dir.resolve("cmdline").toString(),
            "--meminfo", dir.resolve("meminfo").toString()};
    }

    @Test
    void importHostWritesAMachineThatChecks() throws Exception {
        Cli r = Cli.run(files("import-host"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("machine host {"), r.out());
        assertTrue(r.out().contains("    ram 0x1000 .. 0x9fbff\n    ram 0x100000 .. 0xbfffffff\n    ram 0x100000000 .. 0x63fffffff\n"), r.out());
        assertTrue(r.out().contains("    kernel 6.14 "), r.out());
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
        assertTrue(r.out().matches("(?s).*\\d+ zone rows match; \\d+ differences explained, \\d+ unexplained\\n.*"), r.out());
    }

    /**
     * Every zone row, its layout derived here from IOMEM the way the kernel derives it (6.12):
     * memblock takes each "System RAM" range as pfns PFN_UP(start) .. PFN_DOWN(end + 1)
     * (mm/memblock.c memblock_add, include/linux/pfn.h); x86_64's zone_sizes_init()
     * (arch/x86/mm/init.c) ends ZONE_DMA at MAX_DMA_PFN (16 MiB) and ZONE_DMA32 at MAX_DMA32_PFN
     * (4 GiB); a zone's start_pfn and spanned are clamped to the node's RAM and present counts the
     * RAM pfns in it (mm/mm_init.c zone_spanned_pages_in_node, zone_absent_pages_in_node).
     */
    @Test
    void checkHostPinsEveryZoneRow() {
        long[][] ram = {{0x1000L, 0x9fbffL}, {0x100000L, 0xbfffffffL}, {0x100000000L, 0x63fffffffL}};
        long maxDmaPfn = (16L << 20) >> 12, maxDma32Pfn = (4L << 30) >> 12;
        long firstPfn = pfnUp(ram[0][0]), lastPfn = pfnDown(ram[2][1] + 1);
        long[][] zones = {{firstPfn, maxDmaPfn}, {maxDmaPfn, maxDma32Pfn}, {maxDma32Pfn, lastPfn}};
        String[] names = {"DMA", "DMA32", "Normal"};
        long[] hostManaged = {3840, 772808, 688128};
        Cli r = Cli.run(files("check-host"));
        assertEquals(0, r.exit(), r.out() + r.err());
        for (int z = 0; z < names.length; z++) {
            long start = zones[z][0], end = zones[z][1], present = 0;
            for (long[] range : ram) present += Math.max(0, Math.min(end, pfnDown(range[1] + 1)) - Math.max(start, pfnUp(range[0])));
            String[] row = row(r.out(), names[z]);
            String startHex = "0x" + Long.toHexString(start);
            assertEquals(List.of(startHex, startHex, "" + (end - start), "" + (end - start), "" + present, "" + present),
                    List.of(row).subList(2, 8), names[z] + ": " + r.out());
            assertEquals("" + hostManaged[z], row[9], names[z] + " host managed: " + r.out());
            long managed = Long.parseLong(row[8]);
            assertTrue(managed > 0 && managed <= present, names[z] + ": managed between 1 and present: " + r.out());
            String verdict = String.join(" ", List.of(row).subList(12, row.length));
            if (managed == hostManaged[z]) {
                assertEquals("ok", verdict, names[z] + ": " + r.out());
            } else if (managed < hostManaged[z]) {
                assertTrue(verdict.startsWith("explained: managed: +" + (hostManaged[z] - managed) + " pages, boot-time reservations differ"),
                        names[z] + ": " + verdict);
            } else {
                assertTrue(verdict.startsWith("explained: managed: the host manages " + (managed - hostManaged[z]) + " pages fewer"),
                        names[z] + ": " + verdict);
            }
        }
        // DMA's host free comes from the fixture's nr_free_pages; the other zones have none in it
        assertEquals("3840", row(r.out(), "DMA")[11], r.out());
        assertEquals("?", row(r.out(), "DMA32")[11], r.out());
        assertEquals(List.of("0", "Movable", "-", "-", "-", "0", "-", "0", "-", "0", "-", "?", "ok", "(empty", "on", "both)"),
                List.of(row(r.out(), "Movable")), r.out());
    }

    private static long pfnUp(long addr) { return (addr + 4095) >>> 12; }

    private static long pfnDown(long addr) { return addr >>> 12; }

    /** The whitespace-separated fields of zone {@code zone}'s row of node 0. */
    private static String[] row(String out, String zone) {
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\s+");
            if (f.length > 2 && f[0].equals("0") && f[1].equals(zone)) return f;
        }
        throw new AssertionError("no row for zone " + zone + " in:\n" + out);
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
        assertTrue(bad.out().contains("DIFFERS (unexplained): managed above present"), bad.out());
    }

    /**
     * The host's own words for a held-back zone: deferred_init= on its command line names deferred
     * struct page init (mm/mm_init.c: deferred pages reach managed as deferred_init_memmap() frees them).
     */
    @Test
    void aDeferredInitHostSaysSo() throws Exception {
        Files.writeString(dir.resolve("cmdline"), "console=ttyS0 deferred_init=lazy clocksource=kvm-clock -- --init-arg deferred_init=no\n");
        Cli r = Cli.run(files("check-host"));
        // Normal: 5505024 present, 688128 managed: more than a tenth is held back
        assertTrue(r.out().matches("(?s).*\\n0\\s+Normal\\s+.*explained: managed: the host manages \\d+ pages fewer; more than a tenth of the"
                + " zone is held back \\(deferred struct page init \\(deferred_init=lazy on the host's command line\\)\\).*"), r.out());
        assertEquals(0, r.exit(), r.out());
    }

    /**
     * buddyinfo per order: 11 orders on both (MAX_PAGE_ORDER 10, include/linux/mmzone.h), so a
     * running host's other counts are explained; another number of orders is not.
     */
    @Test
    void buddyinfoIsComparedPerOrder() throws Exception {
        Cli r = Cli.run(files("check-host"));
        // the host's DMA32 line, order 0 to 10, as buddyinfo printed it
        assertTrue(r.out().contains("host           2      3      0      2      3      2      1      4      4      2    752  explained: the host is running"), r.out());
        // the free pages the host's DMA32 lists hold: sum of nr_free[order] << order
        long[] dma32 = {2, 3, 0, 2, 3, 2, 1, 4, 4, 2, 752};
        long pages = 0;
        for (int order = 0; order < dma32.length; order++) pages += dma32[order] << order;
        assertTrue(r.out().contains(", " + pages + " on the host)"), r.out());
        // DMA's lists are as the boot leaves them: 1 << 8, 1 << 9 and 3 << 10 pages, on both
        assertTrue(r.out().matches("(?s).*\\n\\s+host\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+1\\s+1\\s+3  ok\\n.*"), r.out());
        assertEquals(0, r.exit(), r.out());
        Files.writeString(dir.resolve("buddyinfo"), BUDDYINFO.replace("      3\n", "      3      1\n"));
        Cli bad = Cli.run(files("check-host"));
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("DIFFERS (unexplained): 11 orders on the emulator, 12 on the host"), bad.out());
    }

    /**
     * Memory blocks: below 64 GiB x86_64 uses the section size, 128 MiB (SECTION_SIZE_BITS 27,
     * probe_memory_block_size() in arch/x86/mm/init_64.c); RAM at 0 .. 3 GiB and 4 .. 25 GiB is
     * blocks 0-23 and 32-199. An offline block is explained as hotplug; a block with RAM that the
     * host lacks is not.
     */
    @Test
    void memoryBlocksAreCompared() throws Exception {
        Cli r = Cli.run(files("check-host"));
        assertTrue(r.out().matches("(?s).*block size\\s+emulator 128 MiB\\s+host 128 MiB\\s+ok\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*blocks\\s+emulator 192 0-23,32-199\\s+host 192 0-23,32-199\\s+ok\\n.*"), r.out());
        memoryBlocks(0x8000000, "40,41");
        Cli off = Cli.run(files("check-host"));
        assertTrue(off.out().contains("explained: 2 offline (memory hotplug"), off.out());
        assertEquals(0, off.exit(), off.out());
        Files.delete(dir.resolve("memory/memory199/state"));
        Files.delete(dir.resolve("memory/memory199"));
        Cli missing = Cli.run(files("check-host"));
        assertEquals(1, missing.exit(), missing.out());
        assertTrue(missing.out().contains("DIFFERS (unexplained): blocks 199 have RAM on the emulator but no memory block on the host"), missing.out());
    }
}
