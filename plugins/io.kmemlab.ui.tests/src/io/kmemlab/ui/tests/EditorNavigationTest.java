package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.navigation.KmemHyperlinkDetector;
import io.kmemlab.ui.navigation.OccurrencesReconciler;
import io.kmemlab.debug.ui.tests.Ui;

/** F3/Ctrl+click to declarations (also in imported files) and mark occurrences by meaning. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorNavigationTest {

	static final String MACHINES = """
			machine pc {
			    arch x86_64
			    ram 0x0 .. 0xbfffffff
			    zones {
			        DMA until 16M
			        Normal rest
			    }
			}
			""";

	static final String SCENARIO = """
			import "nav-machines.kmem"

			// p is mentioned in this comment, which must not be marked
			scenario "navigation" on pc {
			    let p = alloc_pages(GFP_KERNEL, 0)
			    print page_to_pfn(p)
			    if page_count(p) > 0 {
			        let q = p
			        print q
			    }
			    repeat 2 {
			        let q = 1
			        print q
			    }
			    process app {
			        let u = mmap(4K, PROT_READ)
			    }
			    show vmas app
			    print zone(Normal)
			    __free_pages(p, 0)
			}
			""";

	private IFile machinesFile;
	private ITextEditor editor;

	@BeforeAll
	void open() throws Exception {
		EditorSupport.prepareWorkbench();
		machinesFile = Ui.file(EditorSupport.PROJECT, "nav-machines.kmem", MACHINES);
		editor = EditorSupport.open("nav-scenario.kmem", SCENARIO);
	}

	@AfterEach
	void backToTheScenario() {
		for (var ref : Ui.page().getEditorReferences()) {
			IEditorPart part = ref.getEditor(false);
			if (part != null && part != editor) {
				Ui.page().closeEditor(part, false);
			}
		}
		Ui.page().activate(editor);
	}

	@AfterAll
	void close() throws Exception {
		EditorSupport.closeAndDelete(editor);
		machinesFile.delete(true, null);
	}

	@Test
	void aVariableLinksToItsLet() {
		IHyperlink link = linkAt(EditorSupport.offsetOf(SCENARIO, "p)", 0));
		assertNotNull(link, "no hyperlink on the variable p");
		assertEquals(new Region(EditorSupport.offsetOf(SCENARIO, "p)", 0), 1), link.getHyperlinkRegion());
		link.open();
		assertSelected(editor, EditorSupport.offsetOf(SCENARIO, "p = alloc_pages"), "p");
	}

	@Test
	void aVariableLinksToTheLetOfItsOwnBlock() {
		// The q printed in the repeat block is the repeat's let, not the if block's.
		int printQ = EditorSupport.offsetOf(SCENARIO, "print q", 1) + "print ".length();
		linkAt(printQ).open();
		assertSelected(editor, EditorSupport.offsetOf(SCENARIO, "q = 1"), "q");
	}

	@Test
	void aProcessNameLinksToItsBlockAndZonesToTheirDeclaration() throws Exception {
		linkAt(EditorSupport.offsetOf(SCENARIO, "vmas app") + "vmas ".length()).open();
		assertSelected(editor, EditorSupport.offsetOf(SCENARIO, "app {"), "app");

		IHyperlink zone = linkAt(EditorSupport.offsetOf(SCENARIO, "Normal)"));
		assertNotNull(zone, "no hyperlink on the zone Normal");
		zone.open();
		ITextEditor machines = activeEditor();
		assertEquals(machinesFile, EditorSupport.file(machines));
		assertSelected(machines, EditorSupport.offsetOf(MACHINES, "Normal rest"), "Normal");
	}

	@Test
	void aMachineLinksIntoTheImportedFileAndTheImportOpensIt() throws Exception {
		IHyperlink machine = linkAt(EditorSupport.offsetOf(SCENARIO, "on pc") + "on ".length());
		assertNotNull(machine, "no hyperlink on the machine name");
		machine.open();
		ITextEditor opened = activeEditor();
		assertEquals(machinesFile, EditorSupport.file(opened), "F3 on the machine opened " + opened.getTitle());
		assertSelected(opened, EditorSupport.offsetOf(MACHINES, "pc"), "pc");
		Ui.settle(Duration.ofSeconds(1));
		Ui.screenshot(Ui.window().getShell(), "editor-hyperlink.png");
		backToTheScenario();

		IHyperlink imported = linkAt(EditorSupport.offsetOf(SCENARIO, "nav-machines"));
		assertNotNull(imported, "no hyperlink on the import");
		imported.open();
		assertEquals(machinesFile, EditorSupport.file(activeEditor()));
	}

	@Test
	void kernelNamesKeywordsAndDeclarationsHaveNoLink() {
		assertNull(linkAt(EditorSupport.offsetOf(SCENARIO, "alloc_pages")), "kernel functions are declared nowhere");
		assertNull(linkAt(EditorSupport.offsetOf(SCENARIO, "repeat")), "a keyword");
		assertNull(linkAt(EditorSupport.offsetOf(SCENARIO, "p = alloc")), "the declaration itself");
		assertNull(linkAt(EditorSupport.offsetOf(SCENARIO, "p is mentioned")), "a word in a comment");
	}

	@Test
	void markOccurrencesFollowsMeaningNotWords() throws Exception {
		editor.setFocus();
		editor.selectAndReveal(EditorSupport.offsetOf(SCENARIO, "p = alloc_pages"), 0);
		List<Integer> expected = List.of(EditorSupport.offsetOf(SCENARIO, "p = alloc_pages"),
				EditorSupport.offsetOf(SCENARIO, "p)", 0), EditorSupport.offsetOf(SCENARIO, "p)", 1),
				EditorSupport.offsetOf(SCENARIO, "p\n        print q"), EditorSupport.offsetOf(SCENARIO, "p, 0)"));
		assertTrue(Ui.waitFor(() -> occurrences().equals(expected), EditorSupport.TIMEOUT),
				"occurrences of p: " + occurrences() + ", expected " + expected);
		Ui.settle(Duration.ofMillis(500));
		Ui.screenshot(Ui.window().getShell(), "editor-occurrences.png");

		// The if block's q and the repeat block's q are different variables.
		editor.selectAndReveal(EditorSupport.offsetOf(SCENARIO, "q = 1"), 0);
		List<Integer> repeatQ = List.of(EditorSupport.offsetOf(SCENARIO, "q = 1"),
				EditorSupport.offsetOf(SCENARIO, "print q", 1) + "print ".length());
		assertTrue(Ui.waitFor(() -> occurrences().equals(repeatQ), EditorSupport.TIMEOUT),
				"occurrences of the repeat's q: " + occurrences());

		editor.selectAndReveal(EditorSupport.offsetOf(SCENARIO, "repeat"), 0);
		assertTrue(Ui.waitFor(() -> occurrences().isEmpty(), EditorSupport.TIMEOUT),
				"a keyword marks nothing: " + occurrences());
	}

	private IHyperlink linkAt(int offset) {
		IHyperlinkDetector detector = KmemInjector.get().getInstance(KmemHyperlinkDetector.class);
		((KmemHyperlinkDetector) detector).setContext(editor);
		IHyperlink[] links = detector.detectHyperlinks(EditorSupport.viewer(editor), new Region(offset, 0), false);
		return links == null ? null : links[0];
	}

	private List<Integer> occurrences() {
		IAnnotationModel model = EditorSupport.viewer(editor).getAnnotationModel();
		List<Integer> offsets = new ArrayList<>();
		Iterator<Annotation> annotations = model.getAnnotationIterator();
		while (annotations.hasNext()) {
			Annotation a = annotations.next();
			if (OccurrencesReconciler.ANNOTATION_TYPE.equals(a.getType())) {
				Position p = model.getPosition(a);
				offsets.add(p.getOffset());
			}
		}
		offsets.sort(Comparator.naturalOrder());
		return offsets;
	}

	private static ITextEditor activeEditor() {
		IEditorPart part = Ui.page().getActiveEditor();
		assertTrue(part instanceof ITextEditor, "active editor " + part);
		return (ITextEditor) part;
	}

	private static void assertSelected(ITextEditor in, int offset, String text) {
		ITextSelection selection = (ITextSelection) in.getSelectionProvider().getSelection();
		assertEquals(offset, selection.getOffset(), "selection " + selection.getText());
		assertEquals(text, selection.getText());
	}

	@SuppressWarnings("unused")
	private static IRegion region(int offset, int length) {
		return new Region(offset, length);
	}
}
