package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.kmemlab.ui.KmemUi;
import io.kmemlab.ui.highlighting.KmemPalette;
import io.kmemlab.ui.highlighting.TokenCategory;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * Opens .kmem files in the running workbench and checks what the editor shows: which editor,
 * the colours of the text, the problem markers of validation, content assist. Ends with a
 * screenshot of the workbench (target/screenshots/editor.png).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KmemEditorTest {

	private static final String PROJECT = "kmem-editor-test";
	private static final String GENERIC_EDITOR_ID = "org.eclipse.ui.genericeditor.GenericEditor";
	private static final String TASKS_VIEW_ID = "org.eclipse.ui.views.TaskList";
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private IFile sampleFile;
	private ITextEditor sampleEditor;

	@BeforeAll
	void openSample() throws CoreException, PartInitException {
		Shell shell = Ui.window().getShell();
		// Large enough that the screenshot shows the whole scenario next to the explorer.
		shell.setBounds(0, 0, 1400, 900);
		PlatformUI.getWorkbench().getIntroManager().closeIntro(PlatformUI.getWorkbench().getIntroManager().getIntro());
		// The Problems view instead of Tasks, so the screenshots show validation results.
		IWorkbenchPage page = Ui.page();
		IViewPart tasks = page.findView(TASKS_VIEW_ID);
		if (tasks != null) {
			page.hideView(tasks);
		}
		page.showView(IPageLayout.ID_PROBLEM_VIEW);
		sampleFile = Ui.file(PROJECT, "pc24g.kmem", KmemSamples.MACHINE_AND_SCENARIO);
		sampleEditor = open(sampleFile);
	}

	@Test
	@Order(1)
	void kmemFilesOpenInTheGenericEditorThroughOurContentType() throws CoreException {
		assertEquals(KmemUi.CONTENT_TYPE_ID, sampleFile.getContentDescription().getContentType().getId());
		assertEquals(GENERIC_EDITOR_ID, sampleEditor.getSite().getId());
		assertEquals(KmemSamples.MACHINE_AND_SCENARIO, document(sampleEditor).get());
	}

	@Test
	@Order(2)
	void keywordsNumbersStringsCommentsAndKernelNamesAreColoured() {
		StyledText text = styledText(sampleEditor);
		String source = KmemSamples.MACHINE_AND_SCENARIO;
		int machine = source.indexOf("machine pc24g");
		assertTrue(Ui.waitFor(() -> styleAt(text, machine).foreground != null, TIMEOUT),
				"the editor never coloured the keyword 'machine'");

		KmemPalette palette = KmemInjector.get().getInstance(KmemPalette.class);
		assertColoured(text, machine, "machine", palette, TokenCategory.KEYWORD);
		assertColoured(text, source.indexOf("scenario \""), "scenario", palette, TokenCategory.KEYWORD);
		assertColoured(text, source.indexOf("let k"), "let", palette, TokenCategory.KEYWORD);
		assertColoured(text, source.indexOf("memory-model"), "memory-model", palette, TokenCategory.KEYWORD);
		assertColoured(text, source.indexOf("0x100000 "), "0x100000", palette, TokenCategory.NUMBER);
		assertColoured(text, source.indexOf("16M"), "16M", palette, TokenCategory.NUMBER);
		assertColoured(text, source.indexOf("\"vmalloc area ok\""), "\"vmalloc area ok\"", palette,
				TokenCategory.STRING);
		assertColoured(text, source.indexOf("// The RAM map"), "// The RAM map", palette, TokenCategory.COMMENT);
		assertColoured(text, source.indexOf("/* How to"), "/* How to", palette, TokenCategory.COMMENT);
		// a kernel function: the lexical colour of built-ins first, then semantic highlighting's colour of
		// its family (kmalloc allocates); wait for the second, which is what the user keeps seeing
		int kmalloc = source.indexOf("kmalloc(");
		RGB allocation = io.kmemlab.ui.preferences.HighlightingStyle.ALLOCATION.defaultColour();
		assertTrue(Ui.waitFor(() -> styleAt(text, kmalloc).foreground != null
				&& allocation.equals(styleAt(text, kmalloc).foreground.getRGB()), TIMEOUT),
				"semantic highlighting never gave kmalloc the allocation colour");
		assertColoured(text, source.indexOf("GFP_KERNEL"), "GFP_KERNEL", palette, TokenCategory.CONSTANT);

		RGB keyword = styleAt(text, machine).foreground.getRGB();
		RGB number = styleAt(text, source.indexOf("0x100000 ")).foreground.getRGB();
		RGB comment = styleAt(text, source.indexOf("// The RAM map")).foreground.getRGB();
		RGB builtin = styleAt(text, source.indexOf("kmalloc(")).foreground.getRGB();
		assertEquals(4, Set.of(keyword, number, comment, builtin).size(),
				"keyword, number, comment and kernel call colours must differ: " + keyword + number + comment + builtin);
		assertTrue((styleAt(text, machine).fontStyle & SWT.BOLD) != 0, "keywords are bold");
		assertTrue((styleAt(text, source.indexOf("// The RAM map")).fontStyle & SWT.ITALIC) != 0, "comments are italic");

		// A variable is coloured by meaning (semantic highlighting, computed after the text).
		int variable = source.indexOf("(k)") + 1;
		RGB variableColour = io.kmemlab.ui.preferences.HighlightingStyle.VARIABLE.defaultColour();
		assertTrue(Ui.waitFor(() -> styleAt(text, variable).foreground != null
				&& variableColour.equals(styleAt(text, variable).foreground.getRGB()), TIMEOUT), "the variable k is not coloured as a variable");
	}

	@Test
	@Order(3)
	void aBrokenFileGetsAProblemMarkerOnTheRightLineWhichGoesAwayWhenFixed() throws Exception {
		IFile broken = Ui.file(PROJECT, "broken.kmem", KmemSamples.BROKEN_ON_LINE_3);
		ITextEditor editor = open(broken);

		assertTrue(Ui.waitFor(() -> !errors(broken).isEmpty(), TIMEOUT),
				"validation made no error marker for a file with a syntax error");
		List<IMarker> errors = errors(broken);
		assertEquals(Set.of(3), errors.stream().map(m -> m.getAttribute(IMarker.LINE_NUMBER, -1)).collect(Collectors.toSet()),
				"errors: " + describe(errors));
		// The Problems view refreshes in a job; let it show the new marker.
		Ui.settle(Duration.ofSeconds(2));
		String message = errors.get(0).getAttribute(IMarker.MESSAGE, "");
		assertTrue(Ui.waitFor(() -> problemsViewShows(Ui.window().getShell(), message), TIMEOUT),
				"the Problems view does not show: " + message);
		screenshotOfTheProblemsView("editor-problem.png");
		Ui.page().activate(editor);

		// Editing the text in the editor revalidates it and replaces the markers.
		document(editor).set(KmemSamples.FIXED);
		assertTrue(Ui.waitFor(() -> errors(broken).isEmpty(), TIMEOUT),
				"the error marker stayed after the text was fixed: " + describe(errors(broken)));
		editor.doSave(null);
		closeAndDelete(editor);
	}

	@Test
	@Order(4)
	void theWellFormedSampleHasNoErrorMarkers() {
		// Validation ran when the sample was opened; give it time to finish before judging.
		Ui.settle(Duration.ofSeconds(2));
		assertTrue(errors(sampleFile).isEmpty(), "errors in the sample: " + describe(errors(sampleFile)));
	}

	@Test
	@Order(5)
	void contentAssistProposesTheMachinesAScenarioCanRunOn() throws Exception {
		ICompletionProposal[] proposals = proposalsAt("assist-machine.kmem", KmemSamples.ASSIST_MACHINE_REFERENCE);
		ICompletionProposal machine = Arrays.stream(proposals)
				.filter(p -> p.getDisplayString().startsWith("pc24g")).findFirst().orElse(null);
		assertNotNull(machine, "no proposal for machine pc24g among " + labels(proposals));
		closeAndDelete((ITextEditor) Ui.page().getActiveEditor());
	}

	@Test
	@Order(6)
	void contentAssistProposesStatementKeywordsInAScenarioAndInsertsThem() throws Exception {
		String file = "assist-statement.kmem";
		ICompletionProposal[] proposals = proposalsAt(file, KmemSamples.ASSIST_STATEMENT);
		List<String> labels = labels(proposals);
		assertTrue(labels.contains("let") && labels.contains("expect") && labels.contains("walk"),
				"statement keywords missing from " + labels);
		assertTrue(!labels.contains("machine") && !labels.contains("ram"), "machine syntax offered in a scenario: " + labels);

		ITextEditor editor = (ITextEditor) Ui.page().getActiveEditor();
		IDocument document = document(editor);
		ICompletionProposal let = Arrays.stream(proposals).filter(p -> p.getDisplayString().equals("let")).findFirst().get();
		let.apply(document);
		assertTrue(document.get().contains("    let\n"), "applying 'let' gave:\n" + document.get());
		closeAndDelete(editor);
	}

	@Test
	@Order(7)
	void contentAssistCompletesKernelFunctionsWithTheirSignature() throws Exception {
		ICompletionProposal[] proposals = proposalsAt("assist-kernel.kmem", KmemSamples.ASSIST_KERNEL_NAMES);
		ICompletionProposal kmalloc = Arrays.stream(proposals).filter(p -> p.getDisplayString().startsWith("kmalloc("))
				.findFirst().orElse(null);
		assertNotNull(kmalloc, "kmalloc not proposed after 'kma': " + labels(proposals));
		assertTrue(Arrays.stream(proposals).noneMatch(p -> p.getDisplayString().startsWith("vmalloc")),
				"proposals do not match the prefix: " + labels(proposals));

		ITextEditor editor = (ITextEditor) Ui.page().getActiveEditor();
		IDocument document = document(editor);
		int offset = KmemSamples.ASSIST_KERNEL_NAMES.indexOf(KmemSamples.ASSIST_CURSOR);
		// A call is inserted with its arguments as placeholders (a template, applied in the viewer).
		((org.eclipse.jface.text.contentassist.ICompletionProposalExtension2) kmalloc)
				.apply((ITextViewer) editor.getAdapter(ITextOperationTarget.class), '\0', 0, offset);
		assertTrue(document.get().contains("    let k = kmalloc(size, gfp)\n"), "applying kmalloc gave:\n" + document.get());
		closeAndDelete(editor);
	}

	@Test
	@Order(8)
	void contentAssistCompletesKernelConstants() throws Exception {
		ICompletionProposal[] proposals = proposalsAt("assist-constant.kmem", KmemSamples.ASSIST_KERNEL_CONSTANT);
		assertTrue(labels(proposals).stream().anyMatch(l -> l.startsWith("GFP_KERNEL")), "GFP_KERNEL not among " + labels(proposals));
		closeAndDelete((ITextEditor) Ui.page().getActiveEditor());
	}

	@Test
	@Order(9)
	void hoveringAKernelFunctionShowsItsPrototypeAndMeaning() throws CoreException {
		ITextViewer viewer = (ITextViewer) sampleEditor.getAdapter(ITextOperationTarget.class);
		ITextHover hover = (ITextHover) contributed("org.eclipse.ui.genericeditor.hoverProviders", "hoverProvider");
		int offset = KmemSamples.MACHINE_AND_SCENARIO.indexOf("kmalloc(") + 3;
		IRegion region = hover.getHoverRegion(viewer, offset);
		assertEquals("kmalloc", document(sampleEditor).get().substring(region.getOffset(), region.getOffset() + region.getLength()));
		String info = hover.getHoverInfo(viewer, region);
		assertNotNull(info, "no hover for kmalloc");
		assertTrue(info.contains("kmalloc(") && info.contains("slab"), info);

		IRegion variable = hover.getHoverRegion(viewer, KmemSamples.MACHINE_AND_SCENARIO.indexOf("(k)") + 1);
		String variableHover = hover.getHoverInfo(viewer, variable);
		assertTrue(variableHover != null && variableHover.startsWith("let k: virtual address"), "hover of k: " + variableHover);
	}

	@Test
	@Order(10)
	void ctrlSpaceInTheEditorOpensAPopupWithKernelFunctions() throws Exception {
		String textWithCursor = KmemSamples.ASSIST_KERNEL_NAMES;
		int offset = textWithCursor.indexOf(KmemSamples.ASSIST_CURSOR);
		ITextEditor editor = open(Ui.file(PROJECT, "assist-popup.kmem",
				textWithCursor.replace(KmemSamples.ASSIST_CURSOR, "")));
		editor.selectAndReveal(offset, 0);
		ITextOperationTarget target = editor.getAdapter(ITextOperationTarget.class);
		assertTrue(target.canDoOperation(ISourceViewer.CONTENTASSIST_PROPOSALS), "the editor has no content assist");

		// What Ctrl+Space does: the generic editor's assistant asks our processor and shows a popup.
		target.doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
		Shell workbench = Ui.window().getShell();
		// The assistant computes asynchronously: the popup says "Computing proposals" first.
		boolean shown = Ui.waitFor(
				() -> popupItems(workbench).stream().anyMatch(item -> item.startsWith("kmalloc(")), TIMEOUT);
		assertTrue(shown, "no kmalloc in the proposal popup; it shows " + popupItems(workbench));
		Ui.screenshot(workbench, "editor-assist.png");
		closeAndDelete(editor);
	}

	@Test
	@Order(11)
	void aSyntaxErrorSaysInPlainWordsWhatIsMissingAndTheFormExpected() throws Exception {
		IFile unnamed = Ui.file(PROJECT, "unnamed.kmem",
				"machine m {\n    arch x86_64\n    ram 0x0 size 1G\n}\nscenario on m {\n}\n");
		ITextEditor editor = open(unnamed);
		assertTrue(Ui.waitFor(() -> !errors(unnamed).isEmpty(), TIMEOUT), "no error marker for a scenario without a name");
		List<IMarker> errors = errors(unnamed);
		IMarker first = errors.get(0);
		String message = first.getAttribute(IMarker.MESSAGE, "");
		assertEquals("a scenario needs a name in quotes, not 'on': scenario \"name\" on MACHINE { \u2026 }", message,
				"errors: " + describe(errors));
		assertEquals(5, first.getAttribute(IMarker.LINE_NUMBER, -1), "the error is on the scenario's line");
		assertFalse(message.matches("(?s).*(RULE_|mismatched|extraneous|<EOF>|expecting).*"), "parser jargon: " + message);
		// The Problems view shows the message as the user reads it.
		Ui.page().showView(org.eclipse.ui.IPageLayout.ID_PROBLEM_VIEW);
		Ui.page().activate(editor);
		assertTrue(Ui.waitFor(() -> problemsViewShows(Ui.window().getShell(), message), TIMEOUT),
				"the Problems view does not show: " + message);
		Ui.settle(Duration.ofSeconds(1));
		screenshotOfTheProblemsView("editor-syntax-error.png");
		closeAndDelete(editor);
	}

	/**
	 * The Problems view maximised for the screenshot (in the kmemlab perspective it shares the
	 * bottom row with Console and Variables, too narrow to read a message), then restored.
	 */
	private static void screenshotOfTheProblemsView(String name) throws Exception {
		org.eclipse.ui.IWorkbenchPage page = Ui.page();
		org.eclipse.ui.IViewPart problems = page.showView(org.eclipse.ui.IPageLayout.ID_PROBLEM_VIEW);
		org.eclipse.ui.IWorkbenchPartReference ref = page.getReference(problems);
		page.setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
		try {
			Ui.settle(Duration.ofSeconds(1));
			widenTheDescriptions(Ui.window().getShell());
			Ui.settle(Duration.ofMillis(300));
			Ui.screenshot(Ui.window().getShell(), name);
		} finally {
			page.setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
			Ui.settle(Duration.ofMillis(300));
		}
	}

	/** The Description column as wide as its longest message, as a user would drag it. */
	private static void widenTheDescriptions(org.eclipse.swt.widgets.Composite root) {
		for (org.eclipse.swt.widgets.Control control : root.getChildren()) {
			if (control instanceof org.eclipse.swt.widgets.Tree tree && control.isVisible() && tree.getColumnCount() > 0
					&& "Description".equals(tree.getColumn(0).getText())) {
				tree.getColumn(0).pack();
			} else if (control instanceof org.eclipse.swt.widgets.Composite composite) {
				widenTheDescriptions(composite);
			}
		}
	}

	/** Opens the Problems view's "Errors" group and tells whether an entry reads the message. */
	private static boolean problemsViewShows(org.eclipse.swt.widgets.Composite root, String message) {
		for (org.eclipse.swt.widgets.Control control : root.getChildren()) {
			if (control instanceof org.eclipse.swt.widgets.Tree tree && control.isVisible()) {
				for (org.eclipse.swt.widgets.TreeItem group : tree.getItems()) {
					if (group.getText().startsWith("Errors (") && !group.getExpanded()) {
						Ui.expand(group);
					}
					for (org.eclipse.swt.widgets.TreeItem entry : group.getItems()) {
						if (message.equals(entry.getText())) {
							return true;
						}
					}
				}
			} else if (control instanceof org.eclipse.swt.widgets.Composite composite && problemsViewShows(composite, message)) {
				return true;
			}
		}
		return false;
	}

	@Test
	@Order(100)
	void screenshotOfTheColouredEditor() throws Exception {
		Ui.page().activate(sampleEditor);
		Shell shell = Ui.window().getShell();
		Ui.settle(Duration.ofSeconds(1));
		Path png = Ui.screenshot(shell, "editor.png");
		assertTrue(Files.size(png) > 10_000, "screenshot is suspiciously small: " + Files.size(png) + " bytes");
	}

	// ------------------------------------------------------------------ helpers

	private static ITextEditor open(IFile file) throws CoreException {
		IEditorPart part = IDE.openEditor(Ui.page(), file, true);
		assertTrue(part instanceof ITextEditor, "not a text editor: " + part);
		Ui.settle(Duration.ofMillis(200));
		return (ITextEditor) part;
	}

	/** Files made for one test go away with their markers, so the final screenshot shows none. */
	private static void closeAndDelete(ITextEditor editor) throws CoreException {
		IFile file = editor.getEditorInput().getAdapter(IFile.class);
		editor.close(false);
		if (file != null) {
			file.delete(true, null);
		}
	}

	private static IDocument document(ITextEditor editor) {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	private static StyledText styledText(ITextEditor editor) {
		Control control = editor.getAdapter(Control.class);
		assertTrue(control instanceof StyledText, "editor control is " + control);
		return (StyledText) control;
	}

	/** The style of one character (StyleRange with null colours where the text is plain). */
	private static StyleRange styleAt(StyledText text, int offset) {
		// getStyleRangeAtOffset answers for one character only; getStyleRanges is exact.
		StyleRange[] ranges = text.getStyleRanges(offset, 1);
		return ranges.length == 0 ? new StyleRange() : ranges[0];
	}

	private static void assertColoured(StyledText text, int offset, String what, KmemPalette palette,
			TokenCategory category) {
		assertTrue(offset >= 0, what + " is not in the sample");
		RGB expected = palette.attributeOf(category).getForeground().getRGB();
		// Every character of the token has the colour, not just the first.
		for (int i = 0; i < what.length(); i++) {
			StyleRange style = styleAt(text, offset + i);
			assertNotNull(style.foreground, what + ": character " + i + " is not coloured");
			assertEquals(expected, style.foreground.getRGB(), what + " (" + category + ") at character " + i);
		}
		StyleRange after = styleAt(text, offset + what.length());
		if (after.foreground != null && category != TokenCategory.COMMENT) {
			assertNotEquals(expected, after.foreground.getRGB(), what + ": colour runs past the token");
		}
	}

	private static List<IMarker> errors(IFile file) {
		try {
			return Arrays.stream(file.findMarkers(KmemUi.PROBLEM_MARKER_TYPE, false, IResource.DEPTH_ZERO))
					.filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR).toList();
		} catch (CoreException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String describe(List<IMarker> markers) {
		return markers.stream()
				.map(m -> "line " + m.getAttribute(IMarker.LINE_NUMBER, -1) + ": " + m.getAttribute(IMarker.MESSAGE, ""))
				.collect(Collectors.joining("; ", "[", "]"));
	}

	/** Opens the text in an editor and asks the content assist processor of plugin.xml at the cursor mark. */
	private static ICompletionProposal[] proposalsAt(String fileName, String textWithCursor) throws Exception {
		int offset = textWithCursor.indexOf(KmemSamples.ASSIST_CURSOR);
		String text = textWithCursor.replace(KmemSamples.ASSIST_CURSOR, "");
		ITextEditor editor = open(Ui.file(PROJECT, fileName, text));
		ITextViewer viewer = (ITextViewer) editor.getAdapter(ITextOperationTarget.class);
		return contributedProcessor().computeCompletionProposals(viewer, offset);
	}

	private static IContentAssistProcessor contributedProcessor() throws CoreException {
		return (IContentAssistProcessor) contributed("org.eclipse.ui.genericeditor.contentAssistProcessors",
				"contentAssistProcessor");
	}

	/** Creates our contribution to a generic editor extension point, as the editor does. */
	private static Object contributed(String extensionPoint, String elementName) throws CoreException {
		for (IConfigurationElement element : Platform.getExtensionRegistry().getConfigurationElementsFor(extensionPoint)) {
			if (elementName.equals(element.getName()) && KmemUi.CONTENT_TYPE_ID.equals(element.getAttribute("contentType"))) {
				return element.createExecutableExtension("class");
			}
		}
		throw new AssertionError("nothing contributed to " + extensionPoint + " for " + KmemUi.CONTENT_TYPE_ID);
	}

	/** The texts of the first non-empty table in a visible shell other than the workbench's. */
	private static List<String> popupItems(Shell workbench) {
		for (Shell shell : workbench.getDisplay().getShells()) {
			if (shell != workbench && shell.isVisible()) {
				List<String> items = tableItems(shell);
				if (!items.isEmpty()) {
					return items;
				}
			}
		}
		return List.of();
	}

	private static List<String> tableItems(Composite composite) {
		for (Control child : composite.getChildren()) {
			if (child instanceof Table table && table.getItemCount() > 0) {
				return Arrays.stream(table.getItems()).map(TableItem::getText).toList();
			}
			if (child instanceof Composite nested) {
				List<String> items = tableItems(nested);
				if (!items.isEmpty()) {
					return items;
				}
			}
		}
		return List.of();
	}

	private static List<String> labels(ICompletionProposal[] proposals) {
		return Arrays.stream(proposals).map(ICompletionProposal::getDisplayString).toList();
	}
}
