package io.kmemlab.dap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kmemlab.dap.DebugAdapterServer;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsResponse;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StepBackArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.StoppedEventArgumentsReason;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmemlab dap}: the Debug Adapter Protocol server in-process over piped streams, driven
 * as an editor drives it: initialize, launch, setBreakpoints, configurationDone, a stop at the
 * breakpoint, next, variables, stepBack, evaluate, disconnect. Every wait has a timeout.
 */
class DebugAdapterTest {
	private static final long WAIT = 30;

	static final String SCENARIO = """
			machine pc {
			    arch x86_64
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0x3fffffff
			}

			scenario "references" on pc {
			    let before = 1

			    let p = alloc_pages(GFP_KERNEL, 0)
			    get_page(p)
			    expect page_count(p) == 2
			}
			""";

	@TempDir
	Path dir;

	/** The editor's side: what the adapter tells it. */
	static final class Client implements IDebugProtocolClient {
		final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
		final StringBuilder output = new StringBuilder();

		@Override
		public void initialized() {
			events.add("initialized");
		}

		@Override
		public void stopped(StoppedEventArguments args) {
			events.add(args);
		}

		@Override
		public void output(OutputEventArguments args) {
			synchronized (output) {
				output.append(args.getOutput());
			}
		}

		@Override
		public void exited(ExitedEventArguments args) {
			events.add(args);
		}

		@Override
		public void terminated(TerminatedEventArguments args) {
			events.add(args);
		}
	}

	static int lineOf(String fragment) {
		return (int) SCENARIO.substring(0, SCENARIO.indexOf(fragment)).chars().filter(c -> c == '\n').count() + 1;
	}

	@SuppressWarnings("unchecked")
	private static <T> T next(Client c, Class<T> type) throws InterruptedException {
		Object o = c.events.poll(WAIT, TimeUnit.SECONDS);
		if (o == null) {
			fail("no " + type.getSimpleName() + " within " + WAIT + " s; output so far:\n" + c.output);
		}
		if (!type.isInstance(o)) {
			fail("expected " + type.getSimpleName() + " but the adapter sent " + o + "; output so far:\n" + c.output);
		}
		return (T) o;
	}

	private static <T> T get(CompletableFuture<T> f) throws Exception {
		return f.get(WAIT, TimeUnit.SECONDS);
	}

