package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.preference.IPreferenceNode;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kmemlab.ui.highlighting.KmemPalette;
import io.kmemlab.ui.highlighting.TokenCategory;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.preferences.ColoursPreferencePage;
import io.kmemlab.ui.preferences.FormattingPreferencePage;
import io.kmemlab.ui.preferences.HighlightingStyle;
import io.kmemlab.ui.preferences.KmemPreferencePage;
import io.kmemlab.ui.preferences.KmemPreferences;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * Window > Preferences > kmemlab: the pages are registered under one node, show the stored
 * values, and OK stores what was changed where the editor reads it. Screenshot: prefs.png.
 */
class PreferencePagesTest {

	private final IPreferenceStore store = KmemPreferences.store();
	private PreferenceDialog dialog;

	@AfterEach
	void restoreDefaults() {
		if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
			dialog.close();
		}
		for (HighlightingStyle style : HighlightingStyle.values()) {
			store.setToDefault(style.colourKey());
			store.setToDefault(style.boldKey());
			store.setToDefault(style.italicKey());
		}
		store.setToDefault(KmemPreferences.FORMAT_ON_SAVE);
		store.setToDefault(KmemPreferences.INDENTATION);
	}

	@Test
	void thePagesAreUnderOneKmemlabNode() {
		IPreferenceNode root = PlatformUI.getWorkbench().getPreferenceManager().find(KmemPreferencePage.ID);
		assertNotNull(root, "no kmemlab node in Window > Preferences");
		assertEquals("kmemlab", root.getLabelText());
		List<String> children = Arrays.stream(root.getSubNodes()).map(IPreferenceNode::getId).sorted().toList();
		assertEquals(List.of(ColoursPreferencePage.ID, FormattingPreferencePage.ID), children);
	}

	@Test
	void theColoursPageShowsEveryStyleAndOkStoresAChangeThatTheEditorUses() throws Exception {
		ColoursPreferencePage page = assertInstanceOf(ColoursPreferencePage.class, open(ColoursPreferencePage.ID).getSelectedPage());
		for (HighlightingStyle style : HighlightingStyle.values()) {
			ColoursPreferencePage.Row row = page.row(style);
			assertNotNull(row, "no row for " + style);
			assertEquals(style.defaultColour(), row.colour().getColorValue(), style + " colour");
			assertEquals(style.boldByDefault(), row.bold().getSelection(), style + " bold");
			assertEquals(style.italicByDefault(), row.italic().getSelection(), style + " italic");
		}
		// The defaults are as distinct as the editor's categories need: no two styles share a colour.
		assertEquals(HighlightingStyle.values().length,
				Arrays.stream(HighlightingStyle.values()).map(HighlightingStyle::defaultColour).distinct().count());
		Ui.screenshot(dialog.getShell(), "prefs.png");

		RGB chosen = new RGB(0x12, 0x34, 0x56);
		page.row(HighlightingStyle.KEYWORD).colour().setColorValue(chosen);
		Widgets.click(page.row(HighlightingStyle.KEYWORD).bold());
		Widgets.click(Widgets.dialogButton(dialog.getShell(), IDialogConstants.OK_ID));

		assertEquals(chosen, PreferenceConverter.getColor(store, HighlightingStyle.KEYWORD.colourKey()));
		assertFalse(store.getBoolean(HighlightingStyle.KEYWORD.boldKey()), "bold was unticked");
		KmemPalette palette = KmemInjector.get().getInstance(KmemPalette.class);
		assertEquals(chosen, palette.attributeOf(TokenCategory.KEYWORD).getForeground().getRGB(),
				"the editor's colouring does not use the stored keyword colour");
		assertEquals(SWT.NORMAL, palette.attributeOf(TokenCategory.KEYWORD).getStyle());
	}

	@Test
	void theFormattingPageStoresFormatOnSaveAndTheIndentation() {
		open(FormattingPreferencePage.ID);
		Button onSave = single(Widgets.find(dialog.getShell(), Button.class, b -> b.getText().contains("when it is saved")));
		Text indentation = single(Widgets.find(dialog.getShell(), Text.class,
				text -> String.valueOf(KmemPreferences.DEFAULT_INDENTATION).equals(text.getText())));
		assertFalse(onSave.getSelection(), "format on save is off by default");

		Button ok = Widgets.dialogButton(dialog.getShell(), IDialogConstants.OK_ID);
		Widgets.type(indentation, "0");
		assertTrue(Ui.waitFor(() -> !ok.isEnabled(), Duration.ofSeconds(5)), "an indentation of 0 was accepted");
		Widgets.type(indentation, "2");
		assertTrue(Ui.waitFor(ok::isEnabled, Duration.ofSeconds(5)), "an indentation of 2 was refused");
		Widgets.click(onSave);
		Widgets.click(ok);

		assertTrue(store.getBoolean(KmemPreferences.FORMAT_ON_SAVE));
		assertEquals(2, store.getInt(KmemPreferences.INDENTATION));
		assertEquals("  ", KmemPreferences.indentation(store));
	}

	private PreferenceDialog open(String pageId) {
		dialog = PreferencesUtil.createPreferenceDialogOn(Ui.window().getShell(), pageId,
				new String[] { KmemPreferencePage.ID, ColoursPreferencePage.ID, FormattingPreferencePage.ID }, null);
		dialog.setBlockOnOpen(false);
		dialog.open();
		dialog.getShell().setSize(900, 820);
		Ui.settle(Duration.ofMillis(300));
		return dialog;
	}

	private static <T> T single(List<T> found) {
		assertEquals(1, found.size(), () -> "expected one widget, found " + found);
		return found.get(0);
	}
}
