package io.kmemlab.cli;

import io.kmemlab.cli.host.HostMachine;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the host's memory map comes from (tests point these at fixtures). */
final class HostFiles {
    @Option(names = "--iomem", paramLabel = "FILE", defaultValue = "/proc/iomem", description = "the memory map (default: ${DEFAULT-VALUE})")
    Path iomem;

    @Option(names = "--zoneinfo", paramLabel = "FILE", defaultValue = "/proc/zoneinfo", description = "zone counters (default: ${DEFAULT-VALUE})")
    Path zoneinfo;

    @Option(names = "--osrelease", paramLabel = "FILE", defaultValue = "/proc/sys/kernel/osrelease", hidden = true)
    Path osrelease;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "host", description = "machine name (default: ${DEFAULT-VALUE})")
    String name;

    HostMachine read() throws IOException, HostMachine.HostException {
        return HostMachine.read(iomem, zoneinfo, osrelease);
    }
}
