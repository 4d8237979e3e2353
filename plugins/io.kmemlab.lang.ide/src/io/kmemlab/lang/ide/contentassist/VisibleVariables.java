package io.kmemlab.lang.ide.contentassist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
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
		List<Block> around = new ArrayList<>();
		for (Block block : EcoreUtil2.eAllOfType(root, Block.class)) {
			if (inside(Regions.of(block), offset)) {
				around.add(block);
			}
		}
		around.sort(Comparator.comparingInt(b -> Regions.of(b).getLength())); // innermost first
		Set<String> names = new LinkedHashSet<>();
		for (Block block : around) {
			if (block.eContainer() instanceof For f && f.getName() != null) {
				names.add(f.getName());
			}
			List<String> lets = new ArrayList<>();
			for (Statement statement : block.getStatements()) {
				ITextRegion region = Regions.of(statement);
				if (region == null || region.getOffset() + region.getLength() > offset) {
					break;
				}
				Let let = statement instanceof Let l ? l
						: statement instanceof Expect e && e.getStatement() instanceof Let l ? l : null;
				if (let != null && let.getName() != null) {
					lets.add(let.getName());
				}
			}
			// The latest let of a name is the one in effect; list the nearest first.
			for (int i = lets.size() - 1; i >= 0; i--) {
				names.add(lets.get(i));
			}
		}
		return new ArrayList<>(names);
	}

	/** Strictly between the braces of a block. */
	private static boolean inside(ITextRegion block, int offset) {
		return block != null && offset > block.getOffset() && offset < block.getOffset() + block.getLength();
	}
}
