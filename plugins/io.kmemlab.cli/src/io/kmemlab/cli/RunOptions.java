package io.kmemlab.cli;

import io.kmemlab.interpreter.exec.Limits;
import picocli.CommandLine.Option;

/** Options run and check share: the limits that stop runaway scenarios. */
final class RunOptions {
    @Option(names = "--max-steps", paramLabel = "N", description = "stop a scenario after N steps (default: ${DEFAULT-VALUE})", defaultValue = "1000000")
    long maxSteps;

    Limits limits() {
        return Limits.defaults().withMaxSteps(maxSteps);
    }
}
