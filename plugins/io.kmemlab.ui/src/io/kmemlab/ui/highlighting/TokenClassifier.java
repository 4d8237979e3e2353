package io.kmemlab.ui.highlighting;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.xtext.parser.antlr.ITokenDefProvider;

import com.google.inject.Inject;
import com.google.inject.Singleton;

import io.kmemlab.lang.ide.kernel.KernelNames;

/**
 * Maps the generated lexer's token types to colour categories.
 *
 * <p>Keywords, numbers, strings and comments are derived from the token definitions of the
 * generated lexer (keywords appear there as {@code 'machine'}, terminals as {@code RULE_NUMBER}),
 * never from a list of keywords, so new keywords are coloured as soon as the grammar is
 * regenerated. Names are kernel functions or constants when the language's built-in table
 * knows them; any other name stays plain, which also tells the user a call is not a kernel one.
 */
@Singleton
public class TokenClassifier {

	/** A keyword made of word characters ('machine', 'memory-model', '4-level'), not '{' or '=='. */
	private static final Pattern WORD_KEYWORD = Pattern.compile("[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*");

	private final Map<Integer, TokenCategory> byType = new HashMap<>();
	private final Set<Integer> identifierTypes = new HashSet<>();
	private final KernelNames kernelNames;

	@Inject
	public TokenClassifier(ITokenDefProvider tokenDefs, KernelNames kernelNames) {
		this.kernelNames = kernelNames;
		tokenDefs.getTokenDefMap().forEach((type, name) -> {
			byType.put(type, categoryOf(name));
			if (isIdentifierRule(name)) {
				identifierTypes.add(type);
			}
		});
	}

	/**
	 * @param tokenType the lexer's token type
	 * @param text the token's text
	 * @param next the first character after the token that is not a blank, or 0 at the end
	 */
	public TokenCategory classify(int tokenType, String text, char next) {
		TokenCategory category = byType.getOrDefault(tokenType, TokenCategory.PLAIN);
		if (identifierTypes.contains(tokenType)) {
			if (kernelNames.isFunction(text)) {
				return TokenCategory.BUILTIN;
			}
			return kernelNames.isConstant(text) ? TokenCategory.CONSTANT : TokenCategory.PLAIN;
		}
		// Some keywords are also kernel calls: show zone z, but zone(ZONE_NORMAL).
		if (category == TokenCategory.KEYWORD && next == '(' && kernelNames.isFunction(text)) {
			return TokenCategory.BUILTIN;
		}
		return category;
	}

	/** The category of a token definition name, before looking at the token's context. */
	static TokenCategory categoryOf(String tokenDefName) {
		if (tokenDefName.length() > 2 && tokenDefName.startsWith("'") && tokenDefName.endsWith("'")) {
			String keyword = tokenDefName.substring(1, tokenDefName.length() - 1);
			return WORD_KEYWORD.matcher(keyword).matches() ? TokenCategory.KEYWORD : TokenCategory.PLAIN;
		}
		String rule = tokenDefName.startsWith("RULE_") ? tokenDefName.substring("RULE_".length()) : tokenDefName;
		if (rule.contains("COMMENT")) {
			return TokenCategory.COMMENT;
		}
		if (rule.contains("STRING")) {
			return TokenCategory.STRING;
		}
		if (rule.contains("NUMBER") || rule.equals("INT") || rule.contains("HEX") || rule.contains("DECIMAL")) {
			return TokenCategory.NUMBER;
		}
		return TokenCategory.PLAIN;
	}

	private static boolean isIdentifierRule(String tokenDefName) {
		return tokenDefName.equals("RULE_ID");
	}
}
