package io.kmemlab.cli;

import io.kmemlab.interpreter.exec.Limits;
import picocli.CommandLine.Option;

/** Options run and check share: the limits that stop runaway scenarios. */
final class RunOptions {
    @Option(names = "--max-steps", paramLabel = "N", description = "stop a scenario after N steps (default: ${DEFAULT-VALUE})", defaultValue = "1000000")
    long maxSteps;

    @Option(names = "--max-seconds", paramLabel = "N", description = "stop a scenario after N seconds spent running it, its boot "
            + "included (default: ${DEFAULT-VALUE})", defaultValue = "300")
    long maxSeconds;

    @Option(names = "--max-history-mib", paramLabel = "N", description = "keep at most about N MiB of a scenario's past steps; "
            + "beyond it the oldest steps keep only their findings (default: ${DEFAULT-VALUE})", defaultValue = "256")
    long maxHistoryMib;

    Limits limits() {
        return Limits.defaults().withMaxSteps(maxSteps).withMaxRunMillis(maxSeconds >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : Math.max(maxSeconds, 0) * 1000)
                .withHistoryBytes(maxHistoryMib >= Long.MAX_VALUE >> 20 ? Long.MAX_VALUE : Math.max(maxHistoryMib, 0) << 20);
    }
}
