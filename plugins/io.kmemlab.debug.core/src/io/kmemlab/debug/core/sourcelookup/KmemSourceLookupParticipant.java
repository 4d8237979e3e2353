package io.kmemlab.debug.core.sourcelookup;

import io.kmemlab.debug.core.model.KmemStackFrame;
import java.net.URI;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.sourcelookup.AbstractSourceLookupParticipant;

/**
 * A frame's file is known exactly (the interpreter loaded it from a path), so the workspace
 * file at that location is the answer; the source containers are asked only for a file
 * outside the workspace, by its name.
 */
public final class KmemSourceLookupParticipant extends AbstractSourceLookupParticipant {
	@Override
	public String getSourceName(Object object) throws CoreException {
		if (object instanceof KmemStackFrame f && f.sourceFile() != null) {
			String path = f.sourceFile().getPath();
			return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
		}
		return null;
	}

	@Override
	public Object[] findSourceElements(Object object) throws CoreException {
		if (object instanceof KmemStackFrame f && f.sourceFile() != null) {
			IFile file = workspaceFile(f.sourceFile());
			if (file != null) {
				return new Object[] { file };
			}
		}
		return super.findSourceElements(object);
	}

	/** The workspace file at {@code location} (a file: URI), or null. */
	public static IFile workspaceFile(URI location) {
		IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(location);
		for (IFile f : files) {
			if (f.exists()) {
				return f;
			}
		}
		return null;
	}
}
