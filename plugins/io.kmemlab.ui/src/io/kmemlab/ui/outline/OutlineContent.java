package io.kmemlab.ui.outline;

import java.util.List;

import org.eclipse.jface.viewers.ITreeContentProvider;

import io.kmemlab.lang.ide.outline.OutlineNode;

/** The outline tree: the input is the list of top-level entries. */
final class OutlineContent implements ITreeContentProvider {

	@Override
	public Object[] getElements(Object input) {
		return input instanceof List<?> list ? list.toArray() : new Object[0];
	}

	@Override
	public Object[] getChildren(Object parent) {
		return parent instanceof OutlineNode node ? node.children().toArray() : new Object[0];
	}

	@Override
	public Object getParent(Object element) {
		return null; // entries are values; the viewer finds parents by walking down
	}

	@Override
	public boolean hasChildren(Object element) {
		return element instanceof OutlineNode node && !node.children().isEmpty();
	}
}
