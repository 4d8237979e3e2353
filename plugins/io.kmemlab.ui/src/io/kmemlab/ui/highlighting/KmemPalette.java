package io.kmemlab.ui.highlighting;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.jface.text.TextAttribute;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

import com.google.inject.Singleton;

/**
 * Colours of the categories: keywords bold purple, numbers teal, strings green, comments grey
 * italic, kernel calls dark orange, kernel constants blue. All distinct, so that a reader (and
 * the UI test) can tell them apart.
 */
@Singleton
public class KmemPalette {

	private final Map<TokenCategory, TextAttribute> attributes = new EnumMap<>(TokenCategory.class);

	public KmemPalette() {
		// SWT colours no longer hold OS resources, so these need no disposal.
		attributes.put(TokenCategory.KEYWORD, new TextAttribute(new Color(0x7B, 0x1F, 0xA2), null, SWT.BOLD));
		attributes.put(TokenCategory.NUMBER, new TextAttribute(new Color(0x00, 0x89, 0x7B)));
		attributes.put(TokenCategory.STRING, new TextAttribute(new Color(0x2E, 0x7D, 0x32)));
		attributes.put(TokenCategory.COMMENT, new TextAttribute(new Color(0x80, 0x86, 0x8B), null, SWT.ITALIC));
		attributes.put(TokenCategory.BUILTIN, new TextAttribute(new Color(0xC2, 0x5E, 0x00)));
		attributes.put(TokenCategory.CONSTANT, new TextAttribute(new Color(0x15, 0x65, 0xC0)));
		attributes.put(TokenCategory.PLAIN, new TextAttribute(null));
	}

	public TextAttribute attributeOf(TokenCategory category) {
		return attributes.get(category);
	}
}
