package io.kmemlab.dap;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/** Serves one debug session over a pair of streams (stdio for {@code kmemlab dap}, pipes in the tests). */
public final class DebugAdapterServer {
	private DebugAdapterServer() {
	}

	/** Starts serving; the future ends with the connection. */
	public static Future<Void> serve(InputStream in, OutputStream out) {
		KmemDebugAdapter adapter = new KmemDebugAdapter();
		Launcher<IDebugProtocolClient> launcher = DSPLauncher.createServerLauncher(adapter, in, out);
		adapter.connect(launcher.getRemoteProxy());
		return launcher.startListening();
	}
}
