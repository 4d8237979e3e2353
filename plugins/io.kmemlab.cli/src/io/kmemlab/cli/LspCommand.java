package io.kmemlab.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.eclipse.xtext.ide.server.LaunchArgs;
import org.eclipse.xtext.ide.server.ServerLauncher;
import picocli.CommandLine.Command;

@Command(name = "lsp", description = "Runs the kmem language server (Xtext) over stdio, for editors other than Eclipse.")
final class LspCommand implements Callable<Integer> {
    @Override public Integer call() throws InterruptedException {
        // Takes stdin/stdout for the protocol and silences System.in/out/err, as Xtext's ServerLauncher does:
        // a stray print would corrupt the stream.
        LaunchArgs stdio = ServerLauncher.createLaunchArgs(ServerLauncher.class.getName(), new String[0]);
        try {
            LanguageServerLauncher.listen(stdio.getIn(), stdio.getOut()).get();
        } catch (ExecutionException e) {
            return 1;   // the connection broke; stderr is silenced, the editor sees the server end
        }
        return 0;
    }
}