	@Test
	@Timeout(120)
	void anEditorLaunchesStopsAtABreakpointStepsLooksAtVariablesAndStepsBack() throws Exception {
		Path file = dir.resolve("references.kmem");
		Files.writeString(file, SCENARIO);

		PipedInputStream serverIn = new PipedInputStream(1 << 16);
		PipedOutputStream clientOut = new PipedOutputStream(serverIn);
		PipedInputStream clientIn = new PipedInputStream(1 << 16);
		PipedOutputStream serverOut = new PipedOutputStream(clientIn);
		var serving = DebugAdapterServer.serve(serverIn, serverOut);
		Client client = new Client();
		Launcher<IDebugProtocolServer> launcher = DSPLauncher.createClientLauncher(client, clientIn, clientOut);
		launcher.startListening();
		IDebugProtocolServer server = launcher.getRemoteProxy();

		InitializeRequestArguments init = new InitializeRequestArguments();
		init.setAdapterID("kmemlab");
		init.setLinesStartAt1(true);
		Capabilities caps = get(server.initialize(init));
		assertTrue(caps.getSupportsStepBack(), "the adapter offers step back");

		get(server.launch(Map.of("program", file.toString(), "scenario", "references")));
		assertEquals("initialized", client.events.poll(WAIT, TimeUnit.SECONDS));

		// a breakpoint on the blank line lands on the statement after it
		SetBreakpointsArguments bps = new SetBreakpointsArguments();
		Source source = new Source();
		source.setPath(file.toString());
		bps.setSource(source);
		SourceBreakpoint blank = new SourceBreakpoint();
		blank.setLine(lineOf("let before") + 1);
		bps.setBreakpoints(new SourceBreakpoint[] { blank });
		SetBreakpointsResponse set = get(server.setBreakpoints(bps));
		assertTrue(set.getBreakpoints()[0].isVerified());
		assertEquals(lineOf("let p ="), set.getBreakpoints()[0].getLine());
		get(server.configurationDone(new ConfigurationDoneArguments()));

		StoppedEventArguments stop = next(client, StoppedEventArguments.class);
		assertEquals(StoppedEventArgumentsReason.BREAKPOINT, stop.getReason());
		assertEquals(lineOf("let p ="), topLine(server));
		assertTrue(variable(server, "p").isEmpty(), "p is not defined before its statement runs");

		NextArguments next = new NextArguments();
		next.setThreadId(stop.getThreadId());
		get(server.next(next));
		assertEquals(StoppedEventArgumentsReason.STEP, next(client, StoppedEventArguments.class).getReason());
		assertEquals(lineOf("get_page(p)"), topLine(server));
		Variable p = variable(server, "p").orElseThrow(() -> new AssertionError("no p after let p"));
		assertEquals("struct page *", p.getType());
		assertTrue(p.getValue().startsWith("(struct page *) 0x"), p.getValue());
		assertTrue(p.getVariablesReference() > 0, "p expands into its fields");
		Variable refcount = field(server, p, "_refcount");
		// a page just allocated holds one reference (set_page_refcounted(), mm/page_alloc.c)
		assertEquals("0x1 (1)", refcount.getValue());

		get(server.next(next));
		next(client, StoppedEventArguments.class);
		assertEquals("0x2 (2)", field(server, variable(server, "p").orElseThrow(), "_refcount").getValue(), "get_page took one");

		StepBackArguments back = new StepBackArguments();
		back.setThreadId(stop.getThreadId());
		get(server.stepBack(back));
		next(client, StoppedEventArguments.class);
		assertEquals(lineOf("get_page(p)"), topLine(server), "back before get_page");
		assertEquals("0x1 (1)", field(server, variable(server, "p").orElseThrow(), "_refcount").getValue(), "and its reference undone");

		EvaluateArguments eval = new EvaluateArguments();
		eval.setExpression("page_ref_count(p) + 40");
		eval.setFrameId(topFrame(server).getId());
		EvaluateResponse value = get(server.evaluate(eval));
		assertEquals("41", value.getResult());

		get(server.disconnect(new DisconnectArguments()));
		assertEquals(1, next(client, ExitedEventArguments.class).getExitCode(), "a scenario cut short did not pass");
		next(client, TerminatedEventArguments.class);
		synchronized (client.output) {
			assertTrue(client.output.toString().contains("let p = alloc_pages(GFP_KERNEL, 0)"), "steps are printed as kmemlab run prints them:\n"
					+ client.output);
			assertTrue(client.output.toString().contains("TERMINATED  references") && !client.output.toString().contains("PASS"),
					"disconnected before its end, the scenario is not reported as passed:\n" + client.output);
		}
		serverOut.close();
		clientOut.close();
		try {
			serving.get(WAIT, TimeUnit.SECONDS);
		} catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
			// the pipe closed under the listener: the connection is over either way
		}
	}

	private static StackFrame topFrame(IDebugProtocolServer server) throws Exception {
		StackTraceArguments st = new StackTraceArguments();
		st.setThreadId(1);
		StackFrame[] frames = get(server.stackTrace(st)).getStackFrames();
		assertTrue(frames.length > 0, "a suspended scenario has frames");
		return frames[0];
	}

	private static int topLine(IDebugProtocolServer server) throws Exception {
		return topFrame(server).getLine();
	}

	private static Optional<Variable> variable(IDebugProtocolServer server, String name) throws Exception {
		ScopesArguments sa = new ScopesArguments();
		sa.setFrameId(topFrame(server).getId());
		int ref = get(server.scopes(sa)).getScopes()[0].getVariablesReference();
		return find(server, ref, name);
	}

	private static Variable field(IDebugProtocolServer server, Variable parent, String name) throws Exception {
		return find(server, parent.getVariablesReference(), name).orElseThrow(() -> new AssertionError("no field " + name));
	}

	private static Optional<Variable> find(IDebugProtocolServer server, int ref, String name) throws Exception {
		VariablesArguments va = new VariablesArguments();
		va.setVariablesReference(ref);
		List<Variable> vars = Arrays.asList(get(server.variables(va)).getVariables());
		return vars.stream().filter(v -> v.getName().equals(name)).findFirst();
	}
}
