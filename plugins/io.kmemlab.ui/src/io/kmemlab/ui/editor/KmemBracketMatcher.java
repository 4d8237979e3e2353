package io.kmemlab.ui.editor;

import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;

/** Highlights the partner of a brace, parenthesis or bracket next to the caret. */
public class KmemBracketMatcher extends DefaultCharacterPairMatcher {

	public KmemBracketMatcher() {
		super(new char[] { '{', '}', '(', ')', '[', ']' });
	}
}
