package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.lang.ide.highlighting.KmemStyle;
import io.kmemlab.ui.KmemUi;
import io.kmemlab.ui.highlighting.SemanticColors;

/** Names coloured by meaning, with colour preferences; hovers for variables, machines and constants. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorHighlightingAndHoverTest {

	static final String TEXT = """
			machine pc {
			    arch x86_64
			    paging 4-level
			    kaslr off
			    ram 0x0 .. 0x3fffffff
			    ram 0x100000000 .. 0x13fffffff
			    config { HIGHMEM off }
			}
			// the variable p is named in this comment
			scenario "s" on pc {
			    let p = alloc_pages(GFP_KERNEL, 0)
			    let v = page_address(p)
			    let e = pte_offset_kernel(pmd_offset(pud_offset(p4d_offset(pgd_offset_k(v), v), v), v), v)
			    get_page(p)
			    print PAGE_OFFSET
			    print zone(Normal)
			}
			""";

	private ITextEditor editor;
	private StyledText widget;

	@BeforeAll
	void open() throws Exception {
		EditorSupport.prepareWorkbench();
		editor = EditorSupport.open("highlighting.kmem", TEXT);
		widget = EditorSupport.viewer(editor).getTextWidget();
		int p = TEXT.indexOf("page_address(p)") + "page_address(".length();
		assertTrue(Workbench.waitUntil(() -> colour(p) != null && colour(p).equals(SemanticColors.defaultOf(KmemStyle.VARIABLE)),
				EditorSupport.TIMEOUT), "semantic highlighting never coloured the variable p: " + colour(p));
	}

	@AfterAll
	void close() throws Exception {
		SemanticColors.preferences().remove(SemanticColors.key(KmemStyle.VARIABLE));
		EditorSupport.closeAndDelete(editor);
	}

	@Test
	void namesAreColouredByWhatTheyMean() throws Exception {
		assertEquals(SemanticColors.defaultOf(KmemStyle.MACHINE), colour(TEXT.indexOf("on pc") + 3), "machine reference");
		assertEquals(SemanticColors.defaultOf(KmemStyle.ALLOCATION), colour(TEXT.indexOf("alloc_pages")));
		assertEquals(SemanticColors.defaultOf(KmemStyle.TRANSLATION), colour(TEXT.indexOf("page_address")));
		assertEquals(SemanticColors.defaultOf(KmemStyle.PAGE_WALK), colour(TEXT.indexOf("pte_offset_kernel")));
		assertEquals(SemanticColors.defaultOf(KmemStyle.REFCOUNT), colour(TEXT.indexOf("get_page")));
		assertEquals(SemanticColors.defaultOf(KmemStyle.CONSTANT), colour(TEXT.indexOf("PAGE_OFFSET")));
		assertEquals(SemanticColors.defaultOf(KmemStyle.ZONE), colour(TEXT.indexOf("Normal")));
		assertEquals(SemanticColors.defaultOf(KmemStyle.CONFIG_OPTION), colour(TEXT.indexOf("HIGHMEM")));
		assertEquals(5, Set.of(colour(TEXT.indexOf("alloc_pages")), colour(TEXT.indexOf("page_address")),
				colour(TEXT.indexOf("pte_offset_kernel")), colour(TEXT.indexOf("get_page")), colour(TEXT.indexOf("page_address(p)") + 13))
				.size(), "families and variables have colours of their own");
		assertNotEquals(SemanticColors.defaultOf(KmemStyle.VARIABLE), colour(TEXT.indexOf("variable p is") + 9),
				"the p in the comment is not the variable");
		Workbench.settle(Duration.ofMillis(500));
		Workbench.screenshot(Workbench.window().getShell(), "editor-highlighting.png");
	}

	@Test
	void aColourPreferenceRecoloursTheEditor() {
		int p = TEXT.indexOf("page_address(p)") + "page_address(".length();
		RGB chosen = new RGB(0xFF, 0x00, 0x80);
		SemanticColors.preferences().put(SemanticColors.key(KmemStyle.VARIABLE), SemanticColors.format(chosen));
		assertTrue(Workbench.waitUntil(() -> chosen.equals(colour(p)), EditorSupport.TIMEOUT),
				"the variable did not take the preferred colour: " + colour(p));
		SemanticColors.preferences().remove(SemanticColors.key(KmemStyle.VARIABLE));
		assertTrue(Workbench.waitUntil(() -> SemanticColors.defaultOf(KmemStyle.VARIABLE).equals(colour(p)), EditorSupport.TIMEOUT));
	}

	@Test
	void hoversDescribeVariablesMachinesAndConstantsOnTheMachine() throws Exception {
		String variable = hover(TEXT.indexOf("page_address(p)") + "page_address(".length());
		assertTrue(variable.startsWith("let p: struct page *"), variable);
		assertTrue(variable.contains("alloc_pages(GFP_KERNEL, 0)") && variable.contains("line 11"), variable);

		String machine = hover(TEXT.indexOf("on pc") + 3);
		// 0x0 .. 0x3fffffff is 1 GiB and 0x100000000 .. 0x13fffffff another: 2 GiB in 2 ranges.
		assertTrue(machine.startsWith("machine pc: x86_64") && machine.contains("RAM: 2 GiB in 2 ranges"), machine);
		assertTrue(machine.contains("zones: DMA, DMA32, Normal, Movable"), machine);

		// x86_64 with 4-level paging and without KASLR maps all RAM at __PAGE_OFFSET_BASE_L4
		// (arch/x86/include/asm/page_64_types.h, Linux 6.12: 0xffff888000000000).
		String constant = hover(TEXT.indexOf("PAGE_OFFSET"));
		assertTrue(constant.startsWith("PAGE_OFFSET = 0xffff888000000000 on machine pc"), constant);
		Workbench.screenshot(Workbench.window().getShell(), "editor-hover.png");
	}

	private String hover(int offset) throws CoreException {
		ITextViewer viewer = EditorSupport.viewer(editor);
		ITextHover hover = null;
		for (IConfigurationElement element : Platform.getExtensionRegistry()
				.getConfigurationElementsFor("org.eclipse.ui.genericeditor.hoverProviders")) {
			if (KmemUi.CONTENT_TYPE_ID.equals(element.getAttribute("contentType"))) {
				hover = (ITextHover) element.createExecutableExtension("class");
			}
		}
		assertNotNull(hover);
		IRegion region = hover.getHoverRegion(viewer, offset);
		String info = hover.getHoverInfo(viewer, region);
		assertNotNull(info, "no hover at " + offset);
		return info;
	}

	private RGB colour(int offset) {
		StyleRange[] ranges = widget.getStyleRanges(offset, 1);
		return ranges.length == 0 || ranges[0].foreground == null ? null : ranges[0].foreground.getRGB();
	}
}
