package io.kmemlab.lang.ide.contentassist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.ITextRegion;

import io.kmemlab.lang.ide.text.Regions;
import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.Statement;

/**
 * A short text in which Xtext's content-assist parser reaches the cursor in the state it reaches
 * it in the whole file. Xtext's parser reads every character before the cursor, and a scenario of
 * 10,000 lines is one block: seconds per proposal list. The window is the text before the cursor
 * with holes:
 * <ul>
 * <li>the inside of every block that closes before the cursor ({@code repeat 2 {}} stays);</li>
 * <li>in each block around the cursor, the statements before the last two complete ones.</li>
 * </ul>
 * Statements have no separator in the grammar, so the statement before the one being typed is
 * kept: at a statement's start the parser still offers to continue it ({@code + x}, {@code .field},
 * {@code else}). Nothing earlier changes the parser's state: a statement starts the same after any
 * complete statement or after the '{'. Machines, imports and headers stay whole: cross-references
 * (the machine after {@code on}) are proposed from the window's own model.
 *
 * <p>The structure comes from a model parsed earlier (the editor's last parse, which may be a
 * keystroke old): only the part of its text that the current text still starts with is used,
 * and everything after it, up to the cursor, is copied from the current text.
 *
 * @param text the window's text, ending at the cursor
 * @param offset the cursor in the window (its end)
 * @param anchor where the current text starts to differ from the parsed model's (or the cursor,
 *        if that comes first): holes are all before it, the window ends with the current text
 *        from here to the cursor
 * @param tailStart the anchor in window coordinates
 */
public record AssistWindow(String text, int offset, int anchor, int tailStart) {

	private record Hole(int from, int to) {
	}

	/**
	 * The window at the offset of the current text, from the structure of a model parsed from the
	 * same or an earlier text; null where there is no model.
	 */
	public static AssistWindow of(XtextResource parsed, String current, int offset) {
		IParseResult result = parsed.getParseResult();
		if (result == null || parsed.getContents().isEmpty() || offset > current.length()) {
			return null;
		}
		String old = result.getRootNode().getText();
		int anchor = Math.min(offset, commonPrefix(old, current));
		if (anchor < offset) {
			anchor = startOfEditedStatement(result, anchor);
		}
		List<Hole> holes = new ArrayList<>();
		visit(parsed.getContents().get(0), old, anchor, holes);
		// A hole must not remove text the parser could not read: that would change its recovery.
		List<ITextRegion> errors = new ArrayList<>();
		for (INode error : result.getSyntaxErrors()) {
			errors.add(error.getTextRegion());
		}
		holes.removeIf(hole -> errors.stream().anyMatch(e -> e.getOffset() < hole.to() && hole.from() < e.getOffset() + Math.max(1, e.getLength())));
		holes.sort(Comparator.comparingInt(Hole::from));
		StringBuilder window = new StringBuilder(1024);
		int at = 0;
		for (Hole hole : holes) {
			if (hole.from() < at) {
				continue; // nested in a hole taken already
			}
			window.append(current, at, hole.from());
			at = hole.to();
		}
		window.append(current, at, anchor);
		int tailStart = window.length();
		window.append(current, anchor, offset);
		return new AssistWindow(window.toString(), window.length(), anchor, tailStart);
	}

	/** The text the window copied from the current text after the parsed model's end of validity. */
	public String tail() {
		return text.substring(tailStart);
	}

	/** The holes in an object's text before the anchor. */
	private static void visit(EObject object, String old, int anchor, List<Hole> holes) {
		ITextRegion region = Regions.of(object);
		if (region == null || region.getOffset() >= anchor) {
			return;
		}
		int end = region.getOffset() + region.getLength();
		if (object instanceof Block block) {
			if (end > anchor) {
				around(block, old, anchor, holes);
			} else if (braced(old, region) && region.getLength() > 2) {
				holes.add(new Hole(region.getOffset() + 1, end - 1));
			}
			return;
		}
		for (EObject child : object.eContents()) {
			visit(child, old, anchor, holes);
		}
	}

	/** A block around the anchor: its older statements dropped, the last two and the open one visited. */
	private static void around(Block block, String old, int anchor, List<Hole> holes) {
		List<Statement> statements = block.getStatements();
		int started = VisibleVariables.countStartingBefore(statements, anchor);
		int complete = VisibleVariables.countBefore(statements, anchor);
		int dropped = Math.max(0, complete - 2);
		if (dropped > 0) {
			holes.add(new Hole(Regions.of(statements.get(0)).getOffset(), Regions.of(statements.get(dropped)).getOffset()));
		}
		for (Statement statement : statements.subList(dropped, started)) {
			visit(statement, old, anchor, holes);
		}
	}

	/**
	 * The start of the statement the text changed in, or of the one before the change ({@code let
	 * fres} became {@code let fresh}, {@code let y =} became {@code let y = 1}), so that the window
	 * takes it whole from the current text; the anchor itself after a block's '}' or outside
	 * statements.
	 */
	private static int startOfEditedStatement(IParseResult result, int anchor) {
		ILeafNode leaf = VisibleVariables.tokenBefore(result.getRootNode(), anchor);
		if (leaf == null || "}".equals(leaf.getText())) {
			return anchor;
		}
		for (EObject o = NodeModelUtils.findActualSemanticObjectFor(leaf); o != null; o = o.eContainer()) {
			if (o instanceof Statement && o.eContainer() instanceof Block) {
				ITextRegion region = Regions.of(o);
				return region != null && region.getOffset() < anchor ? region.getOffset() : anchor;
			}
		}
		return anchor;
	}

	private static boolean braced(String text, ITextRegion region) {
		int end = region.getOffset() + region.getLength();
		return end <= text.length() && text.charAt(region.getOffset()) == '{' && text.charAt(end - 1) == '}';
	}

	private static int commonPrefix(String a, String b) {
		int n = Math.min(a.length(), b.length());
		for (int i = 0; i < n; i++) {
			if (a.charAt(i) != b.charAt(i)) {
				return i;
			}
		}
		return n;
	}
}
