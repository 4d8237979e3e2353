package io.kmemlab.ui.outline;

import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import io.kmemlab.lang.ide.outline.OutlineNode;

/** Labels and the workbench's shared icons for outline entries. */
final class OutlineLabels extends LabelProvider {

	@Override
	public String getText(Object element) {
		return element instanceof OutlineNode node ? node.label() : super.getText(element);
	}

	@Override
	public Image getImage(Object element) {
		if (!(element instanceof OutlineNode node)) {
			return null;
		}
		ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
		String key = switch (node.kind()) {
		case IMPORT -> ISharedImages.IMG_OBJ_FILE;
		case MACHINE -> ISharedImages.IMG_OBJ_PROJECT;
		case SCENARIO -> ISharedImages.IMG_DEF_VIEW;
		case BLOCK -> ISharedImages.IMG_OBJ_FOLDER;
		case CLAUSE, ZONE, LET -> ISharedImages.IMG_OBJ_ELEMENT;
		};
		return images.getImage(key);
	}
}
