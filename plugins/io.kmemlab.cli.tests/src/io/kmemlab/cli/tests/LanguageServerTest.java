package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kmemlab.cli.LanguageServerLauncher;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmemlab lsp}: the language server the command starts, in-process over piped streams,
 * driven the way an editor drives it (initialize, didOpen, completion, shutdown, exit). Every
 * wait has a timeout, so a server that does not answer fails the test instead of hanging the build.
 */
class LanguageServerTest {
    private static final long WAIT = 30;   // seconds per request

    /** Line 6 (0-based) has a syntax error: `=` twice. */
    private static final String BROKEN = """
            machine pc {
                arch x86_64
                ram 0x1000 .. 0x9fbff
            }
            scenario "broken" on pc {
                let p = alloc_page(GFP_KERNEL)
                let q = = 3
                show page p
            }
            """;

    @TempDir Path dir;

    /** The editor's side: collects what the server publishes. */
    static final class Client implements LanguageClient {
        final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();

        @Override public void publishDiagnostics(PublishDiagnosticsParams p) { diagnostics.add(p); }
        @Override public void telemetryEvent(Object object) { }
        @Override public void showMessage(MessageParams p) { }
        @Override public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
            return CompletableFuture.completedFuture(null);
        }
        @Override public void logMessage(MessageParams p) { }
    }

    private static <T> T await(CompletableFuture<T> f, String what) throws Exception {
        try {
            return f.get(WAIT, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail("the language server did not answer " + what + " within " + WAIT + " s");
        } catch (ExecutionException e) {
            return fail(what + " failed: " + e.getCause());
        }
    }

    @Test
    @SuppressWarnings("deprecation")   // InitializeParams.setRootUri
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void reportsAnErrorAtItsLineAndCompletesStatements() throws Exception {
        Path file = dir.resolve("broken.kmem");
        Files.writeString(file, BROKEN);
        String uri = file.toUri().toString();

        PipedInputStream serverIn = new PipedInputStream(1 << 16), clientIn = new PipedInputStream(1 << 16);
        PipedOutputStream toServer = new PipedOutputStream(serverIn), toClient = new PipedOutputStream(clientIn);
        // `exit` would end the JVM (as it must for the real command): here it is a no-op.
        Future<Void> server = LanguageServerLauncher.listen(serverIn, toClient,
                b -> b.bind(ILanguageServerShutdownAndExitHandler.class).to(ILanguageServerShutdownAndExitHandler.NullImpl.class));
        Client client = new Client();
        Launcher<LanguageServer> launcher = Launcher.createLauncher(client, LanguageServer.class, clientIn, toServer);
        Future<Void> listening = launcher.startListening();
        LanguageServer ls = launcher.getRemoteProxy();
        try {
            InitializeParams init = new InitializeParams();
            init.setProcessId((int) ProcessHandle.current().pid());
            // as editors send it: the folder both as workspace folder and (for servers that read only that) as rootUri
            init.setWorkspaceFolders(List.of(new WorkspaceFolder(dir.toUri().toString(), "work")));
            init.setRootUri(dir.toUri().toString());
            WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
            workspace.setWorkspaceFolders(true);
            init.setCapabilities(new ClientCapabilities(workspace, new TextDocumentClientCapabilities(), null));
            InitializeResult result = await(ls.initialize(init), "initialize");
            assertNotNull(result.getCapabilities().getCompletionProvider(), "the server offers completion");
            ls.initialized(new InitializedParams());

            // a pathological document first (nesting far deeper than the parser follows): the server must go on
            // diagnosing the others
            String deep = "machine d { ram 0 size 16M }\nscenario \"deep\" on d {\n    let x = " + "(".repeat(20_000) + "1"
                    + ")".repeat(20_000) + "\n}\n";
            ls.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(
                    dir.resolve("deep.kmem").toUri().toString(), "kmem", 1, deep)));
            ls.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "kmem", 1, BROKEN)));
            Diagnostic error = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            while (error == null) {
                long left = deadline - System.nanoTime();
                PublishDiagnosticsParams p = left <= 0 ? null : client.diagnostics.poll(left, TimeUnit.NANOSECONDS);
                if (p == null) fail("no error published for " + uri + " within " + WAIT + " s");
                if (!p.getUri().endsWith("/broken.kmem")) continue;
                for (Diagnostic d : p.getDiagnostics()) if (d.getSeverity() == DiagnosticSeverity.Error && error == null) error = d;
            }
            assertEquals(6, error.getRange().getStart().getLine(), () -> "the error is on `let q = = 3`: " + client.diagnostics);

            // the start of a statement: statement keywords are proposed
            var completion = await(ls.getTextDocumentService().completion(
                    new CompletionParams(new TextDocumentIdentifier(uri), new Position(5, 4))), "completion");
            List<CompletionItem> items = completion.map(l -> l, CompletionList::getItems);
            List<String> labels = items.stream().map(CompletionItem::getLabel).toList();
            assertTrue(labels.contains("let") && labels.contains("show") && labels.contains("expect"),
                    () -> "statement keywords proposed at the start of a statement: " + labels);

            await(ls.shutdown(), "shutdown");
            ls.exit();
        } finally {
            close(toServer);
            try {
                server.get(WAIT, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the language server did not stop within " + WAIT + " s after its input closed");
            } catch (ExecutionException e) {
                // the connection ended; what counts is that it ended
            } finally {
                close(toClient);
                listening.cancel(true);
            }
        }
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
