package io.kmemlab.dap;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/** Serves one debug session over a pair of streams (stdio for {@code kmemlab dap}, pipes in the tests). */
public final class DebugAdapterServer {
	private DebugAdapterServer() {
	}

	/** Starts serving; the future ends with the connection. Bad input is reported on stderr, one line each. */
	public static Future<Void> serve(InputStream in, OutputStream out) {
		return serve(in, out, System.err::println);
	}

	/**
	 * Starts serving; the future ends with the connection, also when the input breaks the
	 * protocol's framing (see {@link Frames}). {@code log} gets one line per bad input.
	 */
	public static Future<Void> serve(InputStream in, OutputStream out, Consumer<String> log) {
		KmemDebugAdapter adapter = new KmemDebugAdapter();
		Launcher<IDebugProtocolClient> launcher = DSPLauncher.createServerLauncher(adapter, new Frames(in, Frames.DAP, log), out);
		adapter.connect(launcher.getRemoteProxy());
		return launcher.startListening();
	}
}
