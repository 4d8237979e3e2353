package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.junit.jupiter.api.Test;

import io.kmemlab.ui.highlighting.KmemTokenScanner;
import io.kmemlab.ui.highlighting.KmemTokenScanner.ScannedToken;
import io.kmemlab.ui.highlighting.TokenCategory;
import io.kmemlab.ui.internal.KmemInjector;

/** Colour categories from the generated lexer, without opening an editor. */
class TokenScannerTest {

	private final KmemTokenScanner scanner = KmemInjector.get().getInstance(KmemTokenScanner.class);

	@Test
	void everyWordKeywordOfTheGrammarIsAKeyword() {
		// Taken from the grammar, so keywords added later are checked too.
		Pattern word = Pattern.compile("[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*");
		IGrammarAccess grammar = KmemInjector.get().getInstance(IGrammarAccess.class);
		List<String> keywords = GrammarUtil.getAllKeywords(grammar.getGrammar()).stream()
				.filter(k -> word.matcher(k).matches()).toList();
		assertFalse(keywords.isEmpty());
		for (String keyword : keywords) {
			assertEquals(List.of(TokenCategory.KEYWORD), categories(keyword), keyword);
		}
	}

	@Test
	void kernelCallsConstantsNumbersAndPunctuation() {
		assertEquals(List.of(TokenCategory.KEYWORD, TokenCategory.PLAIN, TokenCategory.PLAIN, TokenCategory.PLAIN,
				TokenCategory.PLAIN, TokenCategory.PLAIN, TokenCategory.BUILTIN, TokenCategory.PLAIN,
				TokenCategory.NUMBER, TokenCategory.PLAIN, TokenCategory.PLAIN, TokenCategory.CONSTANT,
				TokenCategory.PLAIN), categories("let k = kmalloc(0x64, GFP_KERNEL)"));
	}

	@Test
	void aKeywordUsedAsACallIsAKernelCall() {
		// 'zone' is a keyword (show zone ...) and also the kernel-introspection call zone(NAME).
		assertEquals(TokenCategory.BUILTIN, categories("zone(ZONE_NORMAL)").get(0));
		assertEquals(TokenCategory.KEYWORD, categories("show zone z").get(2));
	}

	@Test
	void aCallTheKernelDoesNotHaveStaysPlain() {
		assertEquals(TokenCategory.PLAIN, categories("frobnicate_page(p)").get(0));
		assertEquals(TokenCategory.PLAIN, categories("NOT_A_KERNEL_FLAG").get(0));
		// The page-flag families are kernel functions too.
		assertEquals(TokenCategory.BUILTIN, categories("PageSlab(p)").get(0));
		assertEquals(TokenCategory.CONSTANT, categories("init_mm").get(0));
	}

	@Test
	void commentsAndStrings() {
		assertEquals(List.of(TokenCategory.COMMENT), categories("// free_pages(x)"));
		assertEquals(List.of(TokenCategory.COMMENT), categories("/* let\n machine */"));
		assertEquals(List.of(TokenCategory.STRING), categories("\"let machine 42\""));
	}

	@Test
	void brokenTextIsCoveredWithoutGapsOrOverlaps() {
		for (String text : List.of("\"never closed", "/* never closed", "let @ # $ 12", "")) {
			int covered = 0;
			for (ScannedToken token : scanner.scan(text)) {
				assertEquals(covered, token.offset(), "gap or overlap in " + text);
				covered += token.length();
			}
			assertEquals(text.length(), covered, text);
		}
	}

	private List<TokenCategory> categories(String text) {
		return scanner.scan(text).stream().map(ScannedToken::category).toList();
	}
}
