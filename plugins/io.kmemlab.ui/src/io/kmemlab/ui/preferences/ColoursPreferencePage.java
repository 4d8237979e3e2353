package io.kmemlab.ui.preferences;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.ColorSelector;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > kmemlab > Colours: a colour, bold and italic per {@link HighlightingStyle}. */
public class ColoursPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "io.kmemlab.ui.preferences.colours";

	/** The controls of one style's row. */
	public record Row(ColorSelector colour, Button bold, Button italic) {
	}

	private final Map<HighlightingStyle, Row> rows = new EnumMap<>(HighlightingStyle.class);

	@Override
	public void init(IWorkbench workbench) {
		setDescription("Colours of the kmemlab editor; editors opened after a change show it.");
	}

	@Override
	protected IPreferenceStore doGetPreferenceStore() {
		return KmemPreferences.store();
	}

	@Override
	protected Control createContents(Composite parent) {
		Composite grid = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(4).spacing(12, 0).applyTo(grid);
		for (String heading : new String[] { "Text", "Colour", "Bold", "Italic" }) {
			Label label = new Label(grid, SWT.NONE);
			label.setText(heading);
		}
		for (HighlightingStyle style : HighlightingStyle.values()) {
			Label label = new Label(grid, SWT.NONE);
			label.setText(style.label());
			GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(label);
			ColorSelector colour = new ColorSelector(grid);
			Button bold = new Button(grid, SWT.CHECK);
			Button italic = new Button(grid, SWT.CHECK);
			rows.put(style, new Row(colour, bold, italic));
		}
		load(false);
		return grid;
	}

	/** The controls of a style, for whoever drives the page without a mouse (the UI tests). */
	public Row row(HighlightingStyle style) {
		return rows.get(style);
	}

	@Override
	protected void performDefaults() {
		load(true);
		super.performDefaults();
	}

	@Override
	public boolean performOk() {
		IPreferenceStore store = getPreferenceStore();
		rows.forEach((style, row) -> {
			PreferenceConverter.setValue(store, style.colourKey(), row.colour().getColorValue());
			store.setValue(style.boldKey(), row.bold().getSelection());
			store.setValue(style.italicKey(), row.italic().getSelection());
		});
		return true;
	}

	private void load(boolean defaults) {
		IPreferenceStore store = getPreferenceStore();
		rows.forEach((style, row) -> {
			row.colour().setColorValue(defaults ? PreferenceConverter.getDefaultColor(store, style.colourKey())
					: PreferenceConverter.getColor(store, style.colourKey()));
			row.bold().setSelection(defaults ? store.getDefaultBoolean(style.boldKey()) : store.getBoolean(style.boldKey()));
			row.italic().setSelection(defaults ? store.getDefaultBoolean(style.italicKey()) : store.getBoolean(style.italicKey()));
		});
	}
}
