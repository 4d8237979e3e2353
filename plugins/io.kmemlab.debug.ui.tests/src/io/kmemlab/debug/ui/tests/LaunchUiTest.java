package io.kmemlab.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.ui.KmemDebugUi;
import io.kmemlab.debug.ui.console.SourceLink;
import io.kmemlab.debug.ui.launch.ScenarioMainTab;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.console.TextConsole;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.Test;

/** Run As from Project Explorer, the console's links to the source, relaunching from history, the launch tab. */
class LaunchUiTest {
	static final String TWO_SCENARIOS = """
			machine pc {
			    arch x86_64
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0x3fffffff
			}
			machine small {
			    arch x86_64
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0x1fffffff
			}

			scenario "first" on pc {
			    let p = alloc_page(GFP_KERNEL)
			    expect page_count(p) == 1
			}

			scenario "second" on pc {
			    let k = kmalloc(64, GFP_KERNEL)
			    expect k != 0
			}
			""";

	static int lineOf(String fragment) {
		int at = TWO_SCENARIOS.indexOf(fragment);
		return (int) TWO_SCENARIOS.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
	}

	@Test
	void runAsOnAFileRunsEveryScenarioAndItsConsoleLinksEachStatementToItsLine() throws Exception {
		IFile file = Ui.file("launch-ui-test", "two.kmem", TWO_SCENARIOS);
		shortcut(KmemDebugUi.FILE_SHORTCUT).launch(new StructuredSelection(file), ILaunchManager.RUN_MODE);
		IProcess process = waitForProcess(file);
		Ui.waitUntil(process::isTerminated, "the run ends");
		TextConsole console = consoleOf(process);
		Ui.waitUntil(() -> console.getDocument().get().contains("2 passed, 0 failed"), "the console shows the summary: "
				+ console.getDocument().get());
		String text = console.getDocument().get();
		assertTrue(text.contains("PASS  first") && text.contains("PASS  second"), text);

		int line = lineOf("let k = kmalloc");
		Ui.waitUntil(() -> link(console, line) != null, "a link to line " + line + " in the console");
		SourceLink link = link(console, line);
		assertEquals(file, link.file());
		link.linkActivated();
		ITextEditor editor = (ITextEditor) Ui.page().getActiveEditor();
		assertEquals(KmemDebugUi.EDITOR_ID, editor.getSite().getId());
		ITextSelection selection = (ITextSelection) editor.getSelectionProvider().getSelection();
		assertEquals(line - 1, selection.getStartLine(), "the link selects its line");
	}

