package io.kmemlab.debug.core.launch;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.TopLevel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * The scenarios a launch runs: the configured file loaded with its imports and validated,
 * narrowed to the configured scenario, moved to the configured machine. Whatever stops the
 * launch is a {@link CoreException} whose message says what is wrong and what to do; the
 * launch framework shows it in a dialog.
 */
public final class ScenarioSource {
	private ScenarioSource() {
	}

	/** The workspace file of the settings, which must exist. */
	public static IFile file(LaunchSettings settings) throws CoreException {
		if (settings.file().isBlank()) {
			throw error("no .kmem file is configured: choose one on the Main tab of the launch configuration");
		}
		IResource r = ResourcesPlugin.getWorkspace().getRoot().findMember(IPath.fromPortableString(settings.file()));
		if (!(r instanceof IFile f) || !f.exists()) {
			throw error(settings.file() + " does not exist in the workspace: choose an existing .kmem file on the Main tab");
		}
		if (f.getLocation() == null) {
			throw error(settings.file() + " is not on the local file system: kmemlab reads scenarios from local files");
		}
		return f;
	}

	/** Loads, validates and selects; the scenarios returned run in this order. */
	public static List<Scenario> scenarios(LaunchSettings settings) throws CoreException {
		IFile file = file(settings);
		KmemFiles.Loaded loaded = KmemFiles.load(Path.of(file.getLocation().toOSString()));
		if (loaded.hasErrors()) {
			List<Problem> errors = loaded.problems().stream().filter(Problem::isError).toList();
			String shown = errors.stream().limit(5).map(Problem::toString).collect(Collectors.joining("\n"));
			throw error(file.getFullPath() + " has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
					+ "; fix " + (errors.size() == 1 ? "it" : "them") + " in the editor (Problems view) and launch again:\n" + shown
					+ (errors.size() > 5 ? "\n..." : ""));
		}
		List<Scenario> all = ScenarioRunner.scenarios(loaded.model());
		if (all.isEmpty()) {
			throw error(file.getFullPath() + " has no scenario to run (it defines only machines?)");
		}
		List<Scenario> chosen = all;
		if (!settings.allScenarios()) {
			chosen = all.stream().filter(s -> settings.scenario().equals(s.getName())).toList();
			if (chosen.isEmpty()) {
				throw error("no scenario called \"" + settings.scenario() + "\" in " + file.getFullPath() + " (scenarios: "
						+ all.stream().map(s -> "\"" + s.getName() + "\"").collect(Collectors.joining(", "))
						+ "); choose one on the Main tab");
			}
		}
		if (!settings.machine().isBlank()) {
			Machine machine = machines(loaded.model()).stream().filter(m -> settings.machine().equals(m.getName())).findFirst()
					.orElseThrow(() -> error("no machine called \"" + settings.machine() + "\" in " + file.getFullPath()
							+ " or the files it imports (machines: " + machines(loaded.model()).stream().map(Machine::getName)
									.collect(Collectors.joining(", ")) + "); choose one on the Main tab"));
			// The model was loaded for this launch alone, so moving its scenarios touches nothing else.
			for (Scenario s : chosen) {
				s.setMachine(machine);
			}
		}
		return chosen;
	}

	/** The machines a scenario of {@code model} may run on: its own and those of the files it imports. */
	public static List<Machine> machines(Model model) {
		List<Machine> out = new ArrayList<>();
		if (model == null || model.eResource() == null) {
			return out;
		}
		List<Resource> resources = model.eResource().getResourceSet() == null ? List.of(model.eResource())
				: model.eResource().getResourceSet().getResources();
		for (Resource r : resources) {
			if (!r.getContents().isEmpty() && r.getContents().get(0) instanceof Model m) {
				for (TopLevel t : m.getElements()) {
					if (t instanceof Machine machine) {
						out.add(machine);
					}
				}
			}
		}
		return out;
	}

	static CoreException error(String message) {
		return new CoreException(Status.error(message));
	}

	static IStatus status(String message) {
		return new Status(IStatus.ERROR, KmemDebug.BUNDLE_ID, message);
	}
}
