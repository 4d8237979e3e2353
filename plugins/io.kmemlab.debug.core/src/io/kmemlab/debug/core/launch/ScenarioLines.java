package io.kmemlab.debug.core.launch;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.lang.kmem.Scenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/** Which scenario a line of a .kmem text belongs to: what "run the scenario at the cursor" runs. */
public final class ScenarioLines {
	/** A scenario's name and the lines its text spans. */
	record Span(String name, int first, int last) {
	}

	private final List<Span> scenarios;

	private ScenarioLines(List<Span> scenarios) {
		this.scenarios = scenarios;
	}

	/** Parses {@code text} (a .kmem file's contents; syntax errors leave the scenarios they do not break). */
	public static ScenarioLines of(String text) {
		List<Span> scenarios = new ArrayList<>();
		try {
			Resource r = KmemFiles.parse("scenario-lines.kmem", text);
			for (var it = r.getAllContents(); it.hasNext();) {
				EObject o = it.next();
				if (o instanceof Scenario sc && sc.getName() != null) {
					ICompositeNode node = NodeModelUtils.findActualNodeFor(o);
					if (node != null) {
						scenarios.add(new Span(sc.getName(), node.getStartLine(), node.getEndLine()));
					}
					it.prune();
				}
			}
		} catch (IOException e) {
			// in-memory text: cannot happen; no scenarios then
		}
		return new ScenarioLines(scenarios);
	}

	/** The name of the scenario whose text contains {@code line} (1-based), or null. */
	public String scenarioAt(int line) {
		for (Span s : scenarios) {
			if (s.first() <= line && line <= s.last()) {
				return s.name();
			}
		}
		return null;
	}
}
