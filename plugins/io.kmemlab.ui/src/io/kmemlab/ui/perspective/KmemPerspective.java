package io.kmemlab.ui.perspective;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.PlatformUI;

import io.kmemlab.ui.wizards.ExamplesProjectWizard;
import io.kmemlab.ui.wizards.NewKmemFileWizard;

/**
 * The kmemlab perspective, the IDE's default (plugin_customization.ini): the Project Explorer
 * and the Outline on the left with the Debug view under them, the editor, the memory views on
 * its right (Translations and Page Tables above; Page Descriptor, Zones & Buddy and Physical
 * Map below), and under the editor the Problems view, where validation shows, next to the
 * Variables view. The Console, Error Log, Tasks and Properties have their places beside
 * Problems when opened. The debugger's and the memory views' ids are written out as strings:
 * this bundle does not depend on the debugger's.
 */
public class KmemPerspective implements IPerspectiveFactory {

	public static final String ID = "io.kmemlab.ui.perspective";

	/** The Error Log view of org.eclipse.ui.views.log (its id predates the bundle's name). */
	public static final String ERROR_LOG_VIEW_ID = "org.eclipse.pde.runtime.LogView";
	public static final String CONSOLE_VIEW_ID = "org.eclipse.ui.console.ConsoleView";
	public static final String DEBUG_VIEW_ID = "org.eclipse.debug.ui.DebugView";
	public static final String VARIABLES_VIEW_ID = "org.eclipse.debug.ui.VariableView";
	/** The memory views (io.kmemlab.debug.ui's MemoryViews). */
	public static final String TRANSLATIONS_VIEW_ID = "io.kmemlab.ui.views.translations";
	public static final String PAGE_VIEW_ID = "io.kmemlab.ui.views.page";
	public static final String PAGE_TABLES_VIEW_ID = "io.kmemlab.ui.views.pagetables";
	public static final String ZONES_VIEW_ID = "io.kmemlab.ui.views.zones";
	public static final String PHYSICAL_MAP_VIEW_ID = "io.kmemlab.ui.views.physmap";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editorArea = layout.getEditorArea();
		IFolderLayout left = layout.createFolder("io.kmemlab.ui.perspective.left", IPageLayout.LEFT, 0.18f, editorArea);
		left.addView(IPageLayout.ID_PROJECT_EXPLORER);
		IFolderLayout outline = layout.createFolder("io.kmemlab.ui.perspective.outline", IPageLayout.BOTTOM, 0.4f,
				"io.kmemlab.ui.perspective.left");
		outline.addView(DEBUG_VIEW_ID);
		outline.addView(IPageLayout.ID_OUTLINE);
		IFolderLayout memory = layout.createFolder("io.kmemlab.ui.perspective.memory", IPageLayout.RIGHT, 0.45f, editorArea);
		addIfInstalled(memory, TRANSLATIONS_VIEW_ID);
		addIfInstalled(memory, PAGE_TABLES_VIEW_ID);
		IFolderLayout frames = layout.createFolder("io.kmemlab.ui.perspective.frames", IPageLayout.BOTTOM, 0.5f,
				"io.kmemlab.ui.perspective.memory");
		addIfInstalled(frames, PAGE_VIEW_ID);
		addIfInstalled(frames, ZONES_VIEW_ID);
		addIfInstalled(frames, PHYSICAL_MAP_VIEW_ID);
		IFolderLayout bottom = layout.createFolder("io.kmemlab.ui.perspective.bottom", IPageLayout.BOTTOM, 0.6f, editorArea);
		bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
		bottom.addView(CONSOLE_VIEW_ID);
		bottom.addPlaceholder(ERROR_LOG_VIEW_ID);
		bottom.addPlaceholder(IPageLayout.ID_TASK_LIST);
		bottom.addPlaceholder(IPageLayout.ID_PROP_SHEET);
		IFolderLayout variables = layout.createFolder("io.kmemlab.ui.perspective.variables", IPageLayout.RIGHT, 0.45f,
				"io.kmemlab.ui.perspective.bottom");
		variables.addView(VARIABLES_VIEW_ID);

		layout.addNewWizardShortcut(NewKmemFileWizard.ID);
		layout.addNewWizardShortcut(ExamplesProjectWizard.ID);
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.project");
		layout.addShowViewShortcut(IPageLayout.ID_PROJECT_EXPLORER);
		layout.addShowViewShortcut(IPageLayout.ID_OUTLINE);
		layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
		layout.addShowViewShortcut(CONSOLE_VIEW_ID);
		layout.addShowViewShortcut(ERROR_LOG_VIEW_ID);
		for (String v : new String[] { DEBUG_VIEW_ID, VARIABLES_VIEW_ID, TRANSLATIONS_VIEW_ID, PAGE_VIEW_ID, PAGE_TABLES_VIEW_ID,
				ZONES_VIEW_ID, PHYSICAL_MAP_VIEW_ID }) {
			layout.addShowViewShortcut(v);
		}
	}

	/**
	 * The view where it is installed (the debugger's bundle brings the memory views); a
	 * placeholder otherwise, so the layout holds no "could not create the view" part.
	 */
	private static void addIfInstalled(IFolderLayout folder, String id) {
		if (PlatformUI.getWorkbench().getViewRegistry().find(id) != null) {
			folder.addView(id);
		} else {
			folder.addPlaceholder(id);
		}
	}
}
