package io.kmemlab.cli;

import java.util.concurrent.Callable;
import org.eclipse.xtext.ide.server.ServerLauncher;
import picocli.CommandLine.Command;

@Command(name = "lsp", description = "Runs the kmem language server (Xtext) over stdio, for editors other than Eclipse.")
final class LspCommand implements Callable<Integer> {
    @Override public Integer call() {
        // The server finds the language through io.kmemlab.lang.ide's META-INF/services/org.eclipse.xtext.ISetup.
        ServerLauncher.main(new String[0]);
        return 0;
    }
}
