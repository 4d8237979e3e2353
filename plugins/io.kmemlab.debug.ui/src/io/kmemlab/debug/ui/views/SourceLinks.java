package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.engine.Place;
import io.kmemlab.debug.ui.console.SourceLink;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.ui.IWorkbenchPage;

/** Provenance jumps: opens the statement that last wrote something in the .kmem editor. */
final class SourceLinks {
	private SourceLinks() {
	}

	/** Opens {@code place}'s file (a workspace file) at its line; false when the file is not in the workspace. */
	static boolean open(IWorkbenchPage page, Place place) {
		if (place == null || place.file() == null || place.line() < 1) {
			return false;
		}
		IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(place.file());
		if (files.length == 0) {
			return false;
		}
		new SourceLink(files[0], place.line()).linkActivated();
		return true;
	}
}
