package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import io.kmemlab.debug.ui.tests.Ui;

/** Opening, reading and closing .kmem editors in the running workbench. */
final class EditorSupport {

	static final Duration TIMEOUT = Duration.ofSeconds(30);
	static final String PROJECT = "kmem-editor-services";
	private static final String TASKS_VIEW_ID = "org.eclipse.ui.views.TaskList";

	private EditorSupport() {
	}

	/** A large window without the welcome page, the Problems view instead of Tasks. */
	static void prepareWorkbench() throws PartInitException {
		Shell shell = Ui.window().getShell();
		shell.setBounds(0, 0, 1400, 900);
		PlatformUI.getWorkbench().getIntroManager().closeIntro(PlatformUI.getWorkbench().getIntroManager().getIntro());
		IWorkbenchPage page = Ui.page();
		IViewPart tasks = page.findView(TASKS_VIEW_ID);
		if (tasks != null) {
			page.hideView(tasks);
		}
		page.showView(IPageLayout.ID_PROBLEM_VIEW);
	}

	static ITextEditor open(String fileName, String text) throws CoreException {
		return open(Ui.file(PROJECT, fileName, text));
	}

	static ITextEditor open(IFile file) throws CoreException {
		IEditorPart part = IDE.openEditor(Ui.page(), file, true);
		assertTrue(part instanceof ITextEditor, "not a text editor: " + part);
		Ui.settle(Duration.ofMillis(200));
		return (ITextEditor) part;
	}

	static IDocument document(ITextEditor editor) {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	static ISourceViewer viewer(ITextEditor editor) {
		return (ISourceViewer) editor.getAdapter(ITextOperationTarget.class);
	}

	static IFile file(ITextEditor editor) {
		return editor.getEditorInput().getAdapter(IFile.class);
	}

	/** Files made for one test go away with their markers, so later screenshots show none. */
	static void closeAndDelete(ITextEditor editor) throws CoreException {
		IFile file = file(editor);
		editor.close(false);
		if (file != null && file.exists()) {
			file.delete(true, null);
		}
	}

	/** The offset of the n-th (0-based) occurrence of what in text; fails if there is none. */
	static int offsetOf(String text, String what, int n) {
		int at = -1;
		for (int i = 0; i <= n; i++) {
			at = text.indexOf(what, at + 1);
			assertTrue(at >= 0, "'" + what + "' (occurrence " + n + ") is not in the text");
		}
		return at;
	}

	static int offsetOf(String text, String what) {
		return offsetOf(text, what, 0);
	}
}
