package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-host picks the kernel profile from the host's release (/proc/sys/kernel/osrelease, the
 * uname -r string; pointed at a file with --osrelease): a Debian 12 kernel, 6.1.0-27-amd64,
 * boots the imported machine on the 6.1 profile.
 */
class ImportHostProfileTest {
    @TempDir Path dir;

    @BeforeEach
    void fixtures() throws Exception {
        Files.writeString(dir.resolve("iomem"), HostTest.IOMEM);
        Files.writeString(dir.resolve("zoneinfo"), HostTest.ZONEINFO);
    }

    private Cli importHost(String release) throws Exception {
        Files.writeString(dir.resolve("osrelease"), release + "\n");
        Cli r = Cli.run("import-host", "--iomem", dir.resolve("iomem").toString(), "--zoneinfo", dir.resolve("zoneinfo").toString(),
                "--osrelease", dir.resolve("osrelease").toString());
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    @Test
    void aDebian61KernelImportsOnTheSixOneProfileAndBootsThere() throws Exception {
        Cli r = importHost("6.1.0-27-amd64");
        assertTrue(r.out().contains("    kernel 6.1 "), r.out());
        assertTrue(r.out().contains("// the profile closest to the host's 6.1.0-27-amd64"), r.out());
        Path m = dir.resolve("debian.kmem");
        Files.writeString(m, r.out() + "\nscenario \"where\" on host {\n    show machine\n}\n");
        Cli run = Cli.run("run", m.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        // the machine booted on the 6.1 profile, written in the file (so not marked as the default)
        assertTrue(run.out().contains("  kernel 6.1\n"), run.out());
        // and show machine names the config defaults it used: a distribution kernel of that profile
        assertTrue(run.out().contains("  config (default: what a distribution kernel for x86_64 6.1 is built with):"), run.out());
    }

    @Test
    void everySixReleaseBeforeTwelveIsSixOneAndTwelveIsSixTwelve() throws Exception {
        // 6.1 is the profile for 6.1 .. 6.11; the 6.12 profile starts at 6.12
        for (String release : new String[] {"6.1.0-27-amd64", "6.1.119", "6.11.0-8-generic"}) {
            assertTrue(importHost(release).out().contains("    kernel 6.1 "), release);
        }
        assertTrue(importHost("6.12.9-amd64").out().contains("    kernel 6.12 "));
        assertTrue(importHost("6.13.2-arch1-1").out().contains("    kernel 6.12 "));
    }

    @Test
    void sixFourteenAndNewerAreSixFourteen() throws Exception {
        // PG_dropbehind (include/linux/page-flags.h) appears in 6.14 and stays: a newer host's
        // page->flags bits are those of the 6.14 profile, not of 6.12
        for (String release : new String[] {"6.14.0-15-generic", "6.18.44-fc-v782", "7.0.1"}) {
            assertTrue(importHost(release).out().contains("    kernel 6.14 "), release);
        }
    }
}
