package io.kmemlab.emulator.bench;

import io.kmemlab.emulator.Machine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Full boot (all phases) of a 24 GiB and a 1 TiB machine. Run with -prof gc for allocation per boot. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@State(Scope.Benchmark)
public class BootBenchmark {
    @Benchmark public Machine boot24GiB() { return Machine.boot(Machines.pc24g()); }

    @Benchmark public Machine boot1TiB() { return Machine.boot(Machines.tib1()); }
}
