package io.kmemlab.ui.perspective;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.kmemlab.ui.wizards.ExamplesProjectWizard;
import io.kmemlab.ui.wizards.NewKmemFileWizard;

/**
 * The kmemlab perspective, the IDE's default (plugin_customization.ini): the Project Explorer
 * and the Outline on the left, the editor, and below it the Problems view, where validation
 * shows. The Console, Error Log, Tasks and Properties have their places there when opened.
 */
public class KmemPerspective implements IPerspectiveFactory {

	public static final String ID = "io.kmemlab.ui.perspective";

	/** The Error Log view of org.eclipse.ui.views.log (its id predates the bundle's name). */
	public static final String ERROR_LOG_VIEW_ID = "org.eclipse.pde.runtime.LogView";
	public static final String CONSOLE_VIEW_ID = "org.eclipse.ui.console.ConsoleView";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editorArea = layout.getEditorArea();
		IFolderLayout left = layout.createFolder("io.kmemlab.ui.perspective.left", IPageLayout.LEFT, 0.22f, editorArea);
		left.addView(IPageLayout.ID_PROJECT_EXPLORER);
		IFolderLayout outline = layout.createFolder("io.kmemlab.ui.perspective.outline", IPageLayout.BOTTOM, 0.6f,
				"io.kmemlab.ui.perspective.left");
		outline.addView(IPageLayout.ID_OUTLINE);
		IFolderLayout bottom = layout.createFolder("io.kmemlab.ui.perspective.bottom", IPageLayout.BOTTOM, 0.72f, editorArea);
		bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
		bottom.addPlaceholder(CONSOLE_VIEW_ID);
		bottom.addPlaceholder(ERROR_LOG_VIEW_ID);
		bottom.addPlaceholder(IPageLayout.ID_TASK_LIST);
		bottom.addPlaceholder(IPageLayout.ID_PROP_SHEET);

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
	}
}