	@Test
	void theLaunchIsInTheHistoryAndRelaunchesFromThere() throws Exception {
		IFile file = Ui.file("launch-ui-test", "again.kmem", TWO_SCENARIOS);
		shortcut(KmemDebugUi.FILE_SHORTCUT).launch(new StructuredSelection(file), ILaunchManager.RUN_MODE);
		IProcess first = waitForProcess(file);
		Ui.waitUntil(first::isTerminated, "the first run ends");
		ILaunchConfiguration last = DebugUITools.getLastLaunch(IDebugUIConstants.ID_RUN_LAUNCH_GROUP);
		assertNotNull(last, "the run is in the launch history");
		assertEquals(file.getFullPath().toPortableString(), LaunchSettings.of(last).file());
		List<ILaunch> before = Arrays.asList(DebugPlugin.getDefault().getLaunchManager().getLaunches());
		DebugUITools.launch(last, ILaunchManager.RUN_MODE);
		ILaunch[] again = new ILaunch[1];
		Ui.waitUntil(() -> {
			for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
				if (!before.contains(l) && l.getLaunchConfiguration() != null && l.getLaunchConfiguration().equals(last)) {
					again[0] = l;
				}
			}
			return again[0] != null && again[0].getProcesses().length > 0;
		}, "a second launch of " + last.getName());
		Ui.waitUntil(again[0]::isTerminated, "the relaunch ends");
		assertEquals(0, again[0].getProcesses()[0].getExitValue(), "both scenarios passed again");
	}

	@Test
	void theMainTabOffersTheFilesScenariosAndMachinesAndWritesTheChoice() throws CoreException {
		IFile file = Ui.file("launch-ui-test", "tab.kmem", TWO_SCENARIOS);
		ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
				.getLaunchConfigurationType(KmemDebug.LAUNCH_TYPE_ID).newInstance(null, "tab test");
		new LaunchSettings(file.getFullPath().toPortableString(), "", "", false, false).writeTo(wc);
		Shell shell = new Shell(Ui.window().getShell());
		try {
			ScenarioMainTab tab = new ScenarioMainTab();
			tab.createControl(shell);
			tab.initializeFrom(wc);
			assertTrue(tab.isValid(wc), tab.getErrorMessage());
			Combo scenarios = combos(tab.getControl()).get(0);
			Combo machines = combos(tab.getControl()).get(1);
			assertEquals(List.of("first", "second"), Arrays.asList(scenarios.getItems()).subList(1, 3));
			assertEquals(List.of("pc", "small"), Arrays.asList(machines.getItems()).subList(1, 3));
			scenarios.select(2);
			machines.select(2);
			tab.performApply(wc);
			LaunchSettings s = LaunchSettings.of(wc);
			assertEquals("second", s.scenario());
			assertEquals("small", s.machine());

			wc.setAttribute(LaunchSettings.FILE, "/launch-ui-test/missing.kmem");
			tab.initializeFrom(wc);
			assertTrue(!tab.isValid(wc) && tab.getErrorMessage().contains("does not exist"), String.valueOf(tab.getErrorMessage()));
		} finally {
			shell.dispose();
		}
	}

	// ------------------------------------------------------------------ helpers

	private static List<Combo> combos(Control c) {
		List<Combo> out = new java.util.ArrayList<>();
		if (c instanceof Combo combo) {
			out.add(combo);
		} else if (c instanceof Composite comp) {
			for (Control child : comp.getChildren()) {
				out.addAll(combos(child));
			}
		}
		return out;
	}

	private static ILaunchShortcut shortcut(String id) throws CoreException {
		for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.debug.ui.launchShortcuts")) {
			if (id.equals(e.getAttribute("id"))) {
				return (ILaunchShortcut) e.createExecutableExtension("class");
			}
		}
		throw new AssertionError("no launch shortcut " + id);
	}

	private static IProcess waitForProcess(IFile file) {
		IProcess[] found = new IProcess[1];
		Ui.waitUntil(() -> {
			for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
				for (IProcess p : l.getProcesses()) {
					if (p.getLabel().startsWith(file.getName()) && !Arrays.asList(seen).contains(p)) {
						found[0] = p;
					}
				}
			}
			return found[0] != null;
		}, "a process for " + file.getName());
		seen = append(seen, found[0]);
		return found[0];
	}

	private static IProcess[] seen = new IProcess[0];

	private static IProcess[] append(IProcess[] a, IProcess p) {
		IProcess[] out = Arrays.copyOf(a, a.length + 1);
		out[a.length] = p;
		return out;
	}

	private static TextConsole consoleOf(IProcess process) {
		TextConsole[] found = new TextConsole[1];
		Ui.waitUntil(() -> {
			for (IConsole c : ConsolePlugin.getDefault().getConsoleManager().getConsoles()) {
				if (c instanceof org.eclipse.debug.ui.console.IConsole pc && pc.getProcess() == process && c instanceof TextConsole t) {
					found[0] = t;
				}
			}
			return found[0] != null;
		}, "the process's console");
		return found[0];
	}

	/** The console's link to {@code line} of the scenario file, or null. */
	private static SourceLink link(TextConsole console, int line) {
		for (IHyperlink h : console.getHyperlinks()) {
			if (h instanceof SourceLink s && s.line() == line) {
				return s;
			}
		}
		return null;
	}
}
