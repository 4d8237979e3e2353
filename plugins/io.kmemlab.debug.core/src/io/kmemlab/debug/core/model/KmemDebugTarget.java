package io.kmemlab.debug.core.model;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.breakpoints.EventKind;
import io.kmemlab.debug.core.breakpoints.KmemEventBreakpoint;
import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.debug.core.console.RunReport;
import io.kmemlab.debug.core.console.ScenarioProcess;
import io.kmemlab.debug.core.engine.EngineListener;
import io.kmemlab.debug.core.engine.Place;
import io.kmemlab.debug.core.engine.ScenarioRun;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.engine.TaskRef;
import io.kmemlab.interpreter.variables.MachineAccess;
import io.kmemlab.interpreter.variables.VariablesModel;
import io.kmemlab.emulator.Machine;
import io.kmemlab.interpreter.debug.Breakpoint;
import io.kmemlab.interpreter.debug.Command;
import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.debug.EventBreakpoint;
import io.kmemlab.interpreter.debug.Evaluation;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.debug.LineBreakpoint;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.lang.kmem.Scenario;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IMarkerDelta;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointListener;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.debug.core.IBreakpointManagerListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IValue;

/**
 * One kmemlab debug session: the scenarios of a launch run by a {@link ScenarioRun}. It
 * turns the engine's news into the Platform's debug events, keeps the threads (the
 * scenario, and each process and kernel thread the machine has), hands the engine the
 * enabled breakpoints, and prints every step to the launch's console.
 */
