package io.kmemlab.debug.core.breakpoints;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.lang.kmem.Statement;
import java.io.IOException;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * The lines a line breakpoint can sit on: those where a statement starts (a block statement
 * by its head line). A breakpoint toggled on any other line (blank, comment, closing brace)
 * goes to the next statement's line, the way the Java debugger moves one to the next
 * executable line.
 */
public final class StatementLines {
	private final NavigableSet<Integer> lines;

	private StatementLines(NavigableSet<Integer> lines) {
		this.lines = lines;
	}

	/** Parses {@code text} (a .kmem file's contents; syntax errors leave the statements they do not break). */
	public static StatementLines of(String text) {
		NavigableSet<Integer> lines = new TreeSet<>();
		try {
			Resource r = KmemFiles.parse("breakpoint-lines.kmem", text);
			for (var it = r.getAllContents(); it.hasNext();) {
				EObject o = it.next();
				if (o instanceof Statement) {
					ICompositeNode node = NodeModelUtils.findActualNodeFor(o);
					if (node != null) {
						lines.add(node.getStartLine());
					}
				}
			}
		} catch (IOException e) {
			// in-memory text: cannot happen; no lines then
		}
		return new StatementLines(lines);
	}

	/** The line (1-based) a breakpoint toggled on {@code line} goes to, or -1 when no statement follows. */
	public int placeFor(int line) {
		Integer l = lines.ceiling(line);
		return l == null ? -1 : l;
	}

	public boolean isStatementLine(int line) {
		return lines.contains(line);
	}
}
