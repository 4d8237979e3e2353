package io.kmemlab.dap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kmemlab.dap.DebugAdapterServer;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.ReverseContinueArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StepBackArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch arguments maxSteps, maxSeconds and maxHistoryMiB (kmemlab run's --max-steps,
 * --max-seconds, --max-history-mib) over the protocol: they set the session's budgets, a stop
 * names the argument to raise, and a value that is not a budget is refused with an error
 * response that says what is accepted.
 */
class BudgetArgumentsTest {
	private static final long WAIT = 60;
	private static final String MACHINE = """
			machine pc {
			    arch x86_64
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0x3fffffff
			}
			""";

	@TempDir
	Path dir;
	private PipedOutputStream serverOut;
	private PipedOutputStream clientOut;

	private IDebugProtocolServer connect(DebugAdapterTest.Client client) throws Exception {
		PipedInputStream serverIn = new PipedInputStream(1 << 16);
		clientOut = new PipedOutputStream(serverIn);
		PipedInputStream clientIn = new PipedInputStream(1 << 16);
		serverOut = new PipedOutputStream(clientIn);
		DebugAdapterServer.serve(serverIn, serverOut);
		Launcher<IDebugProtocolServer> launcher = DSPLauncher.createClientLauncher(client, clientIn, clientOut);
		launcher.startListening();
		IDebugProtocolServer server = launcher.getRemoteProxy();
		InitializeRequestArguments init = new InitializeRequestArguments();
		init.setAdapterID("kmemlab");
		server.initialize(init).get(WAIT, TimeUnit.SECONDS);
		return server;
	}

	@AfterEach
	void close() throws Exception {
		if (serverOut != null) {
			serverOut.close();
			clientOut.close();
		}
	}

	private Path file(String name, String body) throws Exception {
		Path f = dir.resolve(name);
		Files.writeString(f, MACHINE + "\nscenario \"s\" on pc {\n" + body + "\n}\n");
		return f;
	}

	private static Map<String, Object> args(Path file, Object... budgets) {
		Map<String, Object> m = new HashMap<>();
		m.put("program", file.toString());
		for (int i = 0; i < budgets.length; i += 2) {
			m.put((String) budgets[i], budgets[i + 1]);
		}
		return m;
	}

	private static String output(DebugAdapterTest.Client c, Predicate<String> done) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
		while (System.nanoTime() < deadline) {
			synchronized (c.output) {
				if (done.test(c.output.toString())) {
					return c.output.toString();
				}
			}
			Thread.sleep(10);
		}
		synchronized (c.output) {
			fail("the output did not come within " + WAIT + " s:\n" + c.output);
			return null;
		}
	}

	private static Object next(DebugAdapterTest.Client c, Class<?> type) throws InterruptedException {
		while (true) {
			Object o = c.events.poll(WAIT, TimeUnit.SECONDS);
			if (o == null) {
				fail("no " + type.getSimpleName() + " within " + WAIT + " s; output:\n" + c.output);
			}
			if (type.isInstance(o)) {
				return o;
			}
		}
	}

	@Test
	@Timeout(120)
	void maxStepsStopsTheRunAndTheStopNamesTheArgument() throws Exception {
		DebugAdapterTest.Client client = new DebugAdapterTest.Client();
		IDebugProtocolServer server = connect(client);
		server.launch(args(file("steps.kmem", "    repeat 100000 { let x = 1 }"), "maxSteps", 300)).get(WAIT, TimeUnit.SECONDS);
		server.configurationDone(new ConfigurationDoneArguments()).get(WAIT, TimeUnit.SECONDS);
		assertEquals(1, ((ExitedEventArguments) next(client, ExitedEventArguments.class)).getExitCode(), "a stopped run fails");
		String out = output(client, o -> o.contains("FAIL  s"));
		assertTrue(out.contains("step budget exhausted: 300 steps run (the boot's included), the limit is 300"), out);
		assertTrue(out.contains("Raise it with the launch argument \"maxSteps\" (e.g. in launch.json)"), out);
		assertFalse(out.contains("--max-steps") || out.contains("Exception"), out);
	}

	@Test
	@Timeout(180)
	void maxHistoryMiBBoundsHowFarBackTheSessionCanStep() throws Exception {
		DebugAdapterTest.Client client = new DebugAdapterTest.Client();
		IDebugProtocolServer server = connect(client);
		Path f = file("history.kmem", "    repeat 3000 { let p = alloc_page(GFP_KERNEL)\n __free_page(p) }\n    let last = 1");
		server.launch(args(f, "maxHistoryMiB", 1)).get(WAIT, TimeUnit.SECONDS);
		SetBreakpointsArguments bps = new SetBreakpointsArguments();
		Source source = new Source();
		source.setPath(f.toString());
		bps.setSource(source);
		SourceBreakpoint last = new SourceBreakpoint();
		last.setLine((int) Files.readString(f).lines().takeWhile(l -> !l.contains("let last")).count() + 1);
		bps.setBreakpoints(new SourceBreakpoint[] { last });
		server.setBreakpoints(bps).get(WAIT, TimeUnit.SECONDS);
		server.configurationDone(new ConfigurationDoneArguments()).get(WAIT, TimeUnit.SECONDS);
		next(client, StoppedEventArguments.class);
		// back as far as the history reaches, then one more step back is refused with the budget's argument
		ReverseContinueArguments reverse = new ReverseContinueArguments();
		reverse.setThreadId(1);
		server.reverseContinue(reverse).get(WAIT, TimeUnit.SECONDS);
		next(client, StoppedEventArguments.class);
		StepBackArguments back = new StepBackArguments();
		back.setThreadId(1);
		server.stepBack(back).get(WAIT, TimeUnit.SECONDS);
		String out = output(client, o -> o.contains("step back: no earlier step is kept"));
		assertTrue(out.contains("within 1 MiB of history; this run filled that budget, so it kept fewer; raise it with the launch "
				+ "argument \"maxHistoryMiB\" (e.g. in launch.json)"), out);
	}

	@Test
	@Timeout(120)
	void aBadBudgetIsAnErrorResponseThatSaysWhatIsAccepted() throws Exception {
		IDebugProtocolServer server = connect(new DebugAdapterTest.Client());
		Path f = file("bad.kmem", "    let x = 1");
		assertEquals("launch argument \"maxHistoryMiB\" is not a whole number: \"lots\"; enter a number of MiB from 1 to 1048576 "
				+ "(default 256)", refusal(server.launch(args(f, "maxHistoryMiB", "lots"))));
		assertEquals("launch argument \"maxHistoryMiB\" is out of range: 0 MiB; enter a number from 1 to 1048576 (default 256)",
				refusal(server.launch(args(f, "maxHistoryMiB", 0))));
		assertEquals("launch argument \"maxSeconds\" is not a whole number: \"2.5\"; enter a number of seconds from 1 to 10000000 "
				+ "(default 300)", refusal(server.launch(args(f, "maxSeconds", 2.5))));
		assertEquals("launch argument \"maxSteps\" must be a number of steps, not true", refusal(server.launch(args(f, "maxSteps", true))));
	}

	private static String refusal(CompletableFuture<Void> launch) throws Exception {
		try {
			launch.get(WAIT, TimeUnit.SECONDS);
		} catch (ExecutionException e) {
			return assertInstanceOf(ResponseErrorException.class, e.getCause()).getResponseError().getMessage();
		}
		return fail("the launch was accepted");
	}
}
