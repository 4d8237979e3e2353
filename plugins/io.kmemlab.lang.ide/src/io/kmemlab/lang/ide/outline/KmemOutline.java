package io.kmemlab.lang.ide.outline;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.ITextRegion;

import io.kmemlab.lang.ide.text.Regions;
import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.If;
import io.kmemlab.lang.kmem.Import;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.kmem.KthreadBlock;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.MachineClause;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.ProcessBlock;
import io.kmemlab.lang.kmem.Repeat;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.Statement;
import io.kmemlab.lang.kmem.TopLevel;
import io.kmemlab.lang.kmem.ZoneDecl;
import io.kmemlab.lang.kmem.ZonesClause;

/**
 * The outline of a .kmem file: imports; machines with their clauses (and declared zones);
 * scenarios with their blocks (process, kthread, on cpu, repeat, for, if) and lets, nested as in the
 * text. Works on a resource with syntax errors: whatever parsed is shown.
 */
public class KmemOutline {

	private static final int MAX_LABEL = 60;

	/** The top-level entries, in text order. */
	public List<OutlineNode> of(XtextResource resource) {
		List<OutlineNode> result = new ArrayList<>();
		if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
			return result;
		}
		for (Import imp : model.getImports()) {
			add(result, node(OutlineKind.IMPORT, Regions.oneLine(imp), imp, KmemPackage.Literals.IMPORT__IMPORT_URI, List.of()));
		}
		for (TopLevel element : model.getElements()) {
			if (element instanceof Machine machine) {
				add(result, machine(machine));
			} else if (element instanceof Scenario scenario) {
				add(result, scenario(scenario));
			}
		}
		return result;
	}

	private OutlineNode machine(Machine machine) {
		List<OutlineNode> clauses = new ArrayList<>();
		for (MachineClause clause : machine.getClauses()) {
			List<OutlineNode> zones = new ArrayList<>();
			if (clause instanceof ZonesClause z) {
				for (ZoneDecl zone : z.getZones()) {
					add(zones, node(OutlineKind.ZONE, Regions.oneLine(zone), zone, KmemPackage.Literals.ZONE_DECL__NAME, List.of()));
				}
			}
			String label = zones.isEmpty() ? Regions.oneLine(clause) : "zones";
			add(clauses, node(OutlineKind.CLAUSE, label, clause, null, zones));
		}
		return node(OutlineKind.MACHINE, "machine " + nullToEmpty(machine.getName()), machine,
				KmemPackage.Literals.TOP_LEVEL__NAME, clauses);
	}

	private OutlineNode scenario(Scenario scenario) {
		String machine = NodeModelUtils.findNodesForFeature(scenario, KmemPackage.Literals.SCENARIO__MACHINE).stream()
				.map(n -> NodeModelUtils.getTokenText(n)).findFirst().orElse("?");
		String label = "scenario " + quoted(scenario.getName()) + " on " + machine;
		return node(OutlineKind.SCENARIO, label, scenario, KmemPackage.Literals.TOP_LEVEL__NAME, statements(scenario.getBody()));
	}

	private List<OutlineNode> statements(Block block) {
		List<OutlineNode> result = new ArrayList<>();
		if (block == null) {
			return result;
		}
		for (Statement statement : block.getStatements()) {
			add(result, statement(statement));
		}
		return result;
	}

	private OutlineNode statement(Statement statement) {
		if (statement instanceof Let let) {
			return node(OutlineKind.LET, "let " + nullToEmpty(let.getName()), let, KmemPackage.Literals.LET__NAME, List.of());
		}
		if (statement instanceof Expect expect && expect.getStatement() instanceof Let let) {
			// expect warn let x = ...: the let still declares x
			return node(OutlineKind.LET, "let " + nullToEmpty(let.getName()), let, KmemPackage.Literals.LET__NAME, List.of());
		}
		if (statement instanceof ProcessBlock p) {
			return node(OutlineKind.BLOCK, "process " + nullToEmpty(p.getName()), p, KmemPackage.Literals.PROCESS_BLOCK__NAME,
					statements(p.getBody()));
		}
		if (statement instanceof KthreadBlock k) {
			return node(OutlineKind.BLOCK, "kthread " + nullToEmpty(k.getName()), k, KmemPackage.Literals.KTHREAD_BLOCK__NAME,
					statements(k.getBody()));
		}
		if (statement instanceof Repeat r) {
			return node(OutlineKind.BLOCK, head(r, r.getBody()), r, null, statements(r.getBody()));
		}
		if (statement instanceof io.kmemlab.lang.kmem.CpuBlock c) {
			return node(OutlineKind.BLOCK, head(c, c.getBody()), c, null, statements(c.getBody()));
		}
		if (statement instanceof For f) {
			return node(OutlineKind.BLOCK, head(f, f.getBody()), f, KmemPackage.Literals.FOR__NAME, statements(f.getBody()));
		}
		if (statement instanceof If i) {
			List<OutlineNode> children = statements(i.getThen());
			if (i.getElse() != null) {
				children.addAll(statements(i.getElse()));
			} else if (i.getElseIf() != null) {
				add(children, statement(i.getElseIf()));
			}
			return node(OutlineKind.BLOCK, head(i, i.getThen()), i, null, children);
		}
		return null; // other statements are not in the outline
	}

	/** The text of a block statement before its body: "repeat 4", "for i in 0 .. 3", "if x == 0". */
	private static String head(EObject statement, Block body) {
		String all = Regions.oneLine(statement);
		String bodyText = body == null ? "" : Regions.oneLine(body);
		int at = bodyText.isEmpty() ? -1 : all.indexOf(bodyText);
		return shorten(at > 0 ? all.substring(0, at).trim() : all);
	}

	private static OutlineNode node(OutlineKind kind, String label, EObject object, EStructuralFeature nameFeature,
			List<OutlineNode> children) {
		ITextRegion whole = Regions.of(object);
		if (whole == null) {
			return null;
		}
		ITextRegion name = nameFeature == null ? null : Regions.of(object, nameFeature);
		if (name == null) {
			name = whole;
		}
		return new OutlineNode(kind, shorten(label), whole.getOffset(), whole.getLength(), name.getOffset(), name.getLength(),
				children);
	}

	private static void add(List<OutlineNode> list, OutlineNode node) {
		if (node != null) {
			list.add(node);
		}
	}

	private static String shorten(String label) {
		return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
	}

	private static String quoted(String name) {
		return "\"" + nullToEmpty(name) + "\"";
	}

	private static String nullToEmpty(String s) {
		return s == null ? "" : s;
	}
}
