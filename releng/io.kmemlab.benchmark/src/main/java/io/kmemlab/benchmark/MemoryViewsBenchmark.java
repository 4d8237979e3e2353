package io.kmemlab.benchmark;

import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.PageModel;
import io.kmemlab.debug.core.views.PageTablesModel;
import io.kmemlab.debug.core.views.StepChanges;
import io.kmemlab.debug.core.views.TranslationModel;
import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.trace.Trace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the Translations, Page Descriptor and Page Tables views compute after a step, on the
 * 24 GiB and the 1 TiB machine (goal: under 20 ms): the step's change set indexed, the walk of
 * a user address in its process, the struct page of a compound tail with every union view, and
 * the process's pgd entries (the Page Tables tree's roots; lower tables are read on expansion).
 * {@link #refreshAfterStep} includes the step itself (checkpoint, statement, change set), so it
 * is an upper bound for the views' share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class MemoryViewsBenchmark {
    @Param({"24GiB", "1TiB"}) String machine;
    Machine m;
    Inspector in;
    Task app;
    long user, held, value, tailPfn;

    @Setup public void setup() {
        m = Machine.boot(ChangeSetBenchmark.spec(machine));
        in = m.inspect();
        app = m.process("app");
        user = m.mmap(app, 256 * 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, UserFlags.MAP_POPULATE, Trace.NONE);
        tailPfn = m.pageToPfn(m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, Trace.NONE), Trace.NONE) + 1;
        Checkpoint c = m.checkpoint();
        statement();
        m.changesSince(c);
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

    /** The three views' models, as their refresh builds them on the engine thread. */
    Object[] models(StepChanges changes) {
        return new Object[] {
                TranslationModel.of(in, "app", user + 4096 * 17 + 8, changes, null),
                PageModel.of(in, new MemoryTarget(MemoryTarget.Type.PFN, tailPfn), "app", changes, null),
                PageTablesModel.of(in, "app", false, changes) };
    }

    @Benchmark public Object[] refreshAfterStep() {
        Checkpoint c = m.checkpoint();
        statement();
        return models(new StepChanges(m.changesSince(c)));
    }

    @Benchmark public Object[] modelsOnly() {
        return models(StepChanges.NONE);
    }
}
