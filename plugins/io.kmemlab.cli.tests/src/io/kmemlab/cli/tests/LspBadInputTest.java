package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.cli.LanguageServerLauncher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage on the language server's stdin: each kind costs one log line, then the server either
 * stops as if the editor had closed the stream (framing that cannot be trusted) or skips the
 * message and answers the next one; never a Java trace, never a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LspBadInputTest {
    @TempDir Path workspace;

    private String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"rootUri\":\"" + workspace.toUri()
                + "\",\"capabilities\":{}}}";
    }

    private record Served(List<String> log, String out) { }

    private static byte[] framed(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return concat(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), b);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** Serves {@code input} to its end; the server must stop by itself (the input ends or is refused). */
    private static Served serve(byte[] input) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(input);
        Future<Void> server = LanguageServerLauncher.listenWithLog(in, out, log::add,
                b -> b.bind(ILanguageServerShutdownAndExitHandler.class).to(ILanguageServerShutdownAndExitHandler.NullImpl.class));
        server.get(60, TimeUnit.SECONDS);
        // an answer to a request read before the input ended may still be on its way
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (input.length > 0 && new String(input, StandardCharsets.ISO_8859_1).contains("\"id\":1")
                && !out.toString(StandardCharsets.UTF_8).contains("\"id\":1") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return new Served(List.copyOf(log), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadHeaderLineStopsTheServerWithOneLine() throws Exception {
        Served s = serve("Hello: world\r\nGarbage without colon\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("kmemlab lsp: message 1 has a bad header line \"Garbage without colon\" (expected \"Content-Length: N\"); "
                + "stopping"), s.log());
    }

    @Test
    void aHugeContentLengthIsNotAllocated() throws Exception {
        Served s = serve("Content-Length: 99999999999\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("kmemlab lsp: message 1 has Content-Length 99999999999 (at most 16777216 bytes are accepted); stopping"),
                s.log());
    }

    @Test
    void theInputEndingInsideAMessage() throws Exception {
        Served s = serve("Content-Length: 100\r\n\r\n{\"jsonrpc\"".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("kmemlab lsp: input ended inside message 1 (10 of 100 bytes); stopping"), s.log());
    }

    @Test
    void binaryJunkInAFrameIsSkippedAndTheNextRequestIsAnswered() throws Exception {
        byte[] junk = new byte[256];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) (i * 37);
        byte[] junkFrame = concat(("Content-Length: " + junk.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), junk);
        Served s = serve(concat(junkFrame, framed("[1, 2, 3]"), framed(initialize())));
        assertEquals(List.of("kmemlab lsp: message 1 skipped: not JSON",
                "kmemlab lsp: message 2 skipped: not a JSON-RPC message (not a JSON object)"), s.log());
        assertTrue(s.out().contains("\"id\":1") && s.out().contains("\"capabilities\""), s.out());
    }

    @Test
    void binaryJunkInsteadOfAHeaderStops() throws Exception {
        byte[] junk = {0, (byte) 0xff, 1, 2, (byte) 0x80, ':', 3, '\n'};
        Served s = serve(junk);
        assertEquals(List.of("kmemlab lsp: message 1 has a bad header line \"(binary)\" (expected \"Content-Length: N\"); stopping"),
                s.log());
    }
}
