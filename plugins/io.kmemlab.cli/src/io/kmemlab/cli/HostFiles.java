package io.kmemlab.cli;

import io.kmemlab.cli.host.Buddyinfo;
import io.kmemlab.cli.host.HostFacts;
import io.kmemlab.cli.host.HostMachine;
import io.kmemlab.cli.host.MemoryBlocks;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the host's memory map comes from (tests point these at fixtures). */
final class HostFiles {
    @Option(names = "--iomem", paramLabel = "FILE", defaultValue = "/proc/iomem", description = "the memory map (default: ${DEFAULT-VALUE})")
    Path iomem;

    @Option(names = "--zoneinfo", paramLabel = "FILE", defaultValue = "/proc/zoneinfo", description = "zone counters (default: ${DEFAULT-VALUE})")
    Path zoneinfo;

    @Option(names = "--buddyinfo", paramLabel = "FILE", defaultValue = "/proc/buddyinfo", description = "free blocks per order (default: ${DEFAULT-VALUE})")
    Path buddyinfo;

    @Option(names = "--memory-blocks", paramLabel = "DIR", defaultValue = "/sys/devices/system/memory", description = "memory blocks and their size (default: ${DEFAULT-VALUE})")
    Path memoryBlocks;

    @Option(names = "--cmdline", paramLabel = "FILE", defaultValue = "/proc/cmdline", hidden = true)
    Path cmdline;

    @Option(names = "--meminfo", paramLabel = "FILE", defaultValue = "/proc/meminfo", hidden = true)
    Path meminfo;

    @Option(names = "--osrelease", paramLabel = "FILE", defaultValue = "/proc/sys/kernel/osrelease", hidden = true)
    Path osrelease;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "host", description = "machine name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "the running kernel's .config (default: /proc/config.gz, else "
            + "/boot/config-RELEASE, when the map is the running host's /proc/iomem and the file exists)")
    Path config;

    Buddyinfo buddyinfo() throws IOException {
        return Files.isReadable(buddyinfo) ? Buddyinfo.parse(Files.readString(buddyinfo)) : null;
    }

    MemoryBlocks memoryBlocks() throws IOException {
        return MemoryBlocks.read(memoryBlocks);
    }

    HostFacts facts() throws IOException {
        return HostFacts.read(cmdline, meminfo);
    }

    HostMachine read() throws IOException, HostMachine.HostException {
        HostMachine hm = HostMachine.read(iomem, zoneinfo, osrelease);
        Path c = config != null ? config : iomem.equals(Path.of("/proc/iomem")) ? HostMachine.runningConfig(osrelease) : null;
        if (c != null) {
            if (!java.nio.file.Files.isReadable(c)) throw new HostMachine.HostException(c + ": no such file or not readable (the kernel's .config)");
            hm.config(c.toAbsolutePath());
        }
        return hm;
    }
}
