package io.kmemlab.cli;

import io.kmemlab.dap.DebugAdapterServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;

@Command(name = "dap", description = {"Runs a Debug Adapter Protocol server over stdio, so editors other than Eclipse can debug .kmem "
        + "scenarios: launch {\"program\": FILE, \"scenario\": NAME, \"stopOnEntry\": true}, breakpoints with conditions, "
        + "stepping, step back, reverse continue, variables, evaluate."})
final class DapCommand implements Callable<Integer> {
    @Override public Integer call() throws InterruptedException {
        // stdout carries the protocol: anything else printed there would corrupt it
        InputStream in = System.in;
        OutputStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            DebugAdapterServer.serve(in, out).get();
        } catch (ExecutionException e) {
            return 1;   // the connection broke: the client sees the adapter end
        }
        return 0;
    }
}
