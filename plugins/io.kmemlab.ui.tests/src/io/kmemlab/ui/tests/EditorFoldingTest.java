package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.ui.editor.KmemFoldingReconciler;
import io.kmemlab.debug.ui.tests.Ui;

/** Folding by meaning that follows edits; '}' outdents and a new line in a block indents. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorFoldingTest {

	private static final String TEXT = """
			machine m {
			    arch x86_64
			    ram 0x0 size 1G
			}
			/* A comment block
			   of two lines. */
			scenario "s" on m {
			    let k = kmalloc(64, GFP_KERNEL)
			    process app {
			        let u = mmap(4K, PROT_READ)
			        write8(u, 1)
			    }
			    print k
			}
			""";

	private ITextEditor editor;

	@BeforeAll
	void workbench() throws Exception {
		EditorSupport.prepareWorkbench();
	}

	@AfterEach
	void close() throws Exception {
		if (editor != null) {
			EditorSupport.closeAndDelete(editor);
		}
	}

	@Test
	void machinesScenariosBlocksAndCommentsFoldAndFollowEdits() throws Exception {
		editor = EditorSupport.open("folding.kmem", TEXT);
		ProjectionViewer viewer = (ProjectionViewer) EditorSupport.viewer(editor);
		List<Position> expected = List.of(lines(TEXT, 0, 3), lines(TEXT, 4, 5), lines(TEXT, 6, 13), lines(TEXT, 8, 11));
		assertTrue(Ui.waitFor(() -> KmemFoldingReconciler.foldingPositions(viewer).equals(expected), EditorSupport.TIMEOUT),
				"folding ranges " + KmemFoldingReconciler.foldingPositions(viewer) + ", expected " + expected);

		// Three lines typed above: the ranges move with the text at once and are the same ranges after recomputing.
		IDocument document = EditorSupport.document(editor);
		document.replace(0, 0, "// a\n// b\n\n");
		String shifted = document.get();
		List<Position> moved = List.of(lines(shifted, 3, 6), lines(shifted, 7, 8), lines(shifted, 9, 16), lines(shifted, 11, 14));
		assertEquals(moved, KmemFoldingReconciler.foldingPositions(viewer), "positions drifted with the edit");
		Ui.settle(Duration.ofSeconds(1));
		assertEquals(moved, KmemFoldingReconciler.foldingPositions(viewer), "positions after recomputing");

		// Fold the process block alone, as a click on its ruler sign does: its body is hidden, the
		// scenario's other lines stay.
		ProjectionAnnotationModel model = viewer.getProjectionAnnotationModel();
		Annotation process = null;
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation a = it.next();
			if (moved.get(3).equals(model.getPosition(a))) {
				process = a;
			}
		}
		assertNotNull(process, "no fold for the process block");
		model.collapse(process);
		Ui.settle(Duration.ofMillis(500));
		String shown = viewer.getTextWidget().getText();
		assertTrue(shown.contains("process app {") && !shown.contains("write8") && shown.contains("print k"),
				"after folding the process block the editor shows:\n" + shown);
		Ui.screenshot(Ui.window().getShell(), "editor-folding.png");
	}

	@Test
	void aNewLineInABlockIndentsAndAClosingBraceOutdents() throws Exception {
		String text = "scenario \"s\" on m {\n    process app {\n        let u = 1\n}\n";
		editor = EditorSupport.open("autoedit.kmem", text);
		StyledText widget = EditorSupport.viewer(editor).getTextWidget();
		IDocument document = EditorSupport.document(editor);

		widget.setCaretOffset(text.indexOf("let u = 1") + "let u = 1".length());
		widget.insert("\n");
		assertEquals("scenario \"s\" on m {\n    process app {\n        let u = 1\n        \n}\n", document.get(),
				"a new line keeps the block's indentation");
		widget.setCaretOffset(document.get().indexOf("        \n}") + 8);
		widget.insert("}");
		assertEquals("scenario \"s\" on m {\n    process app {\n        let u = 1\n    }\n}\n", document.get(),
				"'}' moves back to the indentation of 'process app {'");

		widget.setCaretOffset(document.get().indexOf("process app {") + "process app {".length());
		widget.insert("\n");
		assertTrue(document.get().contains("    process app {\n        \n        let u = 1"), "after '{' one level more:\n" + document.get());
	}

	/** The whole lines first .. last (0-based) of the text, with the last line's break. */
	private static Position lines(String text, int first, int last) {
		String[] all = text.split("\n", -1);
		int start = 0;
		for (int i = 0; i < first; i++) {
			start += all[i].length() + 1;
		}
		int end = start;
		for (int i = first; i <= last; i++) {
			end += all[i].length() + 1;
		}
		return new Position(start, end - start);
	}
}
