package io.kmemlab.lang.parser;

import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.parsetree.reconstr.impl.DefaultHiddenTokenHelper;

/**
 * Line breaks are a terminal of their own (NL, visible inside {@code show} so that its
 * optional argument cannot swallow the next line's statement). Everywhere else they are
 * whitespace like WS, and the formatter and serializer must treat them so.
 */
public class KmemHiddenTokenHelper extends DefaultHiddenTokenHelper {

    @Override
    public boolean isWhitespace(AbstractRule rule) {
        return rule != null && ("WS".equals(rule.getName()) || "NL".equals(rule.getName()));
    }
}
