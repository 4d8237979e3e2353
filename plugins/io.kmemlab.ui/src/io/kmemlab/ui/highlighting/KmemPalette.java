package io.kmemlab.ui.highlighting;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.TextAttribute;

import com.google.inject.Singleton;

import io.kmemlab.ui.preferences.HighlightingStyle;
import io.kmemlab.ui.preferences.KmemPreferences;

/**
 * Colours of the categories, as Window > Preferences > kmemlab > Colours sets them (defaults:
 * keywords bold purple, numbers teal, strings green, comments grey italic, kernel calls dark
 * orange, kernel constants blue; all distinct, so that a reader and the UI test tell them apart).
 */
@Singleton
public class KmemPalette {

	private static final Map<TokenCategory, HighlightingStyle> STYLES = Map.of(
			TokenCategory.KEYWORD, HighlightingStyle.KEYWORD,
			TokenCategory.NUMBER, HighlightingStyle.NUMBER,
			TokenCategory.STRING, HighlightingStyle.STRING,
			TokenCategory.COMMENT, HighlightingStyle.COMMENT,
			TokenCategory.BUILTIN, HighlightingStyle.BUILTIN,
			TokenCategory.CONSTANT, HighlightingStyle.CONSTANT);

	private static final TextAttribute PLAIN = new TextAttribute(null);

	private final IPreferenceStore store = KmemPreferences.store();
	private final Map<TokenCategory, TextAttribute> attributes = new ConcurrentHashMap<>();

	public KmemPalette() {
		// A changed colour preference applies to the next colouring.
		store.addPropertyChangeListener(event -> attributes.clear());
	}

	public TextAttribute attributeOf(TokenCategory category) {
		HighlightingStyle style = STYLES.get(category);
		return style == null ? PLAIN : attributes.computeIfAbsent(category, c -> style.textAttribute(store));
	}
}
