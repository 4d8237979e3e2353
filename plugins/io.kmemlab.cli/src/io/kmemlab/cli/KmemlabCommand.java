package io.kmemlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "kmemlab", mixinStandardHelpOptions = true, version = "kmemlab 0.1.0",
        description = "Runs .kmem scenarios on the Linux physical-memory emulator.")
/** The top command; Main adds its subcommands (only the one named, when a command runs). */
public final class KmemlabCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
