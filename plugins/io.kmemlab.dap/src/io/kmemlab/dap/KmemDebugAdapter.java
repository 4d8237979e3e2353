package io.kmemlab.dap;

import io.kmemlab.interpreter.debug.BreakpointLines;
import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.FrameState;
import io.kmemlab.interpreter.debug.LineBreakpoint;
import io.kmemlab.interpreter.debug.Position;
import io.kmemlab.interpreter.debug.SessionDriver;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.debug.SessionListener;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.interpreter.variables.MachineAccess;
import io.kmemlab.interpreter.variables.VarNode;
import io.kmemlab.interpreter.variables.VariablesModel;
import io.kmemlab.emulator.Machine;
import io.kmemlab.lang.kmem.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.ContinueResponse;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.OutputEventArgumentsCategory;
import org.eclipse.lsp4j.debug.PauseArguments;
import org.eclipse.lsp4j.debug.ReverseContinueArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.ScopesResponse;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsResponse;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StackTraceResponse;
import org.eclipse.lsp4j.debug.StepBackArguments;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.StoppedEventArgumentsReason;
import org.eclipse.lsp4j.debug.TerminateArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.ThreadsResponse;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.VariablesResponse;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * A Debug Adapter Protocol server for .kmem scenarios ({@code kmemlab dap}): launch, line
 * breakpoints with conditions, stepping, step back and reverse continue, variables, evaluate.
 * It drives the interpreter's {@link SessionDriver}, as the Eclipse debugger does, and shows
 * variables through the same {@link VariablesModel}. A bundle of its own: LSP4J's debug module
 * is on Maven Central only up to 0.24.0, whose JSON-RPC is not the 1.0 the language server uses.
 * <p>
 * Launch arguments: {@code program} (the .kmem file), {@code scenario} (its name; the file's
 * first scenario when absent), {@code stopOnEntry} (before the first statement), and the run
 * budgets {@code maxSteps}, {@code maxSeconds}, {@code maxHistoryMiB} ({@link LaunchLimits}). A scenario
 * has one thread (id 1); its frames are the blocks, innermost first.
 * <p>
 * Threading: requests arrive on the protocol's thread and answer at once (commands are
 * posted to the engine thread); events go out from the engine thread. Variables references
 * are valid until the next resume, as the protocol says.
 */
public final class KmemDebugAdapter implements IDebugProtocolServer {
	static final int THREAD = 1;

	private volatile IDebugProtocolClient client;
	private volatile SessionDriver driver;
	private volatile Position position;
	private volatile Scenario scenario;
	/** Breakpoints set before the session existed (a client may send them before launch ends). */
	private final Map<String, List<LineBreakpoint>> pending = new ConcurrentHashMap<>();
	private final Map<Integer, Supplier<List<VarNode>>> handles = new ConcurrentHashMap<>();
	private final AtomicInteger nextHandle = new AtomicInteger(1);
	private final CompletableFuture<Void> ended = new CompletableFuture<>();
	private VariablesModel variables;

	/** Where events go: the launcher's proxy of the client. */
	public void connect(IDebugProtocolClient c) {
		client = c;
	}

	/** Completes when the session is over and the client was told (terminated). */
	public CompletableFuture<Void> ended() {
		return ended;
	}

	@Override
	public CompletableFuture<Capabilities> initialize(InitializeRequestArguments args) {
		Capabilities c = new Capabilities();
		c.setSupportsConfigurationDoneRequest(true);
		c.setSupportsStepBack(true);
		c.setSupportsConditionalBreakpoints(true);
		c.setSupportsEvaluateForHovers(true);
		c.setSupportsTerminateRequest(true);
		return CompletableFuture.completedFuture(c);
	}

