package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.ui.preferences.HighlightingStyle;
import io.kmemlab.ui.preferences.KmemPreferences;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * Names coloured by meaning (variables, machines, zones, kernel functions by family, constants,
 * config options), with the colours of the Colours preference page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorSemanticHighlightingTest {

	private static final String TEXT = HoverSample.TEXT;

	private ITextEditor editor;
	private StyledText widget;
	private final IPreferenceStore store = KmemPreferences.store();

	@BeforeAll
	void open() throws Exception {
		EditorSupport.prepareWorkbench();
		editor = EditorSupport.open("highlighting.kmem", TEXT);
		widget = EditorSupport.viewer(editor).getTextWidget();
		int p = HoverSample.VARIABLE_USE;
		assertTrue(Ui.waitFor(() -> HighlightingStyle.VARIABLE.defaultColour().equals(colour(p)), EditorSupport.TIMEOUT),
				"semantic highlighting never coloured the variable p: " + colour(p));
	}

	@AfterAll
	void close() throws Exception {
		store.setToDefault(HighlightingStyle.VARIABLE.colourKey());
		EditorSupport.closeAndDelete(editor);
	}

	@Test
	void namesAreColouredByWhatTheyMean() throws Exception {
		assertEquals(HighlightingStyle.MACHINE.defaultColour(), colour(TEXT.indexOf("on pc") + 3), "machine reference");
		assertTrue((style(TEXT.indexOf("on pc") + 3).fontStyle & SWT.BOLD) != 0, "machines are bold by default");
		assertEquals(HighlightingStyle.ALLOCATION.defaultColour(), colour(TEXT.indexOf("alloc_pages")));
		assertEquals(HighlightingStyle.TRANSLATION.defaultColour(), colour(TEXT.indexOf("page_address")));
		assertEquals(HighlightingStyle.PAGE_WALK.defaultColour(), colour(TEXT.indexOf("pte_offset_kernel")));
		assertEquals(HighlightingStyle.REFCOUNT.defaultColour(), colour(TEXT.indexOf("get_page")));
		assertEquals(HighlightingStyle.CONSTANT.defaultColour(), colour(TEXT.indexOf("PAGE_OFFSET")));
		assertEquals(HighlightingStyle.ZONE.defaultColour(), colour(TEXT.indexOf("Normal")));
		assertEquals(HighlightingStyle.CONFIG_OPTION.defaultColour(), colour(TEXT.indexOf("HIGHMEM")));
		assertEquals(5, Set.of(colour(TEXT.indexOf("alloc_pages")), colour(TEXT.indexOf("page_address")),
				colour(TEXT.indexOf("pte_offset_kernel")), colour(TEXT.indexOf("get_page")), colour(HoverSample.VARIABLE_USE))
				.size(), "families and variables have colours of their own");
		assertEquals(HighlightingStyle.COMMENT.defaultColour(), colour(TEXT.indexOf("variable p is") + 9),
				"the p in the comment is comment text, not the variable");

		// Typing moves the colours with the text at once, and the next run colours the new name.
		editor.selectAndReveal(0, 0);
		EditorSupport.document(editor).replace(TEXT.indexOf("    print PAGE_OFFSET"), 0, "    put_page(p)\n");
		String edited = EditorSupport.document(editor).get();
		assertEquals(HighlightingStyle.CONSTANT.defaultColour(), colour(edited.indexOf("PAGE_OFFSET")), "moved with the edit");
		assertTrue(Ui.waitFor(() -> HighlightingStyle.REFCOUNT.defaultColour().equals(colour(edited.indexOf("put_page"))),
				EditorSupport.TIMEOUT), "the typed put_page is not coloured: " + colour(edited.indexOf("put_page")));
		Ui.settle(Duration.ofMillis(500));
		Ui.screenshot(Ui.window().getShell(), "editor-semantic.png");
	}

	@Test
	void theColourPreferenceRecoloursTheOpenEditor() {
		int p = HoverSample.VARIABLE_USE;
		RGB chosen = new RGB(0xFF, 0x00, 0x80);
		assertNotEquals(chosen, HighlightingStyle.VARIABLE.defaultColour());
		PreferenceConverter.setValue(store, HighlightingStyle.VARIABLE.colourKey(), chosen);
		assertTrue(Ui.waitFor(() -> chosen.equals(colour(p)), EditorSupport.TIMEOUT),
				"the variable did not take the preferred colour: " + colour(p));
		store.setToDefault(HighlightingStyle.VARIABLE.colourKey());
		assertTrue(Ui.waitFor(() -> HighlightingStyle.VARIABLE.defaultColour().equals(colour(p)), EditorSupport.TIMEOUT));
	}

	private StyleRange style(int offset) {
		StyleRange[] ranges = widget.getStyleRanges(offset, 1);
		return ranges.length == 0 ? new StyleRange() : ranges[0];
	}

	private RGB colour(int offset) {
		StyleRange range = style(offset);
		return range.foreground == null ? null : range.foreground.getRGB();
	}
}
