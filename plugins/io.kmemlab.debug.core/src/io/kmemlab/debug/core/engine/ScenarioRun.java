package io.kmemlab.debug.core.engine;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.interpreter.debug.Breakpoint;
import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.FrameState;
import io.kmemlab.interpreter.debug.Position;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionDriver;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.debug.SessionListener;
import io.kmemlab.interpreter.exec.Frame;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.kmem.KthreadBlock;
import io.kmemlab.lang.kmem.ProcessBlock;
import io.kmemlab.lang.kmem.Scenario;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The scenarios of one launch, run one after the other, each by the interpreter's
 * {@link SessionDriver} (its engine thread, its commands, its breakpoints). This class adds
 * what a launch needs on top: the sequence of scenarios, the gate that lets a command through
 * only while the debugger shows a suspended scenario, and the debugger's picture of a
 * suspension (contexts, changed variables), made on the engine thread by a read.
 * <p>
 * Threading: as the driver's rule says, every call here may come from any thread and returns
 * at once; {@link EngineListener} hears the news on the engine thread.
 */
public final class ScenarioRun {
	private final String name;
	private final List<Scenario> scenarios;
	private final DebugOptions options;
	private final Limits limits;
	private final EngineListener listener;
	private volatile Collection<Breakpoint> breakpoints = List.of();
	private volatile SessionDriver driver;
	private volatile Scenario current;
	private volatile boolean suspended;
	private volatile boolean terminateRequested;
	private volatile boolean terminated;
	private int next;
	/** Which scenario's driver is current: events of an earlier one (its close) are ignored. */
	private volatile int generation;
	/** Engine thread (in reads) only: the variables of the previous suspension, to mark changes. */
	private Map<String, Value> previousVariables = Map.of();

	/** A run whose scenarios stop when a budget of {@code limits} is spent (the stop message names its knob). */
	public ScenarioRun(String name, List<Scenario> scenarios, Limits limits, DebugOptions options, EngineListener listener) {
		this.name = name;
		this.limits = limits;
		this.scenarios = List.copyOf(scenarios);
		this.options = options;
		this.listener = listener;
	}

	/** Starts the first scenario; it runs until a stop option, a breakpoint or its end. */
	public synchronized void start() {
		startNext();
	}

	private synchronized void startNext() {
		if (terminateRequested || next >= scenarios.size()) {
			end();
			return;
		}
		Scenario s = scenarios.get(next++);
		current = s;
		previousVariables = Map.of();
		listener.scenarioStarted(s);
		int g = ++generation;
		SessionDriver d = SessionDriver.start(s, limits, options, new Relay(g));
		d.breakpoints().replaceAll(breakpoints);
		driver = d;
		d.resume();
	}

	private void end() {
		if (!terminated) {
			terminated = true;
			suspended = false;
			listener.terminated();
		}
	}

	// ------------------------------------------------------------------ commands (any thread)

	public void stepInto() {
		command(SessionDriver::stepInto);
	}

	public void stepOver() {
		command(SessionDriver::stepOver);
	}

	public void stepReturn() {
		command(SessionDriver::stepReturn);
	}

	public void stepBack() {
		command(SessionDriver::stepBack);
	}

	public void resume() {
		command(SessionDriver::resume);
	}

	public void reverseResume() {
		command(SessionDriver::reverseResume);
	}

	/** Runs until the statement on {@code line} of {@code file} (a path or a file URI) is next. */
	public void runToLine(String file, int line) {
		command(d -> d.runToLine(file, line));
	}

	/** Stops a running command after its current step (a long resume, a reverse resume). */
	public void suspend() {
		SessionDriver d = driver;
		if (d != null && !suspended && !terminated) {
			d.suspend();
		}
	}

	public void terminate() {
		if (terminated) {
			return;
		}
		terminateRequested = true;
		SessionDriver d = driver;
		if (d != null) {
			d.terminate();
		} else {
			end();
		}
	}

	private void command(Function<SessionDriver, CompletableFuture<SessionEvent>> c) {
		SessionDriver d = driver;
		synchronized (this) {
			if (!suspended || terminated || d == null) {
				return;
			}
			suspended = false;
		}
		c.apply(d);
	}

	/** Replaces the breakpoints of every scenario of the run, now and to come. */
	public void setBreakpoints(Collection<Breakpoint> all) {
		breakpoints = List.copyOf(all);
		SessionDriver d = driver;
		if (d != null) {
			d.breakpoints().replaceAll(breakpoints);
		}
	}

	public boolean isSuspended() {
		return suspended && !terminated;
	}

	public boolean isTerminated() {
		return terminated;
	}

	public String name() {
		return name;
	}

