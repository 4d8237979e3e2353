package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.bindings.keys.KeySequence;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.link.LinkedModeModel;
import org.eclipse.search.ui.ISearchResult;
import org.eclipse.search.ui.NewSearchUI;
import org.eclipse.search.ui.text.AbstractTextSearchResult;
import org.eclipse.search.ui.text.AbstractTextSearchViewPage;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.keys.IBindingService;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.lang.ide.navigation.KmemReferences;
import io.kmemlab.ui.edit.RenameHandler;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.internal.WorkspaceKmemFiles;
import io.kmemlab.ui.quickfix.FileTexts;
import io.kmemlab.ui.search.KmemSearchResult;
import io.kmemlab.debug.ui.tests.Ui;

/** Format (Ctrl+Shift+F), Toggle Comment (Ctrl+/), Rename (Alt+Shift+R) and Find References (Ctrl+Shift+G). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorEditingTest {

	private static final String FORMAT = "io.kmemlab.ui.commands.format";
	private static final String TOGGLE_COMMENT = "io.kmemlab.ui.commands.toggleComment";
	private static final String RENAME = "io.kmemlab.ui.commands.rename";
	private static final String FIND_REFERENCES = "org.eclipse.ui.genericeditor.findReferences";

	@BeforeAll
	void workbench() throws Exception {
		EditorSupport.prepareWorkbench();
	}

	@Test
	void theCommandsHaveTheirUsualKeysInTheKmemEditor() throws Exception {
		ITextEditor editor = EditorSupport.open("keys.kmem", "machine m {\n    arch x86_64\n}\n");
		try {
			IBindingService bindings = Ui.window().getService(IBindingService.class);
			assertBound(bindings, FORMAT, "M1+M2+F");
			assertBound(bindings, TOGGLE_COMMENT, "M1+/");
			assertBound(bindings, RENAME, "M2+M3+R");
			assertBound(bindings, FIND_REFERENCES, "M1+M2+G");
			// And no other command of the editor's contexts takes the same keys.
			assertEquals(FORMAT, bindings.getPerfectMatch(KeySequence.getInstance("M1+M2+F")).getParameterizedCommand().getId());
			assertEquals(RENAME, bindings.getPerfectMatch(KeySequence.getInstance("M2+M3+R")).getParameterizedCommand().getId());
		} finally {
			EditorSupport.closeAndDelete(editor);
		}
	}

	@Test
	void formatLaysOutTheFileAndLeavesABrokenOneAlone() throws Exception {
		String messy = "machine   m{arch x86_64\nram 0x0 size 1G}\nscenario \"s\" on m{let k=kmalloc(64,GFP_KERNEL)\n"
				+ "      print   k\nprocess app { let u = mmap(4K,PROT_READ) }}\n";
		ITextEditor editor = EditorSupport.open("format.kmem", messy);
		try {
			execute(FORMAT);
			assertEquals("""
					machine m {
					    arch x86_64
					    ram 0x0 size 1G
					}

					scenario "s" on m {
					    let k = kmalloc(64, GFP_KERNEL)
					    print k
					    process app {
					        let u = mmap(4K, PROT_READ)
					    }
					}
					""", EditorSupport.document(editor).get());
			Ui.settle(Duration.ofMillis(500));
			Ui.screenshot(Ui.window().getShell(), "editor-format.png");

			String broken = "machine m{arch x86_64\nscenario \"s\" on m {\n";
			EditorSupport.document(editor).set(broken);
			execute(FORMAT);
			assertEquals(broken, EditorSupport.document(editor).get(), "a text with syntax errors is not formatted");
		} finally {
			EditorSupport.closeAndDelete(editor);
		}
	}

	@Test
	void toggleCommentCommentsAndUncommentsTheSelectedLines() throws Exception {
		String text = "scenario \"s\" on m {\n    let k = 1\n        print k\n}\n";
		ITextEditor editor = EditorSupport.open("comment.kmem", text);
		try {
			int start = text.indexOf("    let");
			editor.selectAndReveal(start, text.indexOf("}") - start);
			execute(TOGGLE_COMMENT);
			assertEquals("scenario \"s\" on m {\n    // let k = 1\n    //     print k\n}\n", EditorSupport.document(editor).get());
			execute(TOGGLE_COMMENT);
			assertEquals(text, EditorSupport.document(editor).get());
		} finally {
			EditorSupport.closeAndDelete(editor);
		}
	}

	@Test
	void renameOfAVariableEditsAllItsUsesInLinkedMode() throws Exception {
		String text = EditorNavigationTest.MACHINES + "scenario \"s\" on pc {\n    let k = kmalloc(64, GFP_KERNEL)\n"
				+ "    // k in a comment stays\n    print k\n    repeat 2 {\n        let k = 1\n        print k\n    }\n    kfree(k)\n}\n";
		ITextEditor editor = EditorSupport.open("rename.kmem", text);
		try {
			editor.selectAndReveal(text.indexOf("k = kmalloc"), 0);
			execute(RENAME);
			IDocument document = EditorSupport.document(editor);
			assertTrue(LinkedModeModel.hasInstalledModel(document), "rename did not enter linked mode");
			// Typing the new name over the declaration renames every use of that variable.
			document.replace(text.indexOf("k = kmalloc"), 1, "buf");
			Ui.settle(Duration.ofMillis(500));
			Ui.screenshot(Ui.window().getShell(), "editor-rename.png");
			String renamed = document.get();
			assertTrue(renamed.contains("let buf = kmalloc") && renamed.contains("    print buf\n    repeat")
					&& renamed.contains("kfree(buf)"), renamed);
			assertTrue(renamed.contains("// k in a comment stays") && renamed.contains("let k = 1\n        print k"),
					"the comment and the repeat block's own k are not renamed:\n" + renamed);
			LinkedModeModel.closeAllModels(document);
		} finally {
			EditorSupport.closeAndDelete(editor);
		}
	}

	@Test
	void renameOfAMachineReachesTheFilesThatImportIt() throws Exception {
		IFile machines = Ui.file(EditorSupport.PROJECT, "rn-machines.kmem", EditorNavigationTest.MACHINES);
		IFile user = Ui.file(EditorSupport.PROJECT, "rn-user.kmem",
				"import \"rn-machines.kmem\"\nscenario \"a\" on pc {\n}\nscenario \"b\" on pc {\n}\n");
		ITextEditor editor = EditorSupport.open(machines);
		try {
			String text = EditorSupport.document(editor).get();
			KmemReferences.Result found = KmemInjector.get().getInstance(KmemReferences.class)
					.find(WorkspaceKmemFiles.from(machines, text), text.indexOf("pc"));
			assertEquals(3, found.occurrences().size(), "the declaration and two scenarios: " + found.occurrences());
			RenameHandler.renameEverywhere(editor, found.occurrences(), "pc2");
			assertTrue(EditorSupport.document(editor).get().startsWith("machine pc2 {"));
			assertEquals("import \"rn-machines.kmem\"\nscenario \"a\" on pc2 {\n}\nscenario \"b\" on pc2 {\n}\n",
					FileTexts.read(user), "the importing file was renamed and saved");
		} finally {
			EditorSupport.closeAndDelete(editor);
			user.delete(true, null);
		}
	}

	@Test
	void findReferencesListsEveryUseInTheSearchView() throws Exception {
		IFile machines = Ui.file(EditorSupport.PROJECT, "fr-machines.kmem", EditorNavigationTest.MACHINES);
		IFile user = Ui.file(EditorSupport.PROJECT, "fr-user.kmem",
				"import \"fr-machines.kmem\"\nscenario \"a\" on pc {\n}\nscenario \"b\" on pc {\n    print zone(Normal)\n}\n");
		ITextEditor editor = EditorSupport.open(machines);
		try {
			editor.selectAndReveal(EditorNavigationTest.MACHINES.indexOf("pc"), 0);
			execute(FIND_REFERENCES);
			assertTrue(Ui.waitFor(() -> referencesFound() == 3, EditorSupport.TIMEOUT),
					"the Search view shows " + referencesFound() + " references of pc");
			Ui.settle(Duration.ofSeconds(1));
			Ui.screenshot(Ui.window().getShell(), "editor-references.png");

			// A zone: its declaration and the use in the other file, not the word in other places.
			editor.selectAndReveal(EditorNavigationTest.MACHINES.indexOf("Normal"), 0);
			execute(FIND_REFERENCES);
			assertTrue(Ui.waitFor(() -> referencesFound() == 2, EditorSupport.TIMEOUT),
					"references of the zone Normal: " + referencesFound());
		} finally {
			EditorSupport.closeAndDelete(editor);
			user.delete(true, null);
		}
	}

	private static void assertBound(IBindingService bindings, String command, String keys) throws Exception {
		KeySequence expected = KeySequence.getInstance(keys);
		assertTrue(Arrays.asList(bindings.getActiveBindingsFor(command)).contains(expected),
				command + " is bound to " + Arrays.toString(bindings.getActiveBindingsFor(command)) + ", not " + expected);
	}

	/** Matches of the Search view's current kmem result, or -1 while it shows none. */
	private static int referencesFound() {
		ISearchResult result = NewSearchUI.getSearchResultView() != null
				&& NewSearchUI.getSearchResultView().getActivePage() instanceof AbstractTextSearchViewPage page
						? page.getInput() : null;
		if (!(result instanceof KmemSearchResult) || NewSearchUI.isQueryRunning(result.getQuery())) {
			return -1;
		}
		return ((AbstractTextSearchResult) result).getMatchCount();
	}

	private static void execute(String command) throws Exception {
		Ui.window().getService(IHandlerService.class).executeCommand(command, null);
		Ui.settle(Duration.ofMillis(100));
	}

	@SuppressWarnings("unused")
	private static List<String> lines(String text) {
		return text.lines().toList();
	}
}
