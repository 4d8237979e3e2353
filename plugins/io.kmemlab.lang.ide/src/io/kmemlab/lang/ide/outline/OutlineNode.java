package io.kmemlab.lang.ide.outline;

import java.util.List;

/**
 * One entry of a file's outline.
 *
 * @param offset        start of the whole element (a machine with its body)
 * @param length        length of the whole element
 * @param nameOffset    start of what selecting the entry selects in the editor (the name)
 * @param nameLength    its length
 */
public record OutlineNode(OutlineKind kind, String label, int offset, int length, int nameOffset, int nameLength,
		List<OutlineNode> children) {

	public OutlineNode {
		children = List.copyOf(children);
	}

	public boolean contains(int position) {
		return position >= offset && position <= offset + length;
	}

	/** The innermost entry around the position, this one included; null when outside it. */
	public OutlineNode innermostAt(int position) {
		if (!contains(position)) {
			return null;
		}
		for (OutlineNode child : children) {
			OutlineNode inner = child.innermostAt(position);
			if (inner != null) {
				return inner;
			}
		}
		return this;
	}
}
