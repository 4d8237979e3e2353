package io.kmemlab.debug.core.breakpoints;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
	/** A scenario's name and the lines its text spans. */
	record ScenarioSpan(String name, int first, int last) {
	}

	private final NavigableSet<Integer> lines;
	private final List<ScenarioSpan> scenarios;

	private StatementLines(NavigableSet<Integer> lines, List<ScenarioSpan> scenarios) {
		this.lines = lines;
		this.scenarios = scenarios;
	}

	/** Parses {@code text} (a .kmem file's contents; syntax errors leave the statements they do not break). */
	public static StatementLines of(String text) {
		NavigableSet<Integer> lines = new TreeSet<>();
		List<ScenarioSpan> scenarios = new ArrayList<>();
		try {
			Resource r = KmemFiles.parse("breakpoint-lines.kmem", text);
			for (var it = r.getAllContents(); it.hasNext();) {
				EObject o = it.next();
				if (o instanceof Statement) {
					ICompositeNode node = NodeModelUtils.findActualNodeFor(o);
					if (node != null) {
						lines.add(node.getStartLine());
					}
				} else if (o instanceof Scenario sc && sc.getName() != null) {
					ICompositeNode node = NodeModelUtils.findActualNodeFor(o);
					if (node != null) {
						scenarios.add(new ScenarioSpan(sc.getName(), node.getStartLine(), node.getEndLine()));
					}
				}
			}
		} catch (IOException e) {
			// in-memory text: cannot happen; no lines then
		}
		return new StatementLines(lines, scenarios);
	}

	/** The name of the scenario whose text contains {@code line} (1-based), or null. */
	public String scenarioAt(int line) {
		for (ScenarioSpan s : scenarios) {
			if (s.first() <= line && line <= s.last()) {
				return s.name();
			}
		}
		return null;
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
