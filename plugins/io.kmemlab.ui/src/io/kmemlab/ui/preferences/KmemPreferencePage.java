package io.kmemlab.ui.preferences;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.dialogs.PreferenceLinkArea;
import org.eclipse.ui.preferences.IWorkbenchPreferenceContainer;

/** Window > Preferences > kmemlab: points at the editor's pages below it. */
public class KmemPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "io.kmemlab.ui.preferences";

	@Override
	public void init(IWorkbench workbench) {
		noDefaultAndApplyButton();
		setDescription("Settings of the kmemlab editor for .kmem scenario and machine files.");
	}

	@Override
	protected Control createContents(Composite parent) {
		Composite links = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().applyTo(links);
		link(links, ColoursPreferencePage.ID, "<a>Colours</a>: keywords, kernel functions by family, constants, zones, your variables and machines.");
		link(links, FormattingPreferencePage.ID, "<a>Formatting</a>: indentation, and formatting when a file is saved.");
		return links;
	}

	private void link(Composite parent, String pageId, String text) {
		PreferenceLinkArea area = new PreferenceLinkArea(parent, SWT.WRAP, pageId, text,
				(IWorkbenchPreferenceContainer) getContainer(), null);
		GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(area.getControl());
	}
}
