package io.kmemlab.cli;

import io.kmemlab.dap.DebugAdapterServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine.Command;

@Command(name = "dap", description = {"Runs a Debug Adapter Protocol server over stdio, so editors other than Eclipse can debug .kmem "
        + "scenarios: launch {\"program\": FILE, \"scenario\": NAME, \"stopOnEntry\": true}, breakpoints with conditions, "
        + "stepping, step back, reverse continue, variables, evaluate."})
final class DapCommand implements Callable<Integer> {
    /** Held so that the logging framework keeps the configuration (it holds loggers weakly). */
    private static final Logger PROTOCOL_LOG = Logger.getLogger("org.eclipse.lsp4j");

    @Override public Integer call() throws InterruptedException {
        // stdout carries the protocol: anything else printed there would corrupt it
        InputStream in = System.in;
        OutputStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        oneLinePerRecord(err);
        try {
            DebugAdapterServer.serve(in, out, err::println).get();
        } catch (ExecutionException e) {
            err.println("kmemlab dap: the connection broke: " + e.getCause());
            return 1;
        }
        return 0;
    }

    /** The protocol library's complaints as one line each on stderr, without its stack traces. */
    private static void oneLinePerRecord(PrintStream err) {
        PROTOCOL_LOG.setUseParentHandlers(false);
        PROTOCOL_LOG.addHandler(new Handler() {
            @Override public void publish(LogRecord r) {
                String message = r.getMessage() == null ? String.valueOf(r.getThrown()) : r.getMessage();
                err.println("kmemlab dap: " + r.getLevel().getName().toLowerCase() + ": " + message.lines().findFirst().orElse(""));
            }

            @Override public void flush() {
                err.flush();
            }

            @Override public void close() {
            }
        });
    }
}
