package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.exec.Frame;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.kmem.KthreadBlock;
import io.kmemlab.lang.kmem.ProcessBlock;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs the scenarios of one launch on an engine thread of its own, one interpreter
 * {@link Session} at a time.
 * <p>
 * Threading rule: a {@code Session} is touched only on the engine thread. Commands
 * ({@link #stepOver()}, {@link #resume()} ...) are queued to it and return at once; the
 * {@link EngineListener} hears what happened, on the engine thread. While the engine is
 * suspended, {@link #read} runs a query on the engine thread and waits for its answer;
 * everything else the debugger shows comes from the immutable {@link Suspension}.
 * {@link #suspend()} and {@link #terminate()} only raise flags that a running loop checks
 * between two steps, so they answer at once even in the middle of a long run.
 */
public final class ScenarioEngine {
	/** How a launch wants the run to stop on its own. */
	public record Stops(boolean atFirstStatement, boolean atBootPhases) {
	}

	/** A line breakpoint as the engine sees it: a file and a 1-based line. */
	public record LineKey(URI file, int line) {
	}

	/** How many steps back the debugger can go. */
	static final int HISTORY = 10_000;

	private final List<Scenario> scenarios;
	private final Limits limits;
	private final EngineListener listener;
	private final ExecutorService thread;
	private volatile boolean suspendRequested;
	private volatile boolean terminateRequested;
	private volatile boolean suspended;
	private volatile boolean terminated;
	private volatile Set<LineKey> lineBreakpoints = Set.of();
	private volatile boolean stopOnReports;

	// engine thread only
	private Session session;
	private int next;
	private Map<String, Value> previousVariables = Map.of();
	private Stops stops = new Stops(false, false);

	public ScenarioEngine(String name, List<Scenario> scenarios, EngineListener listener) {
		this.scenarios = List.copyOf(scenarios);
		this.listener = listener;
		this.limits = Limits.defaults().withHistory(HISTORY);
		this.thread = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "kmemlab engine: " + name);
			t.setDaemon(true);
			return t;
		});
	}

	// ------------------------------------------------------------------ commands (any thread)

	/** Starts the first scenario and runs until one of {@code stops}, a breakpoint, or the end. */
	public void start(Stops stops) {
		post(() -> {
			this.stops = stops;
			if (startNextScenario()) {
				runForward(RunCommand.RESUME, null, true);
			}
		});
	}

	public void stepInto() {
		postSuspended(RunCommand.STEP_INTO, () -> {
			Step s = session.step();
			if (s != null) {
				listener.stepped(s);
			}
			afterStep(RunCommand.STEP_INTO);
		});
	}

	public void stepOver() {
		postSuspended(RunCommand.STEP_OVER, () -> {
			for (Step s : session.stepOver()) {
				listener.stepped(s);
			}
			afterStep(RunCommand.STEP_OVER);
		});
	}

	public void stepReturn() {
		postSuspended(RunCommand.STEP_RETURN, () -> {
			for (Step s : session.stepReturn()) {
				listener.stepped(s);
			}
			afterStep(RunCommand.STEP_RETURN);
		});
	}

	public void stepBack() {
		postSuspended(RunCommand.STEP_BACK, () -> {
			if (canStepBack()) {
				back();
			}
			suspend(RunCommand.STEP_BACK, canStepBack() ? SuspendReason.STEP : SuspendReason.HISTORY_START);
		});
	}

	public void resume() {
		postSuspended(RunCommand.RESUME, () -> runForward(RunCommand.RESUME, null, false));
	}

	/** Runs until the next statement is on {@code line} of {@code file}, a breakpoint, or the end. */
	public void runToLine(URI file, int line) {
		postSuspended(RunCommand.RUN_TO_LINE, () -> runForward(RunCommand.RUN_TO_LINE, new LineKey(file, line), false));
	}

	/** Steps back until a breakpoint's line is next, or the history's start. */
	public void reverseResume() {
		postSuspended(RunCommand.REVERSE_RESUME, () -> {
			while (true) {
				if (terminateRequested) {
					finish();
					return;
				}
				if (!canStepBack()) {
					suspend(RunCommand.REVERSE_RESUME, SuspendReason.HISTORY_START);
					return;
				}
				back();
				if (suspendRequested) {
					suspend(RunCommand.REVERSE_RESUME, SuspendReason.CLIENT);
					return;
				}
				if (atLineBreakpoint()) {
					suspend(RunCommand.REVERSE_RESUME, SuspendReason.BREAKPOINT);
					return;
				}
			}
		});
	}

	/** Asks a run to stop after the step it is in. */
	public void suspend() {
		if (!suspended && !terminated) {
			suspendRequested = true;
		}
	}

	public void terminate() {
		if (terminated) {
			return;
		}
		terminateRequested = true;
		post(() -> {
			if (!terminated) {
				finish();
			}
		});
	}

	public void setLineBreakpoints(Set<LineKey> lines) {
		lineBreakpoints = Set.copyOf(lines);
	}

	/** Whether an oops, BUG or WARN stops a run (the event breakpoint of that kind is enabled). */
	public void setStopOnReports(boolean stop) {
		stopOnReports = stop;
	}

	public boolean isSuspended() {
		return suspended && !terminated;
	}

	public boolean isTerminated() {
		return terminated;
	}

	/**
	 * Runs {@code query} on the engine thread while it is suspended and returns its answer;
	 * null when the engine is running or terminated, or the query did not answer in time.
	 */
	public <T> T read(Function<Session, T> query) {
		if (!isSuspended()) {
			return null;
		}
		Future<T> f;
		try {
			f = thread.submit(() -> session == null ? null : query.apply(session));
		} catch (java.util.concurrent.RejectedExecutionException e) {
			return null;
		}
		try {
			return f.get(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		} catch (ExecutionException | TimeoutException e) {
			return null;
		}
	}

	// ------------------------------------------------------------------ engine thread

	private void post(Runnable r) {
		try {
			thread.execute(() -> {
				try {
					r.run();
				} catch (RuntimeException | Error e) {
					// A defect of the interpreter ends the run with the reason on the console, rather
					// than leaving a debug session that shows "running" forever.
					listener.failed(e);
					finish();
				}
			});
		} catch (java.util.concurrent.RejectedExecutionException e) {
			// terminated: the command comes too late
		}
	}

	/** Runs {@code r} if the engine is suspended, after telling the listener it resumes. */
	private void postSuspended(RunCommand command, Runnable r) {
		if (!isSuspended()) {
			return;
		}
		suspended = false;
		suspendRequested = false;
		listener.resumed(command);
		post(r);
	}

	private boolean startNextScenario() {
		if (next >= scenarios.size() || terminateRequested) {
			finish();
			return false;
		}
		Scenario s = scenarios.get(next++);
		session = Session.start(s, limits);
		previousVariables = Map.of();
		listener.scenarioStarted(s);
		return true;
	}

	/**
	 * Steps until a stop: {@code until} (run to line), a breakpoint, a suspend request, the
	 * launch's entry stops (when {@code entry}), or the end of the last scenario.
	 */
	private void runForward(RunCommand command, LineKey until, boolean entry) {
		while (true) {
			if (terminateRequested) {
				finish();
				return;
			}
			if (session.finished()) {
				if (!endScenario()) {
					return;
				}
				entry = true;
				continue;
			}
			boolean wasBooted = session.booted();
			Step s = session.step();
			if (s == null) {
				continue;
			}
			listener.stepped(s);
			if (suspendRequested) {
				suspend(command, SuspendReason.CLIENT);
				return;
			}
			// Before the end-of-scenario check: an oops ends the scenario, and stopping right
			// there lets the user step back to what led to it.
			if (stopOnReports && reported(s)) {
				suspend(command, SuspendReason.BREAKPOINT);
				return;
			}
			if (session.finished()) {
				continue;
			}
			if (entry && s.kind() == Step.Kind.BOOT && stops.atBootPhases()) {
				suspend(command, SuspendReason.ENTRY);
				return;
			}
			if (entry && !wasBooted && session.booted() && stops.atFirstStatement()) {
				suspend(command, SuspendReason.ENTRY);
				return;
			}
			if (session.booted() && atLineBreakpoint()) {
				suspend(command, SuspendReason.BREAKPOINT);
				return;
			}
			if (until != null && session.booted() && until.equals(nextLine())) {
				suspend(command, SuspendReason.STEP);
				return;
			}
		}
	}

	private static boolean reported(Step s) {
		return s.events().stream().anyMatch(e -> e instanceof StepEvent.Report r && !r.expected()
				&& (r.report().isOops() || r.report().isWarn()));
	}

	/** After a single step command: suspend, or move on when the scenario ended. */
	private void afterStep(RunCommand command) {
		if (terminateRequested) {
			finish();
			return;
		}
		if (session.finished()) {
			if (endScenario()) {
				suspend(command, SuspendReason.STEP);
			}
			return;
		}
		suspend(command, SuspendReason.STEP);
	}

	/** Ends the current scenario; true when another one started. */
	private boolean endScenario() {
		Scenario s = session.scenario();
		listener.scenarioEnded(s, new ScenarioResult(s.getName(), SourceLocation.of(s), session.passed(), session.problems(),
				session.steps().size()));
		return startNextScenario();
	}

	private void back() {
		List<Step> before = session.steps();
		Step undone = before.isEmpty() ? null : before.get(before.size() - 1);
		if (session.back() && undone != null) {
			listener.steppedBack(undone);
		}
	}

	/**
	 * Whether a step back is possible. Not over a boot phase: the machine cannot restore a
	 * checkpoint of an earlier phase yet, so the debugger does not offer it.
	 */
	private boolean canStepBack() {
		List<Step> steps = session.steps();
		return session.canStepBack() && !steps.isEmpty() && steps.get(steps.size() - 1).kind() != Step.Kind.BOOT;
	}

	private boolean atLineBreakpoint() {
		LineKey k = nextLine();
		return k != null && lineBreakpoints.contains(k);
	}

	/** The file and line of the statement that runs next; null while booting or at the end. */
	private LineKey nextLine() {
		if (!session.booted() || session.finished() || session.frames().isEmpty()) {
			return null;
		}
		Place p = Place.of(session.frames().get(session.frames().size() - 1).next());
		return p.file() == null ? null : new LineKey(p.file(), p.line());
	}

	private void suspend(RunCommand command, SuspendReason reason) {
		suspendRequested = false;
		Suspension s = snapshot(command, reason);
		suspended = true;
		listener.suspended(s);
	}

	private void finish() {
		if (terminated) {
			return;
		}
		terminated = true;
		suspended = false;
		listener.terminated();
		thread.shutdown();
	}

	private Suspension snapshot(RunCommand command, SuspendReason reason) {
		Map<String, Value> vars = new LinkedHashMap<>(session.variables());
		Set<String> changed = new LinkedHashSet<>();
		for (Map.Entry<String, Value> e : vars.entrySet()) {
			Value before = previousVariables.get(e.getKey());
			if (before == null || before.type() != e.getValue().type() || !before.sameAs(e.getValue())) {
				changed.add(e.getKey());
			}
		}
		previousVariables = Map.copyOf(vars);
		List<TaskRef> tasks = tasks();
		List<Step> steps = session.steps();
		return new Suspension(reason, command, steps.size(), session.scenario().getName(), stack(tasks), vars, changed, tasks,
				canStepBack(), steps.isEmpty() ? null : steps.get(steps.size() - 1), session.booted());
	}

	private List<TaskRef> tasks() {
		List<TaskRef> out = new ArrayList<>();
		if (session.machine() instanceof Machine m && m.booted()) {
			for (Task t : m.tasks()) {
				if (t.kind() != Task.Kind.KERNEL) {
					out.add(new TaskRef(t.name(), t.pid(), t.kind() == Task.Kind.KTHREAD));
				}
			}
		}
		return out;
	}

	private List<StackEntry> stack(List<TaskRef> tasks) {
		Scenario scenario = session.scenario();
		if (!session.booted()) {
			String phase = session.steps().isEmpty() ? "not started" : session.steps().get(session.steps().size() - 1).label();
			String machine = scenario.getMachine() == null ? "?" : scenario.getMachine().getName();
			return List.of(new StackEntry(Frame.Kind.SCENARIO, "scenario \"" + scenario.getName() + "\": machine " + machine
					+ " booting (" + phase + ")", null, Place.of(scenario.getMachine())));
		}
		List<Frame> frames = session.frames();
		if (frames.isEmpty()) {
			return List.of(new StackEntry(Frame.Kind.SCENARIO, "scenario \"" + scenario.getName() + "\" (ended)", null,
					Place.of(scenario)));
		}
		List<StackEntry> out = new ArrayList<>();
		TaskRef context = null;
		for (int i = 0; i < frames.size(); i++) {
			Frame f = frames.get(i);
			if (f.owner() instanceof ProcessBlock p) {
				context = task(tasks, p.getName(), false);
			} else if (f.owner() instanceof KthreadBlock k) {
				context = task(tasks, k.getName(), true);
			}
			Place at = i == frames.size() - 1 ? Place.of(f.next()) : Place.of(frames.get(i + 1).owner());
			out.add(new StackEntry(f.kind(), f.label(), context, at));
		}
		return out;
	}

	private static TaskRef task(List<TaskRef> tasks, String name, boolean kthread) {
		for (TaskRef t : tasks) {
			if (t.name().equals(name) && t.kthread() == kthread) {
				return t;
			}
		}
		return new TaskRef(name, 0, kthread);
	}

	@Override
	public String toString() {
		return "engine of " + scenarios.stream().map(Scenario::getName).toList() + (terminated ? " (terminated)" : "")
				+ (suspended ? " (suspended)" : "");
	}
}
