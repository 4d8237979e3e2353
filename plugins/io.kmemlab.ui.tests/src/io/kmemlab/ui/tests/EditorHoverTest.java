package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IInformationControl;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextHoverExtension;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.ui.KmemUi;
import io.kmemlab.debug.ui.tests.Ui;

/** Hovers: a variable with its kind and declaration, a machine's summary, a constant's value on the scenario's machine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorHoverTest {

	private static final String TEXT = HoverSample.TEXT;

	private ITextEditor editor;

	@BeforeAll
	void open() throws Exception {
		EditorSupport.prepareWorkbench();
		editor = EditorSupport.open("hover.kmem", TEXT);
	}

	@AfterAll
	void close() throws Exception {
		EditorSupport.closeAndDelete(editor);
	}

	@Test
	void aVariableShowsItsKindAndDeclaration() throws Exception {
		String variable = hover(HoverSample.VARIABLE_USE);
		// alloc_pages returns struct page * (include/linux/gfp.h); the let is on line 11.
		assertTrue(variable.startsWith("let p: struct page *"), variable);
		assertTrue(variable.contains("alloc_pages(GFP_KERNEL, 0)") && variable.contains("line 11"), variable);
		String address = hover(TEXT.indexOf("pgd_offset_k(v)") + "pgd_offset_k(".length());
		// page_address returns void * (include/linux/mm.h): a kernel virtual address.
		assertTrue(address.startsWith("let v: "), address);
		showAndTakeScreenshot(HoverSample.VARIABLE_USE, variable, "editor-hover-variable.png");
	}

	@Test
	void aMachineShowsItsRamAndZones() throws Exception {
		String machine = hover(TEXT.indexOf("on pc") + 3);
		// 0x0 .. 0x3fffffff is 1 GiB and 0x100000000 .. 0x13fffffff another: 2 GiB in 2 ranges.
		assertTrue(machine.startsWith("machine pc: x86_64") && machine.contains("RAM: 2 GiB in 2 ranges"), machine);
		assertTrue(machine.contains("zones: DMA, DMA32, Normal, Movable"), machine);
		showAndTakeScreenshot(TEXT.indexOf("on pc") + 3, machine, "editor-hover-machine.png");
	}

	@Test
	void aConstantShowsItsValueOnTheScenariosMachine() throws Exception {
		// x86_64 with 4-level paging and without KASLR maps all RAM at __PAGE_OFFSET_BASE_L4
		// (arch/x86/include/asm/page_64_types.h, Linux 6.12: 0xffff888000000000).
		String constant = hover(TEXT.indexOf("PAGE_OFFSET"));
		assertTrue(constant.startsWith("PAGE_OFFSET = 0xffff888000000000 on machine pc"), constant);
		showAndTakeScreenshot(TEXT.indexOf("PAGE_OFFSET"), constant, "editor-hover.png");
	}

	private static ITextHover hover() throws CoreException {
		ITextHover hover = null;
		for (IConfigurationElement element : Platform.getExtensionRegistry()
				.getConfigurationElementsFor("org.eclipse.ui.genericeditor.hoverProviders")) {
			// By id: the debugger adds its own hover for the same content type (values while
			// suspended, nothing otherwise), and the registry's order of the two is not fixed.
			if (KmemUi.CONTENT_TYPE_ID.equals(element.getAttribute("contentType"))
					&& "io.kmemlab.ui.kernelNameHover".equals(element.getAttribute("id"))) {
				hover = (ITextHover) element.createExecutableExtension("class");
			}
		}
		assertNotNull(hover);
		return hover;
	}

	private String hover(int offset) throws CoreException {
		ITextViewer viewer = EditorSupport.viewer(editor);
		ITextHover hover = hover();
		IRegion region = hover.getHoverRegion(viewer, offset);
		String info = hover.getHoverInfo(viewer, region);
		assertNotNull(info, "no hover at " + offset);
		return info;
	}

	/**
	 * The text in the hover's own control, below the word, as the mouse would show it (a hover
	 * needs a real mouse, which the test has not).
	 */
	private void showAndTakeScreenshot(int offset, String text, String name) throws Exception {
		StyledText widget = EditorSupport.viewer(editor).getTextWidget();
		Rectangle word = widget.getTextBounds(offset, offset);
		Point below = widget.toDisplay(word.x, word.y + word.height + 4);
		IInformationControl control = ((ITextHoverExtension) hover()).getHoverControlCreator()
				.createInformationControl(widget.getShell());
		try {
			control.setInformation(text);
			Point size = control.computeSizeHint();
			Rectangle shell = Ui.window().getShell().getBounds();
			control.setSize(size.x, size.y);
			// Inside the window, as the hover manager places it.
			control.setLocation(new Point(Math.max(shell.x, Math.min(below.x, shell.x + shell.width - size.x)), below.y));
			control.setVisible(true);
			Ui.settle(Duration.ofMillis(500));
			Ui.screenshot(Ui.window().getShell(), name);
		} finally {
			control.dispose();
		}
	}
}
