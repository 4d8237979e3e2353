package io.kmemlab.ui.quickfix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.emf.common.util.URI;

import io.kmemlab.lang.ide.quickfix.MachineLocator;
import io.kmemlab.ui.navigation.Locations;

/**
 * Finds the .kmem files of the same project that declare a machine, for the "add import" fix.
 * A textual search is enough to propose a file: once imported, the validator checks it.
 */
final class WorkspaceMachines implements MachineLocator {

	@Override
	public List<String> importPathsDeclaring(String machine, URI from) {
		List<String> paths = new ArrayList<>();
		IFile self = Locations.fileOf(from);
		if (self == null || self.getProject() == null) {
			return paths;
		}
		Pattern declaration = Pattern.compile("(?m)^\\s*machine\\s+" + Pattern.quote(machine) + "\\s*\\{");
		for (IFile file : io.kmemlab.ui.internal.WorkspaceKmemFiles.all()) {
			if (!file.getProject().equals(self.getProject())) {
				continue;
			}
			if (!file.equals(self) && declaration.matcher(read(file)).find()) {
				IPath relative = file.getFullPath().makeRelativeTo(self.getParent().getFullPath());
				paths.add(relative.toPortableString());
			}
		}
		paths.sort(String::compareTo);
		return paths;
	}

	private static String read(IFile file) {
		try (InputStream in = file.getContents(true)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException | CoreException e) {
			return "";
		}
	}
}
