package io.kmemlab.debug.ui.views;

import io.kmemlab.debug.core.engine.Place;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.views.MemoryContext;
import io.kmemlab.debug.ui.launch.EditorFiles;
import io.kmemlab.debug.ui.launch.LaunchConfigurations;
import io.kmemlab.debug.ui.launch.ScenarioAtCursorShortcut;
import java.net.URI;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/**
 * Run to Caret, in every memory view's toolbar. In a suspended session it runs to the caret's
 * line (Run to Line). Without one, it starts a debug launch of the scenario the caret is in,
 * suspended before its first statement (a working copy of the scenario's configuration, not
 * saved, with "stop at first statement"), and then runs it to the caret's line: the same
 * session a user would get from Debug As and Run to Line, so the Debug and Variables views,
 * stepping and step back all work on it.
 */
final class RunToCaret extends Action {
	private final MemoryView<?> view;

	RunToCaret(MemoryView<?> view) {
		super("Run to Caret");
		this.view = view;
		setId("io.kmemlab.debug.ui.views.runToCaret");
		setToolTipText("Run the editor's scenario to the caret's line and show it here");
		setImageDescriptor(PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(ISharedImages.IMG_TOOL_FORWARD));
	}

	@Override
	public void run() {
		IEditorPart editor = view.getSite().getPage().getActiveEditor();
		IFile file = editor == null ? null : EditorFiles.file(editor);
		int line = editor == null ? -1 : EditorFiles.caretLine(editor);
		String scenario = editor == null ? null : ScenarioAtCursorShortcut.scenarioAtCursor(editor);
		if (file == null || line < 0 || scenario == null) {
			MessageDialog.openInformation(view.getSite().getShell(), "Run to Caret",
					"Open a .kmem file and put the caret on a line of a scenario: Run to Caret runs that scenario to the line.");
			return;
		}
		URI uri = file.getLocationURI();
		MemoryContext c = view.context();
		if (c != null && runsFile(c.suspension(), uri)) {
			c.target().runToLine(uri, line);
			return;
		}
		start(file, scenario, uri, line);
	}

	/** True when the suspended session is in {@code file} (else Run to Caret starts the editor's scenario). */
	private static boolean runsFile(Suspension s, URI file) {
		return s != null && !s.stack().isEmpty() && s.top().at().file() != null && s.top().at().file().equals(Place.normalize(file));
	}

	/** Debugs {@code scenario} stopped at its first statement, then runs to {@code line}. */
	static ILaunch start(IFile file, String scenario, URI uri, int line) {
		try {
			ILaunchConfigurationWorkingCopy wc = LaunchConfigurations.forScenario(file, scenario).getWorkingCopy();
			LaunchSettings s = LaunchSettings.of(wc);
			new LaunchSettings(s.file(), s.scenario(), s.machine(), true, false).writeTo(wc);
			ILaunch launch = wc.launch(ILaunchManager.DEBUG_MODE, null);
			DebugPlugin.getDefault().addDebugEventListener(new FirstSuspension(launch, uri, line));
			return launch;
		} catch (CoreException e) {
			MessageDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "Run to Caret",
					"Could not debug " + file.getFullPath() + ": " + e.getStatus().getMessage());
			return null;
		}
	}

	/** At the launch's first suspension (its first statement), runs on to the line; then stops listening. */
	private static final class FirstSuspension implements IDebugEventSetListener {
		private final ILaunch launch;
		private final URI file;
		private final int line;

		FirstSuspension(ILaunch launch, URI file, int line) {
			this.launch = launch;
			this.file = file;
			this.line = line;
		}

		@Override
		public void handleDebugEvents(DebugEvent[] events) {
			for (DebugEvent e : events) {
				if (e.getKind() == DebugEvent.TERMINATE && e.getSource() == launch.getDebugTarget()) {
					DebugPlugin.getDefault().removeDebugEventListener(this);
					return;
				}
				if (e.getKind() == DebugEvent.SUSPEND && launch.getDebugTarget() instanceof KmemDebugTarget t) {
					Suspension s = t.suspension();
					if (s == null) {
						continue;
					}
					DebugPlugin.getDefault().removeDebugEventListener(this);
					if (s.stack().isEmpty() || s.top().at().line() != line) {
						t.runToLine(file, line);
					}
					return;
				}
			}
		}
	}

}
