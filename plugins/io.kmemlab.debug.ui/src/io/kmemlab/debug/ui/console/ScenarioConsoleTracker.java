package io.kmemlab.debug.ui.console;

import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.core.launch.ScenarioSource;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.console.IConsole;
import org.eclipse.debug.ui.console.IConsoleLineTracker;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;

/**
 * Links in a scenario run's console: each statement line's number opens the scenario file at
 * that line, and each {@code file.kmem:LINE} (failures, scenario headers) opens that file.
 */
public class ScenarioConsoleTracker implements IConsoleLineTracker {
	/** A statement line of the run's text: the line number in a 5-wide column, two spaces, the source. */
	private static final Pattern STEP = Pattern.compile("^\\s{0,4}(\\d+)  \\S");
	/** {@code path/file.kmem:12} or {@code file.kmem:12:5}. */
	private static final Pattern WHERE = Pattern.compile("([^\\s(]+\\.kmem):(\\d+)");

	private IConsole console;
	private IFile scenarioFile;

	@Override
	public void init(IConsole c) {
		console = c;
		try {
			ILaunchConfiguration config = c.getProcess().getLaunch().getLaunchConfiguration();
			scenarioFile = config == null ? null : ScenarioSource.file(LaunchSettings.of(config));
		} catch (CoreException e) {
			scenarioFile = null;
		}
	}

	@Override
	public void lineAppended(IRegion region) {
		IDocument doc = console.getDocument();
		String line;
		try {
			line = doc.get(region.getOffset(), region.getLength());
		} catch (BadLocationException e) {
			return;
		}
		Matcher where = WHERE.matcher(line);
		boolean linked = false;
		while (where.find()) {
			IFile file = resolve(where.group(1));
			if (file != null) {
				console.addLink(new SourceLink(file, Integer.parseInt(where.group(2))), region.getOffset() + where.start(),
						where.end() - where.start());
				linked = true;
			}
		}
		Matcher step = STEP.matcher(line);
		if (!linked && scenarioFile != null && step.find()) {
			console.addLink(new SourceLink(scenarioFile, Integer.parseInt(step.group(1))), region.getOffset() + step.start(1),
					step.end(1) - step.start(1));
		}
	}

	/** The workspace file a printed path names: absolute, relative to the working directory, or the launch's file by name. */
	private IFile resolve(String printed) {
		try {
			Path p = Path.of(printed);
			Path abs = p.isAbsolute() ? p : Path.of("").toAbsolutePath().resolve(p).normalize();
			for (IFile f : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(abs.toUri())) {
				if (f.exists()) {
					return f;
				}
			}
			if (scenarioFile != null) {
				IFile sibling = scenarioFile.getParent().getFile(org.eclipse.core.runtime.IPath.fromOSString(p.getFileName().toString()));
				if (sibling.exists()) {
					return sibling;
				}
			}
		} catch (RuntimeException e) {
			// not a path: no link
		}
		return null;
	}

	@Override
	public void dispose() {
		console = null;
	}
}
