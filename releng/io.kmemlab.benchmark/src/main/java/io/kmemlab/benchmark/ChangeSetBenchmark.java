package io.kmemlab.benchmark;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.PhysicalMap;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A debugger step with its change set on the 24 GiB and the 1 TiB machine (goal: under 1 ms at
 * 24 GiB), and the inspection queries the views make after a step. A step is what the session
 * does per statement: take a checkpoint, run the statement. The statement alternates
 * alloc_pages(GFP_KERNEL | __GFP_COMP, 2) plus a user write8 with the __free_pages() of that
 * block; {@link #step} is the step alone, {@link #stepWithChangeSet} adds
 * Machine.changesSince(checkpoint); {@link #changeSetOnly} times the change set alone, the step
 * being run untimed before each call (Level.Invocation: fine for operations of tens of
 * microseconds and more).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ChangeSetBenchmark {
    @Param({"24GiB", "1TiB"}) String machine;
    Machine m;
    Inspector in;
    Task app;
    long user, held, value, pagePfn;

    /** pc24g (the examples' 24 GiB PC); 1 TiB: its low map plus [4 GiB, 1 TiB + 1 GiB) of RAM. */
    static MachineSpec spec(String machine) {
        long top = machine.equals("1TiB") ? (1L << 40) + (1L << 30) - 1 : 0x63fffffffL;
        return new MachineSpec().name(machine).arch("x86_64").paging("4-level").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, top)
                .kernelImage(16L << 20, 48L << 20).config(ConfigOption.VMAP_STACK, true);
    }

    @Setup public void setup() {
        m = Machine.boot(spec(machine));
        in = m.inspect();
        app = m.process("app");
        user = m.mmap(app, 256 * 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, UserFlags.MAP_POPULATE, Trace.NONE);
        for (int i = 0; i < 100; i++) m.kmalloc(64 + i * 8, Gfp.GFP_KERNEL, Trace.NONE);
        m.vmalloc(1 << 20, Trace.NONE);
        pagePfn = m.pageToPfn(m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, Trace.NONE), Trace.NONE) + 1;
        Checkpoint c = m.checkpoint();
        statement();
        m.changesSince(c);                                    // builds the page-table index once
    }

    void statement() {
        if (held == 0) {
            held = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, Trace.NONE);
            m.write(app, user + (value & 255) * 4096, 8, ++value, Trace.NONE);
        } else {
            m.freePages(held, 2, Trace.NONE);
            held = 0;
        }
    }

    @Benchmark public Checkpoint step() {
        Checkpoint c = m.checkpoint();
        statement();
        return c;
    }

    @Benchmark public ChangeSet stepWithChangeSet() {
        Checkpoint c = m.checkpoint();
        statement();
        return m.changesSince(c);
    }

    /** A step taken before each {@link #changeSetOnly} call, outside the timing. */
    @State(Scope.Thread)
    public static class SteppedMachine {
        Checkpoint before;

        @Setup(Level.Invocation) public void step(ChangeSetBenchmark b) {
            before = b.m.checkpoint();
            b.statement();
        }
    }

    @Benchmark public ChangeSet changeSetOnly(SteppedMachine s) { return m.changesSince(s.before); }

    @Benchmark public PhysicalMap physicalMapWholeMachine() { return in.physicalMap(); }

    @Benchmark public PageDescriptor pageDescriptor() { return in.page(pagePfn); }

    @Benchmark public Translation walkUserAddress() { return in.walk(in.addressSpace("app"), user + 4096 * 17 + 8); }
}
