package io.kmemlab.interpreter.variables;

import java.util.List;
import java.util.function.Supplier;

/**
 * One row of the Variables view: a name, the kernel type, the value as the kernel prints it,
 * whether the last step changed it, and children computed when the row is first expanded.
 * Plain Java, so that the model can be measured and tested without a workbench.
 */
public final class VarNode {
	private final String name;
	private final String type;
	private final String value;
	private final boolean changed;
	private final Supplier<List<VarNode>> children;
	private volatile List<VarNode> loaded;

	private VarNode(String name, String type, String value, boolean changed, Supplier<List<VarNode>> children) {
		this.name = name;
		this.type = type;
		this.value = value;
		this.changed = changed;
		this.children = children;
	}

	public static VarNode leaf(String name, String type, String value, boolean changed) {
		return new VarNode(name, type, value, changed, null);
	}

	/** A node whose children are computed by {@code children} on first use (once). */
	public static VarNode parent(String name, String type, String value, boolean changed, Supplier<List<VarNode>> children) {
		return new VarNode(name, type, value, changed, children);
	}

	public String name() {
		return name;
	}

	/** The kernel's name of the type: {@code struct page *}, {@code pte_t}, {@code gfp_t}. */
	public String type() {
		return type;
	}

	public String value() {
		return value;
	}

	public boolean changed() {
		return changed;
	}

	public boolean hasChildren() {
		return children != null;
	}

	public List<VarNode> children() {
		List<VarNode> l = loaded;
		if (l == null) {
			l = children == null ? List.of() : List.copyOf(children.get());
			loaded = l;
		}
		return l;
	}

	@Override
	public String toString() {
		return name + " (" + type + ") = " + value + (changed ? " [changed]" : "");
	}
}
