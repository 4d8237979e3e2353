package io.kmemlab.debug.ui.launch;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.launch.LaunchSettings;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;

/**
 * The launch configurations the shortcuts use: one per file and scenario, found again on the
 * next launch (so the toolbar's history and the user's edits to the configuration stay), and
 * created the first time.
 */
public final class LaunchConfigurations {
	private LaunchConfigurations() {
	}

	public static ILaunchConfigurationType type() {
		return DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(KmemDebug.LAUNCH_TYPE_ID);
	}

	/** The existing configurations that run {@code scenario} ("" for all) of {@code file}. */
	public static List<ILaunchConfiguration> find(IFile file, String scenario) throws CoreException {
		List<ILaunchConfiguration> out = new ArrayList<>();
		String path = file.getFullPath().toPortableString();
		for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations(type())) {
			LaunchSettings s = LaunchSettings.of(c);
			if (s.file().equals(path) && s.scenario().equals(scenario)) {
				out.add(c);
			}
		}
		return out;
	}

	/** The configuration for {@code scenario} of {@code file}: an existing one, else a new saved one. */
	public static ILaunchConfiguration forScenario(IFile file, String scenario) throws CoreException {
		List<ILaunchConfiguration> existing = find(file, scenario);
		if (!existing.isEmpty()) {
			return existing.get(0);
		}
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		String name = file.getName() + (scenario.isEmpty() ? "" : " - " + scenario);
		ILaunchConfigurationWorkingCopy wc = type().newInstance(null, manager.generateLaunchConfigurationName(name));
		new LaunchSettings(file.getFullPath().toPortableString(), scenario, "", false, false).writeTo(wc);
		wc.setMappedResources(new org.eclipse.core.resources.IResource[] { file });
		return wc.doSave();
	}
}
