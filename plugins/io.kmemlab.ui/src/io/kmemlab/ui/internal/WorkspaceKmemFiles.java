package io.kmemlab.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;

import io.kmemlab.lang.ide.navigation.KmemReferences;
import io.kmemlab.ui.quickfix.FileTexts;

/** The .kmem files of the open projects, with the text an editor shows for the open ones. */
public final class WorkspaceKmemFiles {

	private WorkspaceKmemFiles() {
	}

	public static List<IFile> all() {
		List<IFile> files = new ArrayList<>();
		for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
			if (project.isOpen()) {
				collect(project, files);
			}
		}
		return files;
	}

	/** The files to search for references from {@code origin}, whose current text is {@code originText}. */
	public static KmemReferences.Files from(IFile origin, String originText) {
		Map<URI, String> texts = new LinkedHashMap<>();
		URI originUri = DocumentFiles.uriOf(origin);
		texts.put(originUri, originText);
		for (IFile file : all()) {
			URI uri = DocumentFiles.uriOf(file);
			if (!uri.equals(originUri)) {
				texts.put(uri, FileTexts.read(file));
			}
		}
		return new KmemReferences.Files(originUri, texts);
	}

	private static void collect(IContainer container, List<IFile> files) {
		try {
			for (IResource member : container.members()) {
				if (member instanceof IFile file && KmemEditors.isKmem(file)) {
					files.add(file);
				} else if (member instanceof IContainer folder && !member.isDerived() && !member.getName().startsWith(".")) {
					collect(folder, files);
				}
			}
		} catch (CoreException e) {
			// a closed or vanished folder has nothing to offer
		}
	}
}
