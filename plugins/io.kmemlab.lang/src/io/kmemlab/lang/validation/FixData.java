package io.kmemlab.lang.validation;

import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.scoping.Suggestions;
import java.util.Collection;
import java.util.List;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * The issue data the validators attach for quick fixes. By default an issue's data are the texts
 * that may replace the text the issue marks, best first ("kmalloc" for the unknown function
 * "kmaloc"); the codes whose fix is another edit document their data in the quick-fix provider.
 * The messages already name these fixes; the data carry the same words, so editors and the
 * language server never parse a message.
 */
public final class FixData {

    private FixData() {
    }

    /** The "did you mean" names, as replacements. */
    public static String[] closest(String name, Collection<String> candidates) {
        return Suggestions.closest(name, candidates).toArray(String[]::new);
    }

    /** The close candidates, or all of them when none is close (an unknown arch: x86_64, i386, arm). */
    public static String[] candidates(String value, List<String> all) {
        List<String> close = Suggestions.closest(value, all);
        return (close.isEmpty() ? all : close).toArray(String[]::new);
    }

    /** A conversion written with "..." for its argument ("pfn_to_page(...)"), applied to an expression. */
    public static String applied(String conversion, Expression argument) {
        var node = argument == null ? null : NodeModelUtils.getNode(argument);
        return node == null ? conversion : conversion.replace("...", NodeModelUtils.getTokenText(node));
    }
}
