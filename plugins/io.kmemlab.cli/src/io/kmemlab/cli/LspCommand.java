package io.kmemlab.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.concurrent.ExecutionException;
import org.eclipse.xtext.ide.server.LaunchArgs;
import org.eclipse.xtext.ide.server.ServerLauncher;
import picocli.CommandLine.Command;

@Command(name = "lsp", description = "Runs the kmem language server (Xtext) over stdio, for editors other than Eclipse.")
final class LspCommand implements Callable<Integer> {
    @Override public Integer call() throws InterruptedException {
        // Takes stdin/stdout for the protocol and silences System.in/out/err, as Xtext's ServerLauncher does:
        // a stray print would corrupt the stream.
        PrintStream stderr = System.err;   // before it is silenced: bad input from the editor gets one line here
        LaunchArgs stdio = ServerLauncher.createLaunchArgs(ServerLauncher.class.getName(), new String[0]);
        // LSP4J logs what it cannot handle with stack traces; the framing check reports bad input in one line instead
        Logger.getLogger("org.eclipse.lsp4j").setLevel(Level.OFF);
        try {
            LanguageServerLauncher.listenWithLog(stdio.getIn(), stdio.getOut(), line -> {
                stderr.println(line);
                stderr.flush();
            }).get();
        } catch (ExecutionException e) {
            return 1;   // the connection broke; stderr is silenced, the editor sees the server end
        }
        return 0;
    }
}