	/**
	 * Runs {@code query} on the engine thread while the scenario is suspended and returns its
	 * answer; null when it is running or over, or the query did not answer within ten seconds.
	 */
	public <T> T read(Function<SessionController, T> query) {
		SessionDriver d = driver;
		if (d == null || !isSuspended()) {
			return null;
		}
		try {
			return d.read(query).get(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		} catch (ExecutionException | TimeoutException e) {
			return null;
		}
	}

	// ------------------------------------------------------------------ session events (engine thread)

	/** The events of one scenario's driver, passed on while that driver is the current one. */
	private final class Relay implements SessionListener {
		private final int generation;

		Relay(int generation) {
			this.generation = generation;
		}

		@Override
		public void on(SessionEvent e) {
			if (generation == ScenarioRun.this.generation) {
				SessionListener.super.on(e);
			}
		}

		@Override
		public void resumed(SessionEvent.Resumed e) {
			listener.resumed(e.command());
		}

		@Override
		public void stepped(SessionEvent.Stepped e) {
			listener.stepped(e.step());
		}

		@Override
		public void restored(SessionEvent.Restored e) {
			listener.steppedBack(e.undone());
		}

		@Override
		public void problem(SessionEvent.ProblemFound e) {
			listener.problem(e.problem());
		}

		@Override
		public void suspended(SessionEvent.Suspended e) {
			ScenarioRun.this.suspended(e);
		}

		@Override
		public void finished(SessionEvent.Finished e) {
			ScenarioRun.this.finished(e);
		}
	}

	private void suspended(SessionEvent.Suspended e) {
		// The picture is made by a read: it runs on the engine thread right after this
		// command, where the session may be touched (a listener may not touch it).
		SessionDriver d = driver;
		d.read(c -> picture(c, e)).thenAccept(s -> {
			if (terminateRequested) {
				return;
			}
			synchronized (this) {
				suspended = true;
			}
			listener.suspended(s);
		});
	}

	private void finished(SessionEvent.Finished e) {
		Scenario s = current;
		suspended = false;
		listener.scenarioEnded(s, e.terminated() && !e.position().finished() ? cutShort(s, e)
				: new ScenarioResult(s.getName(), SourceLocation.of(s), e.passed(), e.problems(), e.position().steps()));
		SessionDriver d = driver;
		if (!e.terminated() && d != null) {
			generation++;
			d.close();
		}
		if (e.terminated() || terminateRequested) {
			end();
		} else {
			startNext();
		}
	}

	/** A scenario terminated before its end has not passed: its result says at which statement the rest was left out. */
	private static ScenarioResult cutShort(Scenario s, SessionEvent.Finished e) {
		SourceLocation at = e.position().next() != null ? e.position().next() : SourceLocation.of(s);
		List<Problem> problems = new ArrayList<>(e.problems());
		problems.add(new Problem(Problem.Severity.WARNING, at.file(), at.line(), at.column(),
				"terminated here: this statement and the rest of the scenario did not run"));
		return new ScenarioResult(s.getName(), SourceLocation.of(s), false, problems, e.position().steps());
	}

	/** The debugger's picture of a suspension: the stack with contexts, the tasks, what changed. */
	private Suspension picture(SessionController c, SessionEvent.Suspended e) {
		Session session = c.session();
		Position position = e.position();
		List<TaskRef> tasks = tasks(session);
		List<StackEntry> stack = stack(session, position, tasks);
		Map<String, Value> vars = stack.isEmpty() ? Map.of() : stack.get(stack.size() - 1).variables();
		Set<String> changed = new LinkedHashSet<>();
		for (Map.Entry<String, Value> v : vars.entrySet()) {
			Value before = previousVariables.get(v.getKey());
			if (before == null || before.kind() != v.getValue().kind() || !before.sameAs(v.getValue())) {
				changed.add(v.getKey());
			}
		}
		previousVariables = Map.copyOf(vars);
		return new Suspension(e.reason(), position, session.scenario().getName(), stack, changed, tasks);
	}

	private static List<TaskRef> tasks(Session session) {
		List<TaskRef> out = new ArrayList<>();
		Machine m = session.machine();
		if (m != null && m.booted()) {
			for (Task t : m.tasks()) {
				if (t.kind() != Task.Kind.KERNEL) {
					out.add(new TaskRef(t.name(), t.pid(), t.kind() == Task.Kind.KTHREAD));
				}
			}
		}
		return out;
	}

	/** The position's frames with the context each runs in (from the blocks that opened them). */
	private static List<StackEntry> stack(Session session, Position position, List<TaskRef> tasks) {
		List<FrameState> states = position.stack();
		List<Frame> frames = session.frames();
		boolean aligned = position.booted() && !position.finished() && frames.size() == states.size();
		List<StackEntry> out = new ArrayList<>();
		TaskRef context = null;
		for (int i = 0; i < states.size(); i++) {
			FrameState f = states.get(i);
			if (aligned && frames.get(i).owner() instanceof ProcessBlock p) {
				context = task(tasks, p.getName(), false);
			} else if (aligned && frames.get(i).owner() instanceof KthreadBlock k) {
				context = task(tasks, k.getName(), true);
			}
			out.add(new StackEntry(f.kind(), f.label(), context, Place.of(f.location()), f.variables()));
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
		return "run of " + name + (terminated ? " (terminated)" : suspended ? " (suspended)" : "");
	}
}
