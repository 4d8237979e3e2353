package io.kmemlab.ui.highlighting;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.parser.antlr.ITokenDefProvider;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Maps the generated lexer's token types to colour categories.
 *
 * <p>Everything is derived from the token definitions of the generated lexer (keywords appear
 * there as {@code 'machine'}, terminals as {@code RULE_NUMBER}) and from the grammar, never from
 * a list of keywords, so new keywords are coloured as soon as the grammar is regenerated.
 */
@Singleton
public class TokenClassifier {

	/** A keyword made of word characters ('machine', 'memory-model', '4-level'), not '{' or '=='. */
	private static final Pattern WORD_KEYWORD = Pattern.compile("[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*");

	/** Kernel constants are macros, spelled in capitals: GFP_KERNEL, PAGE_SHIFT, KM_USER0. */
	private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9_]*[A-Z0-9]");

	/**
	 * The grammar's datatype rule that lets some keywords be used as names and calls
	 * (zone(...), symbol(...)); such a keyword followed by '(' is a kernel call.
	 */
	private static final String NAME_RULE = "Ident";

	private final Map<Integer, TokenCategory> byType = new HashMap<>();
	private final Set<Integer> identifierTypes = new HashSet<>();
	private final Set<String> callableKeywords = new HashSet<>();

	@Inject
	public TokenClassifier(ITokenDefProvider tokenDefs, IGrammarAccess grammarAccess) {
		tokenDefs.getTokenDefMap().forEach((type, name) -> {
			TokenCategory category = categoryOf(name);
			byType.put(type, category);
			if (isIdentifierRule(name)) {
				identifierTypes.add(type);
			}
		});
		AbstractRule nameRule = GrammarUtil.findRuleForName(grammarAccess.getGrammar(), NAME_RULE);
		if (nameRule != null) {
			for (Keyword keyword : GrammarUtil.containedKeywords(nameRule)) {
				callableKeywords.add(keyword.getValue());
			}
		}
	}

	/**
	 * @param tokenType the lexer's token type
	 * @param text the token's text
	 * @param next the first character after the token that is not a blank, or 0 at the end
	 */
	public TokenCategory classify(int tokenType, String text, char next) {
		TokenCategory category = byType.getOrDefault(tokenType, TokenCategory.PLAIN);
		if (identifierTypes.contains(tokenType)) {
			// The language has no user-defined functions: every call is a kernel built-in.
			if (next == '(') {
				return TokenCategory.BUILTIN;
			}
			return CONSTANT_NAME.matcher(text).matches() ? TokenCategory.CONSTANT : TokenCategory.PLAIN;
		}
		if (category == TokenCategory.KEYWORD && next == '(' && callableKeywords.contains(text)) {
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
