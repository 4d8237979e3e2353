package io.kmemlab.ui.preferences;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > kmemlab > Formatting: what Ctrl+Shift+F and format-on-save do. */
public class FormattingPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "io.kmemlab.ui.preferences.formatting";

	public FormattingPreferencePage() {
		super(GRID);
	}

	@Override
	public void init(IWorkbench workbench) {
		setDescription("How the kmemlab formatter lays out .kmem files.");
	}

	@Override
	protected IPreferenceStore doGetPreferenceStore() {
		return KmemPreferences.store();
	}

	@Override
	protected void createFieldEditors() {
		addField(new BooleanFieldEditor(KmemPreferences.FORMAT_ON_SAVE, "&Format a .kmem file when it is saved",
				getFieldEditorParent()));
		IntegerFieldEditor indentation = new IntegerFieldEditor(KmemPreferences.INDENTATION,
				"&Indentation (spaces per block level):", getFieldEditorParent(), 2);
		indentation.setValidRange(KmemPreferences.MIN_INDENTATION, KmemPreferences.MAX_INDENTATION);
		addField(indentation);
	}
}
