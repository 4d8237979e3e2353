package io.kmemlab.cli;

import io.kmemlab.cli.host.HostMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import-host", description = {"Writes a machine for the computer it runs on, from /proc/iomem and /proc/zoneinfo "
        + "(root is needed for real addresses).", "Exit status: 0 written, 2 the host's files cannot be read."})
final class ImportHostCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin HostFiles host;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of the standard output")
    Path output;

    @Override public Integer call() {
        try {
            String text = host.read().render(host.name);
            if (output != null) Files.writeString(output, text);
            else spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("kmemlab import-host: cannot read " + e.getMessage());
        } catch (HostMachine.HostException e) {
            spec.commandLine().getErr().println("kmemlab import-host: " + e.getMessage());
        }
        spec.commandLine().getErr().flush();
        return 2;
    }
}