public final class KmemDebugTarget extends KmemDebugElement
		implements IDebugTarget, IReverseStep, EngineListener, IBreakpointListener, IBreakpointManagerListener {
	private final ILaunch launch;
	private final ScenarioProcess process;
	private final ScenarioRun engine;
	/** The interpreter's breakpoints handed to the engine, and the Platform breakpoint each stands for. */
	private volatile Map<Breakpoint, IBreakpoint> installed = Map.of();
	private final String name;
	private final RunReport console;
	private final VariablesModel variables;
	private final KmemThread scenarioThread;
	/** Process and kthread threads by their task, in the order the machine created them. */
	private final Map<TaskRef, KmemThread> taskThreads = new LinkedHashMap<>();
	private volatile Suspension current;
	/**
	 * Suspended as far as the model is concerned: set once the threads and frames of a
	 * suspension are in place (after the engine stopped), cleared when a command makes it run.
	 */
	private volatile boolean suspended;
	private volatile boolean terminated;

	/** A target whose scenarios run within the budgets of {@code limits}. */
	public KmemDebugTarget(ILaunch launch, ScenarioProcess process, String name, List<Scenario> scenarios, Limits limits,
			DebugOptions options) {
		super(null);
		this.launch = launch;
		this.process = process;
		this.name = name;
		this.console = new RunReport(process);
		this.engine = new ScenarioRun(name, scenarios, limits, options, this);
		this.variables = new VariablesModel(new MachineAccess() {
			@Override
			public <T> T read(Function<Machine, T> query) {
				return engine.read(c -> c.session().machine() == null ? null : query.apply(c.session().machine()));
			}
		});
		this.scenarioThread = new KmemThread(this, null);
		process.onTerminate(engine::terminate);
	}

	/** Registers with the launch and the breakpoint manager and starts the first scenario. */
	public void start() {
		launch.addDebugTarget(this);
		IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
		manager.addBreakpointListener(this);
		manager.addBreakpointManagerListener(this);
		installBreakpoints();
		fireCreationEvent();
		scenarioThread.fireCreationEvent();
		engine.start();
	}

	@Override
	public IDebugTarget getDebugTarget() {
		return this;
	}

	@Override
	public ILaunch getLaunch() {
		return launch;
	}

	public ScenarioRun engine() {
		return engine;
	}

	public VariablesModel variablesModel() {
		return variables;
	}

	/** What the views show now; null while running (and before the first suspension). */
	public Suspension suspension() {
		return suspended ? current : null;
	}

	/** The last suspension, also while running (for labels that say where it was). */
	Suspension lastSuspension() {
		return current;
	}

	/**
	 * Evaluates an expression of the language where the scenario stands (Expressions view,
	 * hover); null when it is not suspended. Blocks until the engine answers: call it off the
	 * UI thread.
	 */
	public Evaluation evaluate(String expression) {
		return engine.read(c -> c.evaluate(expression));
	}

	/** A debug value for {@code value}, expandable as a variable of the same kind is. */
	public IValue valueOf(String name, Value value) {
		return new KmemValue(this, variables.value(name, value, false));
	}

	// ------------------------------------------------------------------ IDebugTarget

	@Override
	public IProcess getProcess() {
		return process;
	}

	@Override
	public synchronized IThread[] getThreads() {
		if (terminated) {
			return new IThread[0];
		}
		List<IThread> out = new ArrayList<>();
		out.add(scenarioThread);
		out.addAll(taskThreads.values());
		return out.toArray(IThread[]::new);
	}

	@Override
	public boolean hasThreads() {
		return !terminated;
	}

	@Override
	public String getName() {
		return name;
	}

	@Override
	public boolean supportsBreakpoint(IBreakpoint breakpoint) {
		return KmemDebug.MODEL_ID.equals(breakpoint.getModelIdentifier());
	}

	/** The thread of the scenario's own context (outside any process or kthread block). */
	public KmemThread scenarioThread() {
		return scenarioThread;
	}

	/** The thread whose code runs next. */
	public synchronized KmemThread activeThread() {
		Suspension s = current;
		TaskRef t = s == null ? null : s.activeContext();
		KmemThread th = t == null ? null : taskThreads.get(t);
		return th == null ? scenarioThread : th;
	}

	// ------------------------------------------------------------------ run control

	@Override
	public boolean canTerminate() {
		return !terminated;
	}

	@Override
	public boolean isTerminated() {
		return terminated;
	}

	@Override
	public void terminate() {
		engine.terminate();
	}

	@Override
	public boolean canResume() {
		return suspended;
	}

	@Override
	public boolean canSuspend() {
		return !terminated && !suspended;
	}

	@Override
	public boolean isSuspended() {
		return suspended;
	}

	@Override
	public void resume() {
		run(engine::resume);
	}

	public void stepInto() {
		run(engine::stepInto);
	}

	public void stepOver() {
		run(engine::stepOver);
	}

	public void stepReturn() {
		run(engine::stepReturn);
	}

	/**
	 * Lets a command through while suspended, and stops being suspended at once: whoever
	 * waits for the next suspension must not see this one.
	 */
	private void run(Runnable command) {
		synchronized (this) {
			if (!suspended || terminated) {
				return;
			}
			suspended = false;
		}
		command.run();
	}

	@Override
	public void suspend() {
		engine.suspend();
	}

	@Override
	public boolean canStepBack() {
		Suspension s = suspension();
		return s != null && s.canStepBack();
	}

	@Override
	public void stepBack() {
		if (canStepBack()) {
			run(engine::stepBack);
		}
	}

	@Override
	public boolean canReverseResume() {
		return canStepBack();
	}

	@Override
	public void reverseResume() {
		if (canReverseResume()) {
			run(engine::reverseResume);
		}
	}

	/** Runs until the statement on {@code line} of {@code file} is next. */
	public void runToLine(URI file, int line) {
		run(() -> engine.runToLine(Place.normalize(file).toString(), line));
	}

	@Override
	public boolean canDisconnect() {
		return false;
	}

	@Override
	public void disconnect() throws DebugException {
		throw new DebugException(Status.error("a kmemlab scenario cannot be disconnected from; terminate it instead"));
	}

	@Override
	public boolean isDisconnected() {
		return false;
	}

	@Override
	public boolean supportsStorageRetrieval() {
		return false;
	}

	@Override
	public IMemoryBlock getMemoryBlock(long startAddress, long length) throws DebugException {
		throw new DebugException(Status.error("memory blocks are shown by the kmemlab views, not the Memory view"));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getAdapter(Class<T> adapter) {
		if (adapter == IReverseStep.class) {
			return (T) this;
		}
		return super.getAdapter(adapter);
	}

	// ------------------------------------------------------------------ breakpoints

	@Override
	public void breakpointAdded(IBreakpoint breakpoint) {
		installBreakpoints();
	}

	@Override
	public void breakpointRemoved(IBreakpoint breakpoint, IMarkerDelta delta) {
		installBreakpoints();
	}

	@Override
	public void breakpointChanged(IBreakpoint breakpoint, IMarkerDelta delta) {
		installBreakpoints();
	}

	@Override
	public void breakpointManagerEnablementChanged(boolean enabled) {
		installBreakpoints();
	}

	/** Hands the engine the enabled kmemlab breakpoints (none while the manager skips all). */
	private void installBreakpoints() {
		IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
		Map<Breakpoint, IBreakpoint> now = new LinkedHashMap<>();
		if (manager.isEnabled()) {
			for (IBreakpoint b : manager.getBreakpoints(KmemDebug.MODEL_ID)) {
				try {
					if (b.isEnabled()) {
						for (Breakpoint bp : toEngine(b)) {
							now.putIfAbsent(bp, b);
						}
					}
				} catch (CoreException e) {
					// a breakpoint whose marker went away meanwhile: it is not installed
				}
			}
		}
		installed = Map.copyOf(now);
		engine.setBreakpoints(now.keySet());
	}

	/** The interpreter's breakpoints a Platform breakpoint stands for (an oops/BUG/WARN one stands for two). */
	static List<Breakpoint> toEngine(IBreakpoint b) throws CoreException {
		if (b instanceof KmemLineBreakpoint lb) {
			URI file = b.getMarker().getResource().getLocationURI();
			return file == null ? List.of()
					: List.of(new LineBreakpoint(Place.normalize(file).toString(), lb.getLineNumber(), lb.activeCondition()));
		}
		if (b instanceof KmemEventBreakpoint eb && eb.getKind() != null) {
			long arg = eb.getArgument();
			return switch (eb.getKind()) {
				case REPORT -> List.of(new EventBreakpoint.Report(EventBreakpoint.ReportKind.OOPS),
						new EventBreakpoint.Report(EventBreakpoint.ReportKind.WARN));
				case REFCOUNT -> List.of(new EventBreakpoint.RefcountChanged(arg));
				case ENTRY_WRITE -> List.of(new EventBreakpoint.EntryWritten(arg, null));
				case ALLOC_FREE -> List.of(new EventBreakpoint.Allocation(arg, EventBreakpoint.Allocation.When.EITHER));
			};
		}
		return List.of();
	}

	/** The Platform breakpoint the session stopped at, for the Debug view's "suspended at breakpoint". */
	IBreakpoint[] hitBreakpoints() {
		Suspension s = suspension();
		Breakpoint hit = s == null ? null : switch (s.reason()) {
			case SuspendReason.LineHit l -> l.breakpoint();
			case SuspendReason.EventHit e -> e.breakpoint();
			default -> null;
		};
		IBreakpoint b = hit == null ? null : installed.get(hit);
		return b == null ? new IBreakpoint[0] : new IBreakpoint[] { b };
	}

	// ------------------------------------------------------------------ engine news (engine thread)

	@Override
	public void scenarioStarted(Scenario scenario) {
		console.scenarioStarted(scenario);
	}

	@Override
	public void stepped(Step step) {
		console.stepped(step);
	}

	@Override
	public void steppedBack(Step undone) {
		console.steppedBack(undone);
	}

	@Override
	public void resumed(Command command) {
		suspended = false;
		int detail = switch (command) {
			case STEP_INTO -> DebugEvent.STEP_INTO;
			case STEP_OVER, STEP_BACK -> DebugEvent.STEP_OVER;
			case STEP_RETURN -> DebugEvent.STEP_RETURN;
			default -> DebugEvent.CLIENT_REQUEST;
		};
		KmemThread active = activeThread();
		active.fireResumeEvent(detail);
		if (active != scenarioThread) {
			scenarioThread.fireResumeEvent(detail);
		}
	}

	@Override
	public void suspended(Suspension s) {
		List<KmemThread> created = new ArrayList<>();
		List<KmemThread> gone = new ArrayList<>();
		synchronized (this) {
			current = s;
			Map<TaskRef, KmemThread> before = new LinkedHashMap<>(taskThreads);
			taskThreads.clear();
			List<TaskRef> tasks = new ArrayList<>(s.tasks());
			TaskRef active = s.activeContext();
			if (active != null && !tasks.contains(active)) {
				tasks.add(active);
			}
			for (TaskRef t : tasks) {
				KmemThread th = before.remove(t);
				if (th == null) {
					th = new KmemThread(this, t);
					created.add(th);
				}
				taskThreads.put(t, th);
			}
			gone.addAll(before.values());
		}
		scenarioThread.suspensionChanged();
		for (KmemThread th : taskThreads.values()) {
			th.suspensionChanged();
		}
		for (KmemThread th : created) {
			th.fireCreationEvent();
		}
		for (KmemThread th : gone) {
			th.fireTerminateEvent();
		}
		int detail = switch (s.reason()) {
			case SuspendReason.LineHit l -> DebugEvent.BREAKPOINT;
			case SuspendReason.EventHit e -> DebugEvent.BREAKPOINT;
			case SuspendReason.Requested r -> DebugEvent.CLIENT_REQUEST;
			default -> DebugEvent.STEP_END;
		};
		suspended = true;
		KmemThread active = activeThread();
		if (active != scenarioThread) {
			// the scenario's context waits at the process/kthread statement; the task's thread is the one that stopped
			scenarioThread.fireSuspendEvent(DebugEvent.CLIENT_REQUEST);
		}
		active.fireSuspendEvent(detail);
	}

	@Override
	public void scenarioEnded(Scenario scenario, ScenarioResult result) {
		console.scenarioEnded(scenario, result);
	}

	@Override
	public void problem(Problem problem) {
		console.problem(problem);
	}

	@Override
	public void terminated() {
		// the console's process ends first: whoever sees the target terminated sees the run over
		console.terminated();
		List<KmemThread> threads;
		synchronized (this) {
			suspended = false;
			terminated = true;
			threads = new ArrayList<>(taskThreads.values());
			taskThreads.clear();
		}
		IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
		manager.removeBreakpointListener(this);
		manager.removeBreakpointManagerListener(this);
		for (KmemThread th : threads) {
			th.fireTerminateEvent();
		}
		scenarioThread.fireTerminateEvent();
		fireTerminateEvent();
	}

}
