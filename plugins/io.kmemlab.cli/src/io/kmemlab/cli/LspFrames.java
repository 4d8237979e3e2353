package io.kmemlab.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The editor's byte stream to {@code kmemlab lsp}, checked one message at a time before LSP4J
 * reads it (the language server's counterpart of the debug adapter's framing check). LSP4J's reader
 * answers bad input with a Java stack trace on stderr, and a huge Content-Length makes it allocate
 * that many bytes; here each kind of bad input costs one line on the log instead:
 * <ul>
 * <li>framing that cannot be trusted any more (a header without Content-Length, a length that is
 * not a number or is larger than {@link #MAX_CONTENT}, a header that never ends, input that ends
 * inside a message): the line, then end of input, so the server stops as if the client had
 * closed the connection;</li>
 * <li>a well-framed body that is not a JSON-RPC message (not JSON, neither "method" nor "id"): the line, and the
 * message is skipped; the next one is read normally.</li>
 * </ul>
 * Only whole, checked messages are passed on, so LSP4J never sees half a message.
 */
final class LspFrames extends InputStream {
	/** Larger than any message an editor sends (didOpen of a big .kmem file is a few hundred KiB). */
	static final int MAX_CONTENT = 16 << 20;
	private static final int MAX_HEADER = 8 << 10;
	private static final byte[] EMPTY = new byte[0];

	private final InputStream in;
	private final Consumer<String> log;
	private byte[] frame = EMPTY;
	private int next;
	private boolean ended;
	private int messages;

	LspFrames(InputStream in, Consumer<String> log) {
		this.in = in;
		this.log = log;
	}

	@Override
	public int read() throws IOException {
		if (!fill()) {
			return -1;
		}
		return frame[next++] & 0xff;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		if (!fill()) {
			return -1;
		}
		int n = Math.min(len, frame.length - next);
		System.arraycopy(frame, next, b, off, n);
		next += n;
		return n;
	}

	@Override
	public int available() {
		return frame.length - next;
	}

	@Override
	public void close() throws IOException {
		ended = true;
		in.close();
	}

	/** Makes sure some bytes of a checked message wait; false at the end of input. */
	private boolean fill() throws IOException {
		while (next == frame.length) {
			if (ended) {
				return false;
			}
			byte[] body = nextBody();
			if (body == null) {
				ended = true;
				return false;
			}
			String problem = notAMessage(body);
			if (problem != null) {
				log.accept("kmemlab lsp: message " + messages + " skipped: " + problem);
				continue;
			}
			byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
			frame = new byte[header.length + body.length];
			System.arraycopy(header, 0, frame, 0, header.length);
			System.arraycopy(body, 0, frame, header.length, body.length);
			next = 0;
		}
		return true;
	}

	/** The next message's body, or null at the end of input (after logging why, unless the input simply ended between messages). */
	private byte[] nextBody() throws IOException {
		messages++;
		long length = -1;
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int headerBytes = 0;
		boolean any = false;
		while (true) {
			int c = in.read();
			if (c < 0) {
				if (any) {
					log.accept("kmemlab lsp: input ended inside the header of message " + messages + "; stopping");
				}
				return null;
			}
			any = true;
			if (++headerBytes > MAX_HEADER) {
				log.accept("kmemlab lsp: the header of message " + messages + " is longer than " + MAX_HEADER
						+ " bytes (is this an LSP client?); stopping");
				return null;
			}
			if (c != '\n') {
				line.write(c);
				continue;
			}
			String text = line.toString(StandardCharsets.ISO_8859_1);
			line.reset();
			if (text.endsWith("\r")) {
				text = text.substring(0, text.length() - 1);
			}
			if (text.isEmpty()) {
				break;
			}
			int colon = text.indexOf(':');
			if (colon < 0 || !printable(text)) {
				log.accept("kmemlab lsp: message " + messages + " has a bad header line \"" + shorten(text)
						+ "\" (expected \"Content-Length: N\"); stopping");
				return null;
			}
			if (text.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
				String value = text.substring(colon + 1).trim();
				length = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : -2;
				if (length == -2 || length > MAX_CONTENT) {
					log.accept("kmemlab lsp: message " + messages + " has Content-Length " + shorten(value) + " (at most "
							+ MAX_CONTENT + " bytes are accepted); stopping");
					return null;
				}
			}
		}
		if (length < 0) {
			log.accept("kmemlab lsp: message " + messages + " has no Content-Length header; stopping");
			return null;
		}
		byte[] body = in.readNBytes((int) length);
		if (body.length < length) {
			log.accept("kmemlab lsp: input ended inside message " + messages + " (" + body.length + " of " + length
					+ " bytes); stopping");
			return null;
		}
		return body;
	}

	private static boolean printable(String text) {
		return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t');
	}

	private static String shorten(String text) {
		String shown = printable(text) ? text : "(binary)";
		return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
	}

	/** Why a body is not a JSON-RPC message, or null when it is one (a JSON object with "method" or "id"). */
	private static String notAMessage(byte[] body) {
		JsonElement json;
		try {
			json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
		} catch (JsonParseException | StackOverflowError e) {
			return "not JSON";
		}
		if (!(json instanceof JsonObject o)) {
			return "not a JSON-RPC message (a JSON object)";
		}
		if (text(o, "method") == null && !o.has("id")) {
			return "not a JSON-RPC message (neither \"method\" nor \"id\")";
		}
		return null;
	}

	private static String text(JsonObject o, String member) {
		JsonElement e = o.get(member);
		return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
	}
}
