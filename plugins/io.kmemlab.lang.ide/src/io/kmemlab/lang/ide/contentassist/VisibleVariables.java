package io.kmemlab.lang.ide.contentassist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.ITextRegion;

import io.kmemlab.lang.ide.text.Regions;
import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Statement;

/**
 * The variables a name typed at an offset can use: the lets before it in its block and the
 * blocks around it, and the variables of the for loops around it, innermost first. The same
 * rule as the validator's (a let is visible from the next statement to the end of its block),
 * applied to a text position rather than to a parsed name, because the name is being typed.
 */
public final class VisibleVariables {

	private VisibleVariables() {
	}

	public static List<String> at(EObject root, int offset) {
		return at(root, offset, 0);
	}

	/**
	 * The variables declared at or after {@code from} (a let's or a for loop's start) that are
	 * visible at the offset, in the same order.
	 */
	public static List<String> at(EObject root, int offset, int from) {
		return at(root, offset, from, name -> true);
	}

	/** The same, only the names the filter keeps (a long scenario has thousands of lets). */
	public static List<String> at(EObject root, int offset, int from, Predicate<String> wanted) {
		List<Block> around = new ArrayList<>();
		for (Block block : blocksAround(root, offset)) {
			if (inside(block, offset)) {
				around.add(block);
			}
		}
		around.sort(Comparator.comparingInt(b -> Regions.of(b).getLength())); // innermost first
		Set<String> names = new LinkedHashSet<>();
		String text = around.isEmpty() ? "" : NodeModelUtils.getNode(root).getRootNode().getText();
		for (Block block : around) {
			if (block.eContainer() instanceof For f && f.getName() != null && wanted.test(f.getName())
					&& Regions.of(f).getOffset() >= from) {
				names.add(f.getName());
			}
			// Statements follow each other in the text: the ones before the offset are found by
			// bisection, not by measuring each of a long scenario's thousands of statements.
			List<Statement> statements = block.getStatements();
			int before = countBefore(statements, offset);
			int first = from <= 0 ? 0 : countStartingBefore(statements, from);
			List<String> lets = new ArrayList<>();
			for (int i = first; i < before; i++) {
				Statement statement = statements.get(i);
				Let let = statement instanceof Let l ? l
						: statement instanceof Expect e && e.getStatement() instanceof Let l ? l : null;
				if (let == null || let.getName() == null || !wanted.test(let.getName())) {
					continue;
				}
				// The last let before the cursor is finished only if a line break follows it:
				// in "let y = kmalloc(64, |" the parser ends the unfinished let at the comma.
				if (i == before - 1) {
					ITextRegion region = Regions.of(statement);
					int end = Math.min(region.getOffset() + region.getLength(), text.length());
					if (text.substring(end, Math.min(Math.max(offset, end), text.length())).indexOf('\n') < 0) {
						continue;
					}
				}
				lets.add(let.getName());
			}
			// The latest let of a name is the one in effect; list the nearest first.
			for (int i = lets.size() - 1; i >= 0; i--) {
				names.add(lets.get(i));
			}
		}
		return new ArrayList<>(names);
	}

	/** How many of the statements end at or before the offset (they are in text order). */
	static int countBefore(List<Statement> statements, int offset) {
		return countWhile(statements, region -> region.getOffset() + region.getLength() <= offset);
	}

	/** How many of the statements start before the offset. */
	static int countStartingBefore(List<Statement> statements, int offset) {
		return countWhile(statements, region -> region.getOffset() < offset);
	}

	/**
	 * The length of the leading run of statements whose region passes the test, by bisection (the
	 * test holds for a prefix of statements in text order); a statement without a region fails it.
	 */
	private static int countWhile(List<Statement> statements, Predicate<ITextRegion> test) {
		int low = 0;
		int high = statements.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			ITextRegion region = Regions.of(statements.get(middle));
			if (region != null && test.test(region)) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}
		return low;
	}

	/**
	 * The blocks that may hold the offset: those around the text just before it (found from the
	 * node model, without visiting the whole model), or all blocks where the node model has no leaf.
	 */
	private static List<Block> blocksAround(EObject root, int offset) {
		ICompositeNode rootNode = NodeModelUtils.getNode(root);
		ILeafNode leaf = rootNode == null ? null : tokenBefore(rootNode.getRootNode(), offset);
		EObject at = leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
		if (at == null) {
			return EcoreUtil2.eAllOfType(root, Block.class);
		}
		List<Block> blocks = new ArrayList<>();
		for (EObject o = at; o != null; o = o.eContainer()) {
			if (o instanceof Block block) {
				blocks.add(block);
			}
		}
		return blocks;
	}

	/**
	 * The last token (not white space or a comment) that ends at or before the offset: hidden
	 * tokens between statements may belong to any node around them.
	 */
	static ILeafNode tokenBefore(ICompositeNode root, int offset) {
		ILeafNode leaf = offset <= 0 ? null : NodeModelUtils.findLeafNodeAtOffset(root, offset - 1);
		while (leaf != null && leaf.isHidden()) {
			leaf = leaf.getTotalOffset() == 0 ? null : NodeModelUtils.findLeafNodeAtOffset(root, leaf.getTotalOffset() - 1);
		}
		return leaf;
	}

	/** Between the braces of a block, or anywhere after the '{' of a block that has no '}' yet. */
	private static boolean inside(Block block, int offset) {
		ITextRegion region = Regions.of(block);
		if (region == null || offset <= region.getOffset()) {
			return false;
		}
		int end = region.getOffset() + region.getLength();
		return offset < end || !closed(block);
	}

	private static boolean closed(Block block) {
		ICompositeNode node = NodeModelUtils.findActualNodeFor(block);
		ILeafNode last = null;
		for (ILeafNode leaf : node.getLeafNodes()) {
			if (!leaf.isHidden()) {
				last = leaf;
			}
		}
		return last != null && "}".equals(last.getText()) && last.getGrammarElement() != null
				&& last.getSemanticElement() == block;
	}
}
