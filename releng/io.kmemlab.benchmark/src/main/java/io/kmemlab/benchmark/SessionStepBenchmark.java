package io.kmemlab.benchmark;

import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.Scenario;
import java.util.concurrent.TimeUnit;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
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
 * A debugger's step and step back on a booted machine (goal at 24 GiB: a step under 1 ms, a
 * step back under 5 ms). One operation is one command of {@link SessionController}, the
 * debugger's engine, with everything it does for the debugger: the checkpoint before the step,
 * the statement, the step's change set, the breakpoint checks, the provenance record and the
 * {@link io.kmemlab.interpreter.debug.Position} of the suspension (stack, variables). The
 * scenario loops over allocations, conversions and frees of pages and slab objects.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--sun-misc-unsafe-memory-access=allow"})
public class SessionStepBenchmark {
    /** Steps kept for stepping back, as a debug launch keeps them. */
    static final int HISTORY = 1000;

    static final String PC24G = """
            machine m {
                arch x86_64
                paging 4-level
                memory-model sparsemem-vmemmap
                cpus 2
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0xbfffffff
                ram 0x100000000 .. 0x63fffffff
                kernel-image at 16M size 48M
                config { VMAP_STACK on }
            }
            """;

    /** The PC low map plus [4 GiB, 1 TiB + 1 GiB): 268,697,600 frames. */
    static final String TIB1 = """
            machine m {
                arch x86_64
                paging 4-level
                memory-model sparsemem-vmemmap
                cpus 2
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0xbfffffff
                ram 0x100000000 .. 0x1003fffffff
                kernel-image at 16M size 48M
            }
            """;

    static final String LOOP = """
            scenario "steps" on m {
                let v = vmalloc(4 * PAGE_SIZE)
                repeat 1000000000 {
                    let p = alloc_pages(GFP_KERNEL, 1)
                    let n = page_to_pfn(p)
                    expect pfn_to_page(n) == p
                    let k = kmalloc(192, GFP_KERNEL)
                    expect virt_to_page(k) == pfn_to_page(__pa(k) >> PAGE_SHIFT)
                    kfree(k)
                    __free_pages(p, 1)
                }
            }
            """;

    @Param({"24GiB", "1TiB"}) String machine;

    SessionController controller;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        XtextResource r = KmemFiles.parse("steps.kmem", (machine.equals("1TiB") ? TIB1 : PC24G) + LOOP);
        EcoreUtil.resolveAll(r);
        Scenario s = ScenarioRunner.scenarios((Model) r.getContents().get(0)).get(0);
        Limits limits = Limits.defaults().withMaxSteps(Long.MAX_VALUE).withHistory(HISTORY);
        controller = new SessionController(Session.start(s, limits), DebugOptions.defaults().withStopAtEntry(true).withHistory(HISTORY));
        suspended(controller.resume());                  // the boot, to the first statement
        for (int i = 0; i < 20; i++) suspended(controller.stepInto());
    }

    /** One step forward (a statement of the loop). */
    @Benchmark
    public SessionEvent step() {
        return suspended(controller.stepInto());
    }

    /** One step and the step back that undoes it: the step back costs this minus {@link #step()}. */
    @Benchmark
    public SessionEvent stepThenStepBack() {
        suspended(controller.stepInto());
        return suspended(controller.stepBack());
    }

    private static SessionEvent suspended(SessionEvent e) {
        if (!(e instanceof SessionEvent.Suspended)) throw new IllegalStateException("the benchmark's scenario stopped: " + e);
        return e;
    }
}
