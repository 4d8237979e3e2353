package io.kmemlab.interpreter.debug;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.If;
import io.kmemlab.lang.kmem.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Where a line breakpoint lands: on the line where a statement starts. A line inside a
 * statement that spans several lines lands on that statement's first line; any other line
 * (blank, a comment, a closing brace, the machine) moves to the next statement of the file.
 * The IDE calls this when a breakpoint is toggled; the session matches landed lines.
 */
public final class BreakpointLines {
    private BreakpointLines() { }

    /** The line a breakpoint set on {@code line} of {@code resource} lands on; empty when no statement starts there or later. */
    public static OptionalInt landing(Resource resource, int line) {
        int best = Integer.MAX_VALUE;
        for (Statement s : statements(resource)) {
            ICompositeNode node = NodeModelUtils.findActualNodeFor(s);
            if (node == null) continue;
            int start = node.getStartLine();
            if (start >= line) best = Math.min(best, start);
            else if (!isBlock(s) && node.getEndLine() >= line) return OptionalInt.of(start);
        }
        return best == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** Like {@link #landing(Resource, int)} for the text of a file (an editor's document). */
    public static OptionalInt landing(String text, int line) {
        try {
            return landing(KmemFiles.parse("breakpoint.kmem", text), line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line a step of {@code statement} is reported on (its first line). */
    public static int lineOf(Statement statement) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(statement);
        return node == null ? 0 : node.getStartLine();
    }

    /**
     * Every statement that runs as a step: the statements of blocks, and the {@code if} of an
     * {@code else if}; not the statement an {@code expect oops} wraps, which is part of its step.
     */
    static List<Statement> statements(Resource resource) {
        List<Statement> out = new ArrayList<>();
        if (resource == null) return out;
        for (TreeIterator<EObject> it = resource.getAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (o instanceof Statement s && !(s.eContainer() instanceof Expect)
                    && (s.eContainer() instanceof Block || s.eContainer() instanceof If)) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean isBlock(Statement s) {
        return s.eContents().stream().anyMatch(c -> c instanceof Block) || s instanceof If;
    }
}
