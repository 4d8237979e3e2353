package io.kmemlab.emulator.bench;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Trace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** alloc_pages(GFP_KERNEL, 0) + __free_pages(page, 0) pairs through the facade (per-CPU list fast path). */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AllocBenchmark {
    Machine m;

    @Setup public void setup() { m = Machine.boot(Machines.pc24g()); }

    @Benchmark public long allocFreePair() {
        long p = m.allocPages(Gfp.GFP_KERNEL, 0, Trace.NONE);
        m.freePages(p, 0, Trace.NONE);
        return p;
    }

    @Benchmark public long allocFreeOrder3() {
        long p = m.allocPages(Gfp.GFP_KERNEL, 3, Trace.NONE);
        m.freePages(p, 3, Trace.NONE);
        return p;
    }
}
