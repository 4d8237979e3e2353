package io.kmemlab.emulator.bench;

import static io.kmemlab.emulator.process.UserFlags.*;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Trace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** checkpoint(), a checkpoint followed by one write, and restore() of a booted 24 GiB / 1 TiB machine with some activity (processes, slab, vmalloc). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@State(Scope.Benchmark)
public class CheckpointBenchmark {
    @Param({"24GiB", "1TiB"}) String machine;
    Machine m;
    Checkpoint c;
    Task app;
    long userAddr;
    long value;

    @Setup public void setup() {
        m = Machine.boot(machine.equals("1TiB") ? Machines.tib1() : Machines.pc24g());
        Task p = m.process("app");
        long a = m.mmap(p, 256 * 4096, PROT_READ | PROT_WRITE, MAP_POPULATE, Trace.NONE);
        m.write(p, a, 8, 42, Trace.NONE);
        app = p;
        userAddr = a;
        for (int i = 0; i < 100; i++) m.kmalloc(64 + i * 8, Gfp.GFP_KERNEL, Trace.NONE);
        m.vmalloc(1 << 20, Trace.NONE);
        c = m.checkpoint();
    }

    @Benchmark public Checkpoint checkpoint() { return m.checkpoint(); }

    /**
     * A debugger step: checkpoint, then one user write (which pays the deferred copies:
     * top-level arrays, the touched block and frame).
     */
    @Benchmark public Checkpoint checkpointThenWrite() {
        Checkpoint cp = m.checkpoint();
        m.write(app, userAddr, 8, ++value, Trace.NONE);
        return cp;
    }

    @Benchmark public Machine restore() {
        m.restore(c);
        return m;
    }
}
