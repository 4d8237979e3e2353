package io.kmemlab.benchmark;

import io.kmemlab.debug.core.engine.EngineListener;
import io.kmemlab.debug.core.engine.ScenarioRun;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.interpreter.variables.MachineAccess;
import io.kmemlab.interpreter.variables.VarNode;
import io.kmemlab.interpreter.variables.VariablesModel;
import io.kmemlab.emulator.Machine;
import io.kmemlab.interpreter.debug.Command;
import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.Scenario;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One debugger step on the 24 GiB machine, as the IDE does it: the step command goes to the
 * engine thread, the suspension comes back with the debugger's picture (stack, contexts,
 * changed variables), and the Variables view's model is rebuilt with {@code p} (a struct
 * page *) and {@code z} (a struct zone *) expanded, each expansion a read on the engine
 * thread. Goal: median under 20 ms. Sample time, so the median is reported.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx4g")
public class DebuggerStepBenchmark {
	/** The 24 GiB PC of examples/machines.kmem (its /proc/iomem RAM map) and a scenario that steps for ever. */
	static final String SCENARIO = """
			machine pc {
			    arch x86_64
			    paging 4-level
			    memory-model sparsemem-vmemmap
			    cpus 2
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0xbfffffff
			    ram 0x100000000 .. 0x63fffffff
			    kernel-image at 16M size 48M
			}

			scenario "steps" on pc {
			    let p = alloc_pages(GFP_KERNEL, 0)
			    let z = zone(Normal)
			    repeat 1000000 {
			        let q = alloc_pages(GFP_KERNEL, 0)
			        get_page(p)
			        put_page(p)
			        __free_pages(q, 0)
			    }
			}
			""";

	private final BlockingQueue<Object> news = new LinkedBlockingQueue<>();
	private ScenarioRun run;
	private VariablesModel variables;

	@Setup(Level.Trial)
	public void start() throws Exception {
		XtextResource r = KmemFiles.parse("debugger-step.kmem", SCENARIO);
		EcoreUtil.resolveAll(r);
		if (!r.getErrors().isEmpty()) {
			throw new IllegalStateException("the benchmark's scenario does not parse: " + r.getErrors());
		}
		Scenario scenario = ScenarioRunner.scenarios((Model) r.getContents().get(0)).get(0);
		run = new ScenarioRun("benchmark", List.of(scenario), Limits.defaults(), DebugOptions.defaults().withStopAtEntry(true), new Listener());
		variables = new VariablesModel(new MachineAccess() {
			@Override
			public <T> T read(Function<Machine, T> query) {
				return run.read(c -> c.session().machine() == null ? null : query.apply(c.session().machine()));
			}
		});
		run.start();
		next();
		// p and z defined, the loop entered: from here every step is a statement of the loop
		for (int i = 0; i < 3; i++) {
			stepAndRefresh();
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		run.terminate();
	}

	/** One step into the scenario, then the Variables view's rows with p and z expanded. */
	@Benchmark
	public int stepAndRefresh() throws InterruptedException {
		run.stepInto();
		Suspension s = next();
		int rows = 0;
		// as the innermost frame does: the changed variables, and the struct page fields the step wrote
		var changes = s.lastStep() == null ? null : s.lastStep().changes();
		for (VarNode row : variables.rows(s.variables(), new VariablesModel.Context(s.changed(), "init_mm", changes))) {
			rows++;
			if (row.name().equals("p") || row.name().equals("z")) {
				rows += row.children().size();
			}
		}
		if (rows < 10) {
			throw new IllegalStateException("the Variables view lost p's or z's fields: " + rows + " rows");
		}
		return rows;
	}

	private Suspension next() throws InterruptedException {
		Object o = news.poll(60, TimeUnit.SECONDS);
		if (o instanceof Suspension s) {
			return s;
		}
		throw new IllegalStateException("the scenario did not suspend: " + o);
	}

	private final class Listener implements EngineListener {
		@Override
		public void suspended(Suspension suspension) {
			news.add(suspension);
		}

		@Override
		public void scenarioEnded(Scenario scenario, ScenarioResult result) {
			news.add("the scenario ended: " + result.problems());
		}

		@Override
		public void problem(Problem problem) {
			news.add(problem.toString());
		}

		@Override
		public void scenarioStarted(Scenario scenario) {
		}

		@Override
		public void stepped(Step step) {
		}

		@Override
		public void steppedBack(Step undone) {
		}

		@Override
		public void resumed(Command command) {
		}

		@Override
		public void terminated() {
		}
	}
}