	@Override
	public CompletableFuture<Void> launch(Map<String, Object> args) {
		Object program = args.get("program");
		if (!(program instanceof String p) || p.isBlank()) {
			return failed("launch needs \"program\": the path of a .kmem file");
		}
		KmemFiles.Loaded loaded = KmemFiles.load(Path.of(p));
		if (loaded.hasErrors()) {
			return failed(loaded.problems().stream().filter(Problem::isError).limit(5).map(Problem::toString)
					.collect(Collectors.joining("\n")));
		}
		List<Scenario> all = ScenarioRunner.scenarios(loaded.model());
		Object wanted = args.get("scenario");
		Scenario chosen = wanted == null ? (all.isEmpty() ? null : all.get(0))
				: all.stream().filter(s -> s.getName().equals(wanted)).findFirst().orElse(null);
		if (chosen == null) {
			return failed((wanted == null ? p + " has no scenario" : "no scenario called \"" + wanted + "\" in " + p) + " (scenarios: "
					+ all.stream().map(s -> "\"" + s.getName() + "\"").collect(Collectors.joining(", ")) + ")");
		}
		LaunchLimits.Read budgets = LaunchLimits.of(args);
		if (budgets.limits() == null) {
			return failed(budgets.error());
		}
		scenario = chosen;
		boolean stopOnEntry = Boolean.TRUE.equals(args.get("stopOnEntry"));
		SessionDriver d = SessionDriver.start(chosen, budgets.limits(), DebugOptions.defaults().withStopAtEntry(stopOnEntry), new Events());
		variables = new VariablesModel(new MachineAccess() {
			@Override
			public <T> T read(Function<Machine, T> query) {
				return await(d.read(c -> c.session().machine() == null ? null : query.apply(c.session().machine())));
			}
		});
		pending.forEach((file, lines) -> d.breakpoints().replaceLines(file, lines));
		driver = d;
		client.initialized();
		return CompletableFuture.completedFuture(null);
	}

