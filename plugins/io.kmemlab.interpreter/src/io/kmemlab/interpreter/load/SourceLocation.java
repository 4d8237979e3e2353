package io.kmemlab.interpreter.load;

import java.nio.file.Path;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Where a model element is in its file: file name, line, column, and its source text.
 * The debugger highlights it; the CLI prints {@code file:line}.
 */
public record SourceLocation(String file, int line, int column, int offset, int length, String text) {
    public static final SourceLocation UNKNOWN = new SourceLocation("?", 0, 0, 0, 0, "");

    public static SourceLocation of(EObject o) {
        if (o == null || o.eResource() == null) return UNKNOWN;
        ICompositeNode node = NodeModelUtils.findActualNodeFor(o);
        String file = displayName(o.eResource().getURI());
        if (node == null) return new SourceLocation(file, 0, 0, 0, 0, "");
        int line = node.getStartLine();
        int col = columnOf(node.getRootNode().getText(), node.getOffset());
        return new SourceLocation(file, line, col, node.getOffset(), node.getLength(),
                NodeModelUtils.getTokenText(node));
    }

    /** 1-based column of {@code offset} in {@code text}. */
    static int columnOf(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (offset == 0) lineStart = 0;
        return offset - lineStart + 1;
    }

    /** The path as the user gave it, relative to the working directory when that is shorter. */
    public static String displayName(URI uri) {
        if (uri == null) return "?";
        if (!uri.isFile()) return uri.toString();
        Path p = Path.of(uri.toFileString()).toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        try {
            Path rel = cwd.relativize(p);
            String r = rel.toString();
            return r.length() < p.toString().length() ? r : p.toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    /** {@code file:line}. */
    public String where() { return file + ":" + line; }

    @Override public String toString() { return where(); }
}
