package io.kmemlab.lang.ide.text;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.ITextRegion;
import org.eclipse.xtext.util.TextRegion;

/** Where model objects and their features are in the text (offsets in characters). */
public final class Regions {

	private Regions() {
	}

	/** The whole text of an object, without the comments before it; null for objects without text. */
	public static ITextRegion of(EObject object) {
		ICompositeNode node = NodeModelUtils.findActualNodeFor(object);
		return node == null ? null : new TextRegion(node.getOffset(), node.getLength());
	}

	/** The text of a feature's first value (a name, a cross-reference), or null. */
	public static ITextRegion of(EObject object, EStructuralFeature feature) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(object, feature);
		if (nodes.isEmpty()) {
			return null;
		}
		INode node = nodes.get(0);
		return new TextRegion(node.getOffset(), node.getLength());
	}

	/** The object's source text on one line, white space collapsed: "ram 0x1000 .. 0x9fbff". */
	public static String oneLine(EObject object) {
		ICompositeNode node = NodeModelUtils.findActualNodeFor(object);
		return node == null ? "" : NodeModelUtils.getTokenText(node).replaceAll("\\s+", " ").trim();
	}

	public static boolean contains(ITextRegion region, int offset) {
		return region != null && offset >= region.getOffset() && offset <= region.getOffset() + region.getLength();
	}
}
