package io.kmemlab.ui.highlighting;

import java.util.ArrayList;
import java.util.List;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonToken;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.ITokenScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.xtext.parser.antlr.Lexer;
import org.eclipse.xtext.parser.antlr.LexerBindings;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.name.Named;

/**
 * A JFace token scanner over the generated Xtext lexer, so the editor splits text exactly as
 * the parser does. It always lexes the whole document: a range may start inside a comment or
 * string, which the lexer cannot resume from.
 */
public class KmemTokenScanner implements ITokenScanner {

	private final Provider<Lexer> lexerProvider;
	private final TokenClassifier classifier;
	private final KmemPalette palette;

	private final List<ScannedToken> tokens = new ArrayList<>();
	private int index;
	private ScannedToken current;

	@Inject
	public KmemTokenScanner(@Named(LexerBindings.RUNTIME) Provider<Lexer> lexerProvider, TokenClassifier classifier,
			KmemPalette palette) {
		this.lexerProvider = lexerProvider;
		this.classifier = classifier;
		this.palette = palette;
	}

	/** A lexed token with its category: offset and length in document characters. */
	public record ScannedToken(int offset, int length, TokenCategory category) {
		int end() {
			return offset + length;
		}
	}

	/** Lexes a whole text; the result covers it without gaps. Usable without a display. */
	public List<ScannedToken> scan(String text) {
		List<ScannedToken> result = new ArrayList<>();
		Lexer lexer = lexerProvider.get();
		lexer.setCharStream(new ANTLRStringStream(text));
		int covered = 0;
		while (true) {
			org.antlr.runtime.Token token = lexer.nextToken();
			if (token == null || token.getType() == org.antlr.runtime.Token.EOF) {
				break;
			}
			CommonToken common = (CommonToken) token;
			int start = common.getStartIndex();
			int end = common.getStopIndex() + 1;
			if (end <= start || start < covered) {
				continue; // zero-length recovery token
			}
			if (start > covered) {
				// Characters the lexer skipped after an error stay uncoloured.
				result.add(new ScannedToken(covered, start - covered, TokenCategory.PLAIN));
			}
			String tokenText = text.substring(start, end);
			result.add(new ScannedToken(start, end - start,
					classifier.classify(token.getType(), tokenText, nextNonBlank(text, end))));
			covered = end;
		}
		if (covered < text.length()) {
			result.add(new ScannedToken(covered, text.length() - covered, TokenCategory.PLAIN));
		}
		return result;
	}

	private static char nextNonBlank(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != ' ' && c != '\t') {
				return c;
			}
		}
		return 0;
	}

	@Override
	public void setRange(IDocument document, int offset, int length) {
		tokens.clear();
		index = 0;
		current = null;
		int rangeEnd = offset + length;
		for (ScannedToken token : scan(document.get())) {
			if (token.end() <= offset || token.offset() >= rangeEnd) {
				continue;
			}
			// Clip to the range: the repairer expects tokens inside what it asked for.
			int start = Math.max(offset, token.offset());
			int end = Math.min(rangeEnd, token.end());
			tokens.add(new ScannedToken(start, end - start, token.category()));
		}
	}

	@Override
	public IToken nextToken() {
		if (index >= tokens.size()) {
			current = null;
			return Token.EOF;
		}
		current = tokens.get(index++);
		return new Token(palette.attributeOf(current.category()));
	}

	@Override
	public int getTokenOffset() {
		return current == null ? 0 : current.offset();
	}

	@Override
	public int getTokenLength() {
		return current == null ? 0 : current.length();
	}
}
