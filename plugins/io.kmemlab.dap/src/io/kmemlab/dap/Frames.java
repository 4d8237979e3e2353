package io.kmemlab.dap;

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
 * A client's byte stream in the base protocol that the Debug Adapter Protocol and the Language
 * Server Protocol share (Content-Length headers, JSON bodies), checked one message at a time
 * before LSP4J reads it; {@link Protocol} says what a message of the one or the other is. LSP4J's reader
 * answers bad input with a Java stack trace on stderr, and a huge Content-Length makes it allocate
 * that many bytes; here each kind of bad input costs one line on the log instead:
 * <ul>
 * <li>framing that cannot be trusted any more (a header without Content-Length, a length that is
 * not a number or is larger than {@link #MAX_CONTENT}, a header that never ends, input that ends
 * inside a message): the line, then end of input, so the server stops as if the client had
 * closed the connection;</li>
 * <li>a well-framed body that is not a message of the protocol: the line, and the
 * message is skipped; the next one is read normally.</li>
 * </ul>
 * Only whole, checked messages are passed on, so LSP4J never sees half a message.
 */
public final class Frames extends InputStream {
	/** What a message is in one protocol, and how the log names the server and its client. */
	public interface Protocol {
		/** The command the log lines start with, e.g. "kmemlab dap". */
		String command();

		/** The client, for "is this ... ?", e.g. "a DAP client". */
		String client();

		/** The protocol's messages, for "not a ... message", e.g. "DAP". */
		String messages();

		/** Why a JSON object is not a message of the protocol, or null when it is one. */
		String whyNot(JsonObject message);
	}

	/** The Debug Adapter Protocol: a request, response or event with its "command" or "event". */
	public static final Protocol DAP = new Protocol() {
		@Override public String command() { return "kmemlab dap"; }

		@Override public String client() { return "a DAP client"; }

		@Override public String messages() { return "DAP"; }

		@Override public String whyNot(JsonObject o) {
			String type = text(o, "type");
			String needs = type == null ? null : switch (type) {
				case "request" -> "command";
				case "event" -> "event";
				case "response" -> "command";
				default -> null;
			};
			if (needs == null) {
				return "not a DAP message (\"type\" is not request, response or event)";
			}
			return text(o, needs) == null ? "a " + type + " without \"" + needs + "\"" : null;
		}
	};

	/**
	 * Larger than any message a client sends (setBreakpoints of a big file is a few KiB, an
	 * editor's didOpen of a big .kmem file a few hundred KiB).
	 */
	public static final int MAX_CONTENT = 16 << 20;
	private static final int MAX_HEADER = 8 << 10;
	private static final byte[] EMPTY = new byte[0];

	private final InputStream in;
	private final Protocol protocol;
	private final Consumer<String> log;
	private byte[] frame = EMPTY;
	private int next;
	private boolean ended;
	private int messages;

	public Frames(InputStream in, Protocol protocol, Consumer<String> log) {
		this.in = in;
		this.protocol = protocol;
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
				log.accept(protocol.command() + ": message " + messages + " skipped: " + problem);
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
					log.accept(protocol.command() + ": input ended inside the header of message " + messages + "; stopping");
				}
				return null;
			}
			any = true;
			if (++headerBytes > MAX_HEADER) {
				log.accept(protocol.command() + ": the header of message " + messages + " is longer than " + MAX_HEADER
						+ " bytes (is this " + protocol.client() + "?); stopping");
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
				log.accept(protocol.command() + ": message " + messages + " has a bad header line \"" + shorten(text)
						+ "\" (expected \"Content-Length: N\"); stopping");
				return null;
			}
			if (text.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
				String value = text.substring(colon + 1).trim();
				length = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : -2;
				if (length == -2 || length > MAX_CONTENT) {
					log.accept(protocol.command() + ": message " + messages + " has Content-Length " + shorten(value) + " (at most "
							+ MAX_CONTENT + " bytes are accepted); stopping");
					return null;
				}
			}
		}
		if (length < 0) {
			log.accept(protocol.command() + ": message " + messages + " has no Content-Length header; stopping");
			return null;
		}
		byte[] body = in.readNBytes((int) length);
		if (body.length < length) {
			log.accept(protocol.command() + ": input ended inside message " + messages + " (" + body.length + " of " + length
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

	/** Why a body is not a message of the protocol, or null when it is one. */
	private String notAMessage(byte[] body) {
		JsonElement json;
		try {
			json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
		} catch (JsonParseException | StackOverflowError e) {
			return "not JSON";
		}
		if (!(json instanceof JsonObject o)) {
			return "not a " + protocol.messages() + " message (not a JSON object)";
		}
		return protocol.whyNot(o);
	}

	private static String text(JsonObject o, String member) {
		JsonElement e = o.get(member);
		return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
	}
}
