package io.kmemlab.ui.internal;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;

/** Finds the workspace file behind an editor document and the EMF URI it is parsed under. */
public final class DocumentFiles {

	/** Used for documents that are not workspace files (imports cannot be resolved then). */
	private static final URI DETACHED_URI = URI.createURI("inmemory:/editor.kmem");

	private DocumentFiles() {
	}

	/** The workspace file whose buffer holds {@code document}, or null. */
	public static IFile fileOf(IDocument document) {
		if (document == null) {
			return null;
		}
		ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
		if (buffer == null) {
			return null;
		}
		IPath location = buffer.getLocation();
		if (location == null || location.segmentCount() < 2) {
			return null;
		}
		IResource member = ResourcesPlugin.getWorkspace().getRoot().findMember(location);
		return member instanceof IFile file ? file : null;
	}

	/** A platform:/resource URI for workspace files, so relative imports resolve next to them. */
	public static URI uriOf(IFile file) {
		return file == null ? DETACHED_URI : URI.createPlatformResourceURI(file.getFullPath().toString(), true);
	}
}
