package io.kmemlab.dap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.dap.DebugAdapterServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kmemlab dap} fed what no editor should send: each kind of bad input costs one line on
 * the log, never a Java stack trace, and the server either goes on with the next message or
 * stops as if the client had closed the connection; it never waits for bytes that will not come.
 * Each input starts with a good initialize, which must be answered before the bad part.
 */
class BadInputTest {
	private static final String INITIALIZE = "{\"seq\":1,\"type\":\"request\",\"command\":\"initialize\",\"arguments\":{\"adapterID\":\"t\"}}";

	/** What the server did with one input. */
	record Served(List<String> log, String out, List<LogRecord> warnings) {
		int initializeAnswers() {
			int n = 0;
			for (int at = out.indexOf("\"command\":\"initialize\""); at >= 0; at = out.indexOf("\"command\":\"initialize\"", at + 1)) {
				n++;
			}
			return n;
		}

		void oneLineNoTrace(String expected) {
			assertEquals(1, log.size(), "one line on the log: " + log);
			assertTrue(log.get(0).startsWith("kmemlab dap: ") && log.get(0).contains(expected), log.get(0));
			assertTrue(log.stream().noneMatch(l -> l.contains("\n") || l.contains("Exception")), "no trace: " + log);
			assertTrue(warnings.isEmpty(), "nothing logged by the protocol library (its records carry stack traces): " + warnings.stream()
					.map(LogRecord::getMessage).toList());
		}
	}

	static byte[] frame(String body) {
		return frame(body.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] frame(byte[] body) {
		byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		return concat(header, body);
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] p : parts) {
			all.writeBytes(p);
		}
		return all.toByteArray();
	}

	static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	/** Serves the input to its end; the server must be done within the timeout (a hang fails here). */
	static Served serve(byte[] input) throws Exception {
		List<String> log = Collections.synchronizedList(new ArrayList<>());
		List<LogRecord> warnings = Collections.synchronizedList(new ArrayList<>());
		Handler recorder = new Handler() {
			@Override
			public void publish(LogRecord r) {
				if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
					warnings.add(r);
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		Logger root = Logger.getLogger("");
		root.addHandler(recorder);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			DebugAdapterServer.serve(new ByteArrayInputStream(input), out, log::add).get(30, TimeUnit.SECONDS);
		} finally {
			root.removeHandler(recorder);
		}
		synchronized (out) {
			return new Served(List.copyOf(log), out.toString(StandardCharsets.UTF_8), List.copyOf(warnings));
		}
	}

	@Test
	@Timeout(60)
	void aBadHeaderStops() throws Exception {
		Served s = serve(concat(frame(INITIALIZE), ascii("Bogus-Header\r\n\r\n{}"), frame(INITIALIZE)));
		s.oneLineNoTrace("bad header line \"Bogus-Header\"");
		assertEquals(1, s.initializeAnswers(), "the message before is answered, nothing after the bad header is read");
	}

	@Test
	@Timeout(60)
	void aHugeContentLengthStopsWithoutReadingIt() throws Exception {
		// more than an int holds, and within an int but more than any client sends
		for (String length : List.of("99999999999", "2000000000")) {
			Served s = serve(concat(frame(INITIALIZE), ascii("Content-Length: " + length + "\r\n\r\n{}")));
			s.oneLineNoTrace("Content-Length " + length);
			assertEquals(1, s.initializeAnswers());
		}
	}

	@Test
	@Timeout(60)
	void binaryJunkInAMessageIsSkippedAndTheNextOneAnswered() throws Exception {
		byte[] junk = new byte[300];
		new Random(9).nextBytes(junk);
		Served s = serve(concat(frame(junk), frame(INITIALIZE)));
		s.oneLineNoTrace("message 1 skipped");
		assertEquals(1, s.initializeAnswers(), "the server goes on after a well-framed message it cannot read");
	}

	@Test
	@Timeout(60)
	void binaryJunkInsteadOfAHeaderStops() throws Exception {
		byte[] junk = new byte[20_000];
		new Random(14).nextBytes(junk);
		Served s = serve(concat(frame(INITIALIZE), junk));
		s.oneLineNoTrace("message 2");
		assertEquals(1, s.initializeAnswers());
	}

	@Test
	@Timeout(60)
	void inputEndingInsideAMessageStops() throws Exception {
		String half = "{\"seq\":2,\"type\":\"req";
		Served s = serve(concat(frame(INITIALIZE), ascii("Content-Length: 100\r\n\r\n" + half)));
		s.oneLineNoTrace("input ended inside message 2 (" + half.length() + " of 100 bytes)");
		assertEquals(1, s.initializeAnswers());
	}
}
