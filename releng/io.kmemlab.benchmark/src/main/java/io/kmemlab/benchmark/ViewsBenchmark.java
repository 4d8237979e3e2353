package io.kmemlab.benchmark;

import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.PageModel;
import io.kmemlab.debug.core.views.PageTablesModel;
import io.kmemlab.debug.core.views.StepChanges;
import io.kmemlab.debug.core.views.TranslationModel;
import io.kmemlab.debug.core.views.physmap.MapImage;
import io.kmemlab.debug.core.views.physmap.MapViewport;
import io.kmemlab.debug.core.views.physmap.PhysmapModel;
import io.kmemlab.debug.core.views.zones.ZonesModel;
import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.Inspector;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The memory views after a debugger step, on the 24 GiB and the 1 TiB machine of
 * {@link ChangeSetBenchmark}. {@link #refreshModels}: what the views read on the engine thread
 * after a step (goal: under 20 ms) - all five views' models with the step's change set: the
 * Zones &amp; Buddy model, the Physical Map model (the whole machine's runs, the zones, the
 * step's changed frames), Translations (a walk of a user address of process app), Page
 * Descriptor (a compound page's second page, every union view) and Page Tables (app's pgd
 * level; deeper levels are read when the tree is expanded). No provenance (null writers).
 * {@link #renderWholeMachine}: the Physical Map drawn at full zoom-out into a 1600 x 1000 RGB
 * raster without a display (goal: under 100 ms at 1 TiB), what the view paints after a refresh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ViewsBenchmark {
    @Param({"24GiB", "1TiB"}) String machine;
    ChangeSetBenchmark steps;
    Machine m;
    PhysmapModel physmap;
    MapViewport whole;

    @Setup public void setup() {
        steps = new ChangeSetBenchmark();
        steps.machine = machine;
        steps.setup();
        m = steps.m;
        physmap = PhysmapModel.read(m, null);
        whole = MapViewport.fit(physmap.frames(), 1600, 1000);
    }

    /** A step (checkpoint, statement, change set) taken before each {@link #refreshModels} call, outside the timing. */
    @State(Scope.Thread)
    public static class Stepped {
        ChangeSet changes;

        @Setup(Level.Invocation) public void step(ViewsBenchmark b) {
            Checkpoint c = b.m.checkpoint();
            b.steps.statement();
            changes = b.m.changesSince(c);
        }
    }

    @Benchmark public void refreshModels(Stepped s, Blackhole bh) {
        Inspector in = m.inspect();
        StepChanges changes = new StepChanges(s.changes);
        bh.consume(ZonesModel.of(in.zones(), s.changes));
        bh.consume(PhysmapModel.of(in.physicalMap(), in.zones(), s.changes));
        bh.consume(TranslationModel.of(in, "app", steps.user + 4096 * 17 + 8, changes, null));
        bh.consume(PageModel.of(in, new MemoryTarget(MemoryTarget.Type.PFN, steps.pagePfn), "app", changes, null));
        bh.consume(PageTablesModel.of(in, "app", false, changes));
    }

    @Benchmark public MapImage renderWholeMachine() {
        return physmap.render(whole);
    }
}