	private static <T> CompletableFuture<T> failed(String message) {
		return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, message, null)));
	}

	private static <T> T await(CompletableFuture<T> f) {
		try {
			return f.get(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			java.lang.Thread.currentThread().interrupt();
			return null;
		} catch (ExecutionException | TimeoutException e) {
			return null;
		}
	}

	@Override
	public CompletableFuture<SetBreakpointsResponse> setBreakpoints(SetBreakpointsArguments args) {
		String file = args.getSource() == null ? null : args.getSource().getPath();
		SourceBreakpoint[] asked = args.getBreakpoints() == null ? new SourceBreakpoint[0] : args.getBreakpoints();
		if (file == null) {
			return failed("setBreakpoints needs source.path");
		}
		String text;
		try {
			text = Files.readString(Path.of(file));
		} catch (IOException | RuntimeException e) {
			return failed("cannot read " + file + ": " + e.getMessage());
		}
		List<LineBreakpoint> lines = new ArrayList<>();
		List<Breakpoint> answer = new ArrayList<>();
		for (SourceBreakpoint sb : asked) {
			Breakpoint b = new Breakpoint();
			OptionalInt landing = BreakpointLines.landing(text, sb.getLine());
			if (landing.isPresent()) {
				lines.add(new LineBreakpoint(file, sb.getLine(), sb.getCondition()));
				b.setVerified(true);
				b.setLine(landing.getAsInt());
			} else {
				b.setVerified(false);
				b.setLine(sb.getLine());
				b.setMessage("no statement on or after this line");
			}
			answer.add(b);
		}
		pending.put(file, lines);
		SessionDriver d = driver;
		if (d != null) {
			d.breakpoints().replaceLines(file, lines);
		}
		SetBreakpointsResponse r = new SetBreakpointsResponse();
		r.setBreakpoints(answer.toArray(Breakpoint[]::new));
		return CompletableFuture.completedFuture(r);
	}

	@Override
	public CompletableFuture<Void> configurationDone(ConfigurationDoneArguments args) {
		SessionDriver d = driver;
		if (d != null) {
			d.resume();
		}
		return CompletableFuture.completedFuture(null);
	}

	// ------------------------------------------------------------------ where the scenario is

	@Override
	public CompletableFuture<ThreadsResponse> threads() {
		Thread t = new Thread();
		t.setId(THREAD);
		t.setName(scenario == null ? "scenario" : "scenario \"" + scenario.getName() + "\"");
		ThreadsResponse r = new ThreadsResponse();
		r.setThreads(new Thread[] { t });
		return CompletableFuture.completedFuture(r);
	}

	@Override
	public CompletableFuture<StackTraceResponse> stackTrace(StackTraceArguments args) {
		Position p = position;
		List<StackFrame> frames = new ArrayList<>();
		if (p != null) {
			List<FrameState> stack = p.stack();
			for (int i = stack.size() - 1; i >= 0; i--) {
				FrameState f = stack.get(i);
				StackFrame sf = new StackFrame();
				sf.setId(i + 1);
				sf.setName(f.label());
				sf.setLine(f.location().line());
				sf.setColumn(Math.max(1, f.location().column()));
				sf.setSource(source(f.location()));
				frames.add(sf);
			}
		}
		StackTraceResponse r = new StackTraceResponse();
		r.setStackFrames(frames.toArray(StackFrame[]::new));
		r.setTotalFrames(frames.size());
		return CompletableFuture.completedFuture(r);
	}

	private static Source source(SourceLocation at) {
		Source s = new Source();
		if (at.file() != null && !at.file().equals("?")) {
			Path path = Path.of(at.file()).toAbsolutePath().normalize();
			s.setPath(path.toString());
			s.setName(path.getFileName().toString());
		}
		return s;
	}

	@Override
	public CompletableFuture<ScopesResponse> scopes(ScopesArguments args) {
		Position p = position;
		int index = args.getFrameId() - 1;
		List<Scope> scopes = new ArrayList<>();
		if (p != null && index >= 0 && index < p.stack().size()) {
			FrameState f = p.stack().get(index);
			Scope locals = new Scope();
			locals.setName("Locals");
			locals.setVariablesReference(handle(() -> variables.rows(f.variables(), VariablesModel.Context.NONE)));
			locals.setExpensive(false);
			scopes.add(locals);
		}
		ScopesResponse r = new ScopesResponse();
		r.setScopes(scopes.toArray(Scope[]::new));
		return CompletableFuture.completedFuture(r);
	}

	private int handle(Supplier<List<VarNode>> rows) {
		int h = nextHandle.getAndIncrement();
		handles.put(h, rows);
		return h;
	}

	@Override
	public CompletableFuture<VariablesResponse> variables(VariablesArguments args) {
		Supplier<List<VarNode>> rows = handles.get(args.getVariablesReference());
		List<Variable> out = new ArrayList<>();
		if (rows != null) {
			for (VarNode n : rows.get()) {
				out.add(variable(n));
			}
		}
		VariablesResponse r = new VariablesResponse();
		r.setVariables(out.toArray(Variable[]::new));
		return CompletableFuture.completedFuture(r);
	}

	private Variable variable(VarNode n) {
		Variable v = new Variable();
		v.setName(n.name());
		v.setValue(n.value());
		v.setType(n.type());
		v.setVariablesReference(n.hasChildren() ? handle(n::children) : 0);
		return v;
	}

	@Override
	public CompletableFuture<EvaluateResponse> evaluate(EvaluateArguments args) {
		SessionDriver d = driver;
		if (d == null || position == null) {
			return failed("evaluate needs a suspended scenario");
		}
		return d.read(c -> c.evaluate(args.getExpression())).thenApply(e -> {
			if (!e.ok()) {
				throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, e.text(), null));
			}
			VarNode n = variables.value(args.getExpression(), e.value(), false);
			EvaluateResponse r = new EvaluateResponse();
			r.setResult(n.value());
			r.setType(n.type());
			r.setVariablesReference(n.hasChildren() ? handle(n::children) : 0);
			return r;
		});
	}

	// ------------------------------------------------------------------ run control

	private CompletableFuture<Void> run(Function<SessionDriver, ?> command) {
		SessionDriver d = driver;
		if (d != null) {
			position = null;
			handles.clear();
			command.apply(d);
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletableFuture<ContinueResponse> continue_(ContinueArguments args) {
		run(SessionDriver::resume);
		ContinueResponse r = new ContinueResponse();
		r.setAllThreadsContinued(true);
		return CompletableFuture.completedFuture(r);
	}

	@Override
	public CompletableFuture<Void> next(NextArguments args) {
		return run(SessionDriver::stepOver);
	}

	@Override
	public CompletableFuture<Void> stepIn(StepInArguments args) {
		return run(SessionDriver::stepInto);
	}

	@Override
	public CompletableFuture<Void> stepOut(StepOutArguments args) {
		return run(SessionDriver::stepReturn);
	}

	@Override
	public CompletableFuture<Void> stepBack(StepBackArguments args) {
		return run(SessionDriver::stepBack);
	}

	@Override
	public CompletableFuture<Void> reverseContinue(ReverseContinueArguments args) {
		return run(SessionDriver::reverseResume);
	}

	@Override
	public CompletableFuture<Void> pause(PauseArguments args) {
		SessionDriver d = driver;
		if (d != null) {
			d.suspend();
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletableFuture<Void> terminate(TerminateArguments args) {
		return end();
	}

	@Override
	public CompletableFuture<Void> disconnect(DisconnectArguments args) {
		return end();
	}

	private CompletableFuture<Void> end() {
		SessionDriver d = driver;
		if (d == null) {
			finish(0);
		} else {
			d.terminate();
		}
		return CompletableFuture.completedFuture(null);
	}

	private void finish(int exit) {
		if (ended.isDone()) {
			return;
		}
		ExitedEventArguments exited = new ExitedEventArguments();
		exited.setExitCode(exit);
		client.exited(exited);
		client.terminated(new TerminatedEventArguments());
		ended.complete(null);
	}

	// ------------------------------------------------------------------ session events (engine thread)

	/** The session's news as protocol events; each step is printed as a line of output. */
	private final class Events implements SessionListener {
		private void output(String category, String text) {
			if (text.isEmpty()) {
				return;
			}
			OutputEventArguments o = new OutputEventArguments();
			o.setCategory(category);
			o.setOutput(text);
			client.output(o);
		}

		private boolean started;

		@Override
		public void stepped(SessionEvent.Stepped e) {
			if (!started) {
				started = true;
				output(OutputEventArgumentsCategory.STDOUT, StepText.start(scenario));
			}
			output(OutputEventArgumentsCategory.STDOUT, StepText.of(e.step()));
		}

		@Override
		public void restored(SessionEvent.Restored e) {
			output(OutputEventArgumentsCategory.STDOUT, String.format("%5d  << back: undid %s%n", e.undone().location().line(),
					e.undone().label()));
		}

		@Override
		public void problem(SessionEvent.ProblemFound e) {
			output(OutputEventArgumentsCategory.STDERR, e.problem() + "\n");
		}

		@Override
		public void suspended(SessionEvent.Suspended e) {
			position = e.position();
			StoppedEventArguments s = new StoppedEventArguments();
			s.setThreadId(THREAD);
			s.setAllThreadsStopped(true);
			s.setReason(switch (e.reason()) {
				case SuspendReason.LineHit l -> StoppedEventArgumentsReason.BREAKPOINT;
				case SuspendReason.EventHit h -> StoppedEventArgumentsReason.EXCEPTION;
				case SuspendReason.Entry en -> StoppedEventArgumentsReason.ENTRY;
				case SuspendReason.Requested r -> StoppedEventArgumentsReason.PAUSE;
				case SuspendReason.RunToLine r -> StoppedEventArgumentsReason.GOTO;
				default -> StoppedEventArgumentsReason.STEP;
			});
			if (e.reason() instanceof SuspendReason.EventHit h) {
				s.setDescription(h.detail());
			}
			client.stopped(s);
		}

		@Override
		public void finished(SessionEvent.Finished e) {
			position = null;
			boolean cutShort = e.terminated() && !e.position().finished();
			output(OutputEventArgumentsCategory.STDOUT, (cutShort ? "TERMINATED  " : e.passed() ? "PASS  " : "FAIL  ") + scenario.getName()
					+ " (" + e.position().steps() + " steps)\n");
			SessionDriver d = driver;
			if (!e.terminated() && d != null) {
				d.close();
			}
			finish(e.passed() && !cutShort ? 0 : 1);
		}
	}
}
