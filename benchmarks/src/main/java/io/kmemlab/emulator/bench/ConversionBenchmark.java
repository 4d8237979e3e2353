package io.kmemlab.emulator.bench;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.trace.Trace;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** virt_to_page() on direct-map addresses spread over the 24 GiB machine (Trace.NONE: the fast path). */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ConversionBenchmark {
    Machine m;
    long[] addrs = new long[4096];
    int i;

    @Setup public void setup() {
        m = Machine.boot(Machines.pc24g());
        SplittableRandom r = new SplittableRandom(1);
        for (int k = 0; k < addrs.length; k++) addrs[k] = m.va(0x100000000L + r.nextLong(0, 0x500000000L), Trace.NONE);
    }

    @Benchmark public long virtToPage() {
        i = (i + 1) & (addrs.length - 1);
        return m.virtToPage(addrs[i], Trace.NONE);
    }
}
