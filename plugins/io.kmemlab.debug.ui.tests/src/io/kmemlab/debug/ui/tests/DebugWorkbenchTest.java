package io.kmemlab.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.breakpoints.EventKind;
import io.kmemlab.debug.core.breakpoints.KmemEventBreakpoint;
import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import io.kmemlab.debug.ui.KmemDebugUi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.eclipse.core.commands.Command;
import org.eclipse.e4.ui.model.application.ui.MElementContainer;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartSashContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IExpressionManager;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.ui.AbstractDebugView;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialogWithToggle;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IVerticalRulerInfo;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The debugger in the real workbench, as a user drives it: a breakpoint toggled by
 * double-clicking the editor's ruler, Debug As, the Debug perspective suspended at the
 * breakpoint with the line highlighted, steps, the Variables view showing {@code p} as a
 * {@code struct page *} with its fields, the Expressions view and the editor's hover
 * evaluating the language, Step Back, and an event breakpoint added from the Breakpoints view's
 * toolbar through its dialog. Screenshots: target/screenshots/debug-suspended.png,
 * debug-expressions.png, debug-step-back.png, debug-event-breakpoint(-dialog).png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebugWorkbenchTest {
	static final String SCENARIO = """
			machine pc {
			    arch x86_64
			    ram 0x1000 .. 0x9fbff
			    ram 0x100000 .. 0x3fffffff
			}

			// A page from the buddy allocator, and the references its struct page counts.
			scenario "a page and its references" on pc {
			    let p = alloc_pages(GFP_KERNEL, 0)
			    let pfn = page_to_pfn(p)

			    get_page(p)
			    expect page_count(p) == 2
			    put_page(p)
			    __free_pages(p, 0)
			}
			""";

	private static final String STEP_OVER = "org.eclipse.debug.ui.commands.StepOver";
	private static final String TOGGLE_BREAKPOINT = "org.eclipse.debug.ui.commands.ToggleBreakpoint";

	private IFile file;
	private ITextEditor editor;
	private KmemDebugTarget target;

	static int lineOf(String fragment) {
		int at = SCENARIO.indexOf(fragment);
		assertTrue(at >= 0, fragment);
		return (int) SCENARIO.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
	}

	@BeforeAll
	void openTheScenario() throws Exception {
		Shell shell = Ui.window().getShell();
		shell.setBounds(0, 0, 1600, 1000);
		PlatformUI.getWorkbench().getIntroManager().closeIntro(PlatformUI.getWorkbench().getIntroManager().getIntro());
		// Answer the Platform's "switch to the Debug perspective?" questions with yes, as a user would.
		DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_perspective_on_suspend", MessageDialogWithToggle.ALWAYS);
		DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_to_perspective", MessageDialogWithToggle.ALWAYS);
		file = Ui.file("debug-ui-test", "references.kmem", SCENARIO);
		editor = (ITextEditor) IDE.openEditor(Ui.page(), file, true);
		Ui.settle(Duration.ofMillis(500));
	}

	@AfterAll
	void cleanUp() throws CoreException {
		if (target != null && !target.isTerminated()) {
			target.terminate();
		}
		DebugPlugin.getDefault().getBreakpointManager()
				.removeBreakpoints(DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(KmemDebug.MODEL_ID), true);
	}

	// ------------------------------------------------------------------ breakpoints in the editor

	@Test
	@Order(1)
	void theEditorIsTheGenericEditorAndStepBackIsOffOutsideADebugSession() {
		assertEquals(KmemDebugUi.EDITOR_ID, editor.getSite().getId());
		assertFalse(command(KmemDebugUi.STEP_BACK_COMMAND).isEnabled(), "Step Back is disabled without a kmemlab session");
		assertFalse(command(KmemDebugUi.REVERSE_RESUME_COMMAND).isEnabled());
	}

	@Test
	@Order(2)
	void doubleClickingTheRulerTogglesALineBreakpoint() throws Exception {
		int line = lineOf("let pfn");
		doubleClickRuler(line);
		Ui.waitUntil(() -> breakpointLines().contains(line), () -> "a breakpoint appears on line " + line + " (has " + breakpointLines() + ")");
		IMarker marker = breakpoints().get(0).getMarker();
		assertEquals(file, marker.getResource());
		assertEquals(KmemDebug.LINE_BREAKPOINT_MARKER, marker.getType());

		doubleClickRuler(line);
		Ui.waitUntil(() -> breakpointLines().isEmpty(), "the second double-click removes it");
	}

	@Test
	@Order(3)
	void aDoubleClickOnABlankLineSetsTheBreakpointOnTheNextStatement() throws Exception {
		int blank = lineOf("let pfn") + 1;
		assertEquals("", document().get(document().getLineOffset(blank - 1), document().getLineLength(blank - 1)).strip());
		doubleClickRuler(blank);
		Ui.waitUntil(() -> breakpointLines().contains(lineOf("get_page(p)")), () -> "the breakpoint lands on get_page: " + breakpointLines());
		doubleClickRuler(lineOf("get_page(p)"));
		Ui.waitUntil(() -> breakpointLines().isEmpty(), "removed again");
	}

	@Test
	@Order(4)
	void runToggleBreakpointWorksInTheKmemEditor() throws Exception {
		int line = lineOf("let p =");
		editor.selectAndReveal(document().getLineOffset(line - 1) + 4, 0);
		Ui.settle(Duration.ofMillis(200));
		handlers().executeCommand(TOGGLE_BREAKPOINT, null);
		Ui.waitUntil(() -> breakpointLines().equals(List.of(line)), "Run > Toggle Breakpoint sets one on line " + line);
	}

	// ------------------------------------------------------------------ debugging

	@Test
	@Order(10)
	void debugAsStopsAtTheBreakpointInTheDebugPerspectiveWithTheLineHighlighted() throws Exception {
		assertEquals(List.of(lineOf("let p =")), breakpointLines(), "the breakpoint of the previous test");
		editor.selectAndReveal(document().getLineOffset(lineOf("let pfn") - 1), 0);
		ILaunchShortcut shortcut = shortcut(KmemDebugUi.SCENARIO_SHORTCUT);
		shortcut.launch(editor, "debug");
		Ui.waitUntil(() -> (target = kmemTarget()) != null && target.isSuspended(), "the scenario suspends");
		assertTrue(target.activeThread().getBreakpoints().length == 1, "suspended at the breakpoint");
		Ui.waitUntil(() -> IDebugUIConstants.ID_DEBUG_PERSPECTIVE.equals(Ui.page().getPerspective().getId()),
				"the Debug perspective opens");
		Ui.waitUntil(() -> instructionPointerLine().orElse(-1) == lineOf("let p ="),
				() -> "the editor highlights line " + lineOf("let p =") + " (it marks " + instructionPointerLine() + ")");
		Tree debugView = tree(IDebugUIConstants.ID_DEBUG_VIEW);
		Ui.waitUntil(() -> Ui.rows(debugView).contains("suspended at breakpoint"), () -> "the Debug view says why: " + Ui.rows(debugView));
	}

	@Test
	@Order(11)
	void stepsShowPAsAStructPageWithItsFieldsInTheVariablesView() throws Exception {
		stepOverTo(lineOf("let pfn"));
		Tree variables = tree(IDebugUIConstants.ID_VARIABLE_VIEW);
		Ui.waitUntil(() -> item(variables, "p").isPresent(), () -> "p in the Variables view:" + Ui.rows(variables)
				+ "\nthe debug context: " + DebugUITools.getDebugContext() + "\nthe Debug view:" + Ui.rows(debugViewTree()));
		String p = Ui.row(item(variables, "p").get());
		assertTrue(p.contains("(struct page *) 0xffffea"), "p is a struct page * in the vmemmap: " + p);
		stepOverTo(lineOf("get_page(p)"));
		stepOverTo(lineOf("expect page_count(p) == 2"));
		// the view refills after the step: wait for its row rather than take the first look
		Ui.waitUntil(() -> item(variables, "p").isPresent(), () -> "p in the Variables view after the steps:" + Ui.rows(variables));
		TreeItem pItem = item(variables, "p").orElseThrow();
		Ui.expand(pItem);
		// get_page() took a second reference: _refcount 2 (include/linux/mm.h, get_page -> folio_get)
		Ui.waitUntil(() -> item(variables, "_refcount").map(i -> Ui.row(i).contains("0x2 (2)")).orElse(false),
				() -> "p's _refcount field shows 2:" + Ui.rows(variables));
		assertTrue(item(variables, "flags").isPresent(), "p's flags are shown");
		assertTrue(item(variables, "(pfn)").isPresent());
		Ui.waitUntil(() -> instructionPointerLine().orElse(-1) == lineOf("expect page_count(p) == 2"), "the highlight follows");
		widenVariables();
		Path png = Ui.screenshot(Ui.window().getShell(), "debug-suspended.png");
		assertTrue(Files.size(png) > 30_000, "screenshot too small: " + Files.size(png));
	}

	// ------------------------------------------------------------------ expressions and hover while suspended

	@Test
	@Order(12)
	void theExpressionsViewEvaluatesTheLanguageWhereTheScenarioStands() throws Exception {
		IExpressionManager expressions = DebugPlugin.getDefault().getExpressionManager();
		expressions.removeExpressions(expressions.getExpressions());
		for (String e : List.of("page_to_pfn(p)", "page_ref_count(p)", "zone(DMA32).free", "zone(Nowhere).free")) {
			expressions.addExpression(expressions.newWatchExpression(e));
		}
		Tree variables = tree(IDebugUIConstants.ID_VARIABLE_VIEW);
		Ui.waitUntil(() -> item(variables, "pfn").isPresent(), "pfn in the Variables view");
		String pfn = value(item(variables, "pfn").get());
		Tree view = tree(IDebugUIConstants.ID_EXPRESSION_VIEW);
		// the statement `let pfn = page_to_pfn(p)` computed the same thing before
		Ui.waitUntil(() -> expressionRow(view, "page_to_pfn(p)").map(r -> r.contains(pfn)).orElse(false),
				() -> "page_to_pfn(p) shows " + pfn + " as the variable pfn does:" + Ui.rows(view));
		// alloc_pages gave one reference (set_page_refcounted(), mm/page_alloc.c), get_page() one more
		Ui.waitUntil(() -> expressionRow(view, "page_ref_count(p)").map(r -> r.matches(".*\\b2\\b.*")).orElse(false),
				() -> "page_ref_count(p) is 2 after get_page:" + Ui.rows(view));
		Ui.waitUntil(() -> expressionRow(view, "zone(DMA32).free").map(r -> r.matches(".*\\b(0x[0-9a-f]+|[1-9][0-9]*)\\b.*")).orElse(false),
				() -> "the zone's free pages are a number:" + Ui.rows(view));
		Ui.waitUntil(() -> Ui.rows(view).contains("Nowhere"), () -> "an expression that cannot be evaluated says why:" + Ui.rows(view));
		String error = Ui.rows(view);
		Path png = Ui.screenshot(Ui.window().getShell(), "debug-expressions.png");
		assertTrue(Files.size(png) > 30_000, "screenshot too small: " + Files.size(png));
		assertFalse(error.contains("Exception"), "errors in words, not Java:" + error);
	}

	@Test
	@Order(13)
	void hoveringANameInTheEditorShowsItsValueWhileSuspended() throws Exception {
		ITextHover hover = contributedHover("io.kmemlab.debug.ui.valueHover");
		ITextViewer viewer = editor.getAdapter(ITextViewer.class);
		assertNotNull(viewer, "the generic editor's viewer");
		int offset = SCENARIO.indexOf("get_page(p)") + "get_page(".length();
		IRegion region = hover.getHoverRegion(viewer, offset);
		assertEquals("p", document().get(region.getOffset(), region.getLength()));
		String info = hover.getHoverInfo(viewer, region);
		assertNotNull(info, "a hover for p while suspended");
		Tree variables = tree(IDebugUIConstants.ID_VARIABLE_VIEW);
		Ui.waitUntil(() -> item(variables, "p").isPresent(), () -> "p in the Variables view:" + Ui.rows(variables));
		String p = value(item(variables, "p").get());
		assertTrue(info.startsWith("p = " + p), "the hover shows the value the Variables view shows (" + p + "):\n" + info);
		assertTrue(info.contains("_refcount = 0x2 (2)"), "and p's fields, the refcount after get_page:\n" + info);
		int machineWord = SCENARIO.indexOf("on pc") + 4;
		assertEquals(null, hover.getHoverInfo(viewer, hover.getHoverRegion(viewer, machineWord)),
				"a name that is no variable gets no value hover (the kernel-name hover speaks)");
	}

	@Test
	@Order(14)
	void stepBackUndoesGetPageAndTheVariablesShowTheRefcountBeforeIt() throws Exception {
		Command stepBack = command(KmemDebugUi.STEP_BACK_COMMAND);
		Ui.waitUntil(stepBack::isEnabled, "Step Back is enabled in the suspended kmemlab session");
		handlers().executeCommand(KmemDebugUi.STEP_BACK_COMMAND, null);
		waitForSuspendAt(lineOf("get_page(p)"));
		Tree variables = tree(IDebugUIConstants.ID_VARIABLE_VIEW);
		Ui.waitUntil(() -> item(variables, "p").isPresent(), "p is still defined");
		Ui.waitUntil(() -> {
			Optional<TreeItem> r = item(variables, "_refcount");
			if (r.isEmpty()) {
				item(variables, "p").filter(i -> !i.getExpanded()).ifPresent(Ui::expand);
			}
			return r.map(i -> Ui.row(i).contains("0x1 (1)")).orElse(false);
		}, () -> "after stepping back over get_page, _refcount is 1 again:" + Ui.rows(variables));
		Ui.waitUntil(() -> instructionPointerLine().orElse(-1) == lineOf("get_page(p)"), "the highlight went back");
		widenVariables();
		Path png = Ui.screenshot(Ui.window().getShell(), "debug-step-back.png");
		assertTrue(Files.size(png) > 30_000, "screenshot too small: " + Files.size(png));
	}

	@Test
	@Order(15)
	void terminatingEndsTheSessionAndStepBackIsOffAgain() {
		target.terminate();
		Ui.waitUntil(target::isTerminated, "the session ends");
		Ui.waitUntil(() -> !command(KmemDebugUi.STEP_BACK_COMMAND).isEnabled(), "Step Back is disabled after the session");
	}

	// ------------------------------------------------------------------ event breakpoints from the Breakpoints view

	@Test
	@Order(20)
	void theBreakpointsViewAddsAnEventBreakpointThroughItsDialog() throws Exception {
		Tree view = tree(IDebugUIConstants.ID_BREAKPOINT_VIEW);
		ToolItem add = toolItem(Ui.window().getShell(), "Add kmemlab Event Breakpoint").orElseThrow(
				() -> new AssertionError("the Breakpoints view's toolbar has Add kmemlab Event Breakpoint..."));
		List<String> seen = new ArrayList<>();
		Display display = add.getDisplay();
		// the dialog is modal: drive it from the event loop it runs
		display.timerExec(200, new Runnable() {
			int tries;

			@Override
			public void run() {
				Optional<Shell> dialog = Arrays.stream(display.getShells())
						.filter(s -> s.isVisible() && s != Ui.window().getShell() && combo(s).isPresent()).findFirst();
				if (dialog.isEmpty()) {
					if (++tries < 100) {
						display.timerExec(200, this);
					} else {
						seen.add("no dialog");
					}
					return;
				}
				Shell s = dialog.get();
				Combo kinds = combo(s).get();
				seen.add(String.join(" / ", kinds.getItems()));
				kinds.select(Arrays.asList(kinds.getItems()).indexOf(EventKind.REFCOUNT.description));
				kinds.notifyListeners(SWT.Selection, new Event());
				Text argument = text(s).orElseThrow();
				argument.setText("pfn?");
				Button ok = button(s, IDialogConstants.OK_LABEL).orElseThrow();
				seen.add("OK enabled for 'pfn?': " + ok.isEnabled());
				argument.setText("0x3f2a");
				seen.add("OK enabled for '0x3f2a': " + ok.isEnabled());
				try {
					Ui.screenshot(s, "debug-event-breakpoint-dialog.png");
				} catch (Exception e) {
					seen.add("no screenshot: " + e);
				}
				ok.notifyListeners(SWT.Selection, new Event());
			}
		});
		add.notifyListeners(SWT.Selection, new Event());
		Ui.waitUntil(() -> seen.size() >= 3 || seen.contains("no dialog"), () -> "the dialog was driven: " + seen);
		assertEquals(List.of(Arrays.stream(EventKind.values()).map(k -> k.description).collect(java.util.stream.Collectors.joining(" / ")),
				"OK enabled for 'pfn?': false", "OK enabled for '0x3f2a': true"), seen.subList(0, 3),
				"the four kinds are offered and a pfn that is not a number is refused");
		Ui.waitUntil(() -> Arrays.stream(all()).anyMatch(b -> b instanceof KmemEventBreakpoint e && e.getKind() == EventKind.REFCOUNT
				&& e.getArgument() == 0x3f2a), "the refcount breakpoint on pfn 0x3f2a is in the breakpoint manager");
		Ui.waitUntil(() -> Ui.rows(view).contains("stop when the refcount of pfn 0x3f2a changes"),
				() -> "the Breakpoints view lists it:" + Ui.rows(view));
		Path png = Ui.screenshot(Ui.window().getShell(), "debug-event-breakpoint.png");
		assertTrue(Files.size(png) > 30_000, "screenshot too small: " + Files.size(png));
	}

	private static Optional<ToolItem> toolItem(Composite root, String tooltip) {
		for (Control c : root.getChildren()) {
			if (c instanceof ToolBar bar) {
				for (ToolItem i : bar.getItems()) {
					if (i.getToolTipText() != null && i.getToolTipText().startsWith(tooltip)) {
						return Optional.of(i);
					}
				}
			}
			if (c instanceof Composite inner) {
				Optional<ToolItem> found = toolItem(inner, tooltip);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

	private static <T extends Control> Optional<T> control(Composite root, Class<T> type, java.util.function.Predicate<T> test) {
		for (Control c : root.getChildren()) {
			if (type.isInstance(c) && test.test(type.cast(c))) {
				return Optional.of(type.cast(c));
			}
			if (c instanceof Composite inner) {
				Optional<T> found = control(inner, type, test);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

	private static Optional<Combo> combo(Shell s) {
		return control(s, Combo.class, c -> Arrays.asList(c.getItems()).contains(EventKind.REFCOUNT.description));
	}

	private static Optional<Text> text(Shell s) {
		return control(s, Text.class, t -> (t.getStyle() & SWT.READ_ONLY) == 0 && t.getEditable());
	}

	private static Optional<Button> button(Shell s, String label) {
		return control(s, Button.class, b -> b.getText().replace("&", "").equals(label.replace("&", "")));
	}

	// ------------------------------------------------------------------ helpers

	/**
	 * Gives the Variables view the room a user would drag it to (the Debug perspective starts it
	 * at a third of the editor's width, which cuts a struct page's values), so the screenshots
	 * show whole values: its part stack gets more weight in the first side-by-side sash above it.
	 */
	private static void widenVariables() throws Exception {
		IViewPart view = Ui.page().showView(IDebugUIConstants.ID_VARIABLE_VIEW);
		MPart part = view.getSite().getService(MPart.class);
		MUIElement child = part.getCurSharedRef() != null ? part.getCurSharedRef() : part;
		MUIElement parent = child.getParent();
		while (parent != null && !(parent instanceof MPartSashContainer sash && sash.isHorizontal())) {
			child = parent;
			parent = child.getParent();
		}
		if (parent instanceof MElementContainer<?> container) {
			int others = 0;
			for (Object c : container.getChildren()) {
				if (c != child && c instanceof MUIElement e && e.isToBeRendered()) {
					others += weight(e);
				}
			}
			child.setContainerData(Integer.toString(Math.max(weight(child), others * 6 / 5)));
		}
		Ui.settle(Duration.ofMillis(300));
		Tree tree = (Tree) ((AbstractDebugView) view).getViewer().getControl();
		if (tree.getColumnCount() > 1) {
			int width = tree.getClientArea().width;
			tree.getColumn(0).setWidth(Math.min(220, width / 3));
			tree.getColumn(1).setWidth(width - tree.getColumn(0).getWidth() - 4);
		}
		Ui.settle(Duration.ofMillis(200));
	}

	private static int weight(MUIElement e) {
		try {
			return Integer.parseInt(e.getContainerData());
		} catch (NumberFormatException | NullPointerException x) {
			return 5000;
		}
	}

	/** The Value column of a Variables view row (or what follows " = " where the view has no columns). */
	private static String value(TreeItem i) {
		if (i.getParent().getColumnCount() > 1) {
			return i.getText(1);
		}
		String t = i.getText(0);
		int eq = t.indexOf(" = ");
		return eq < 0 ? t : t.substring(eq + 3);
	}

	private static Optional<String> expressionRow(Tree view, String expression) {
		return Ui.items(view).stream().filter(i -> i.getText(0).contains(expression)).map(Ui::row).findFirst();
	}

	/** A hover of the generic editor as plugin.xml contributes it. */
	private static ITextHover contributedHover(String id) throws CoreException {
		for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.ui.genericeditor.hoverProviders")) {
			if (id.equals(e.getAttribute("id"))) {
				assertEquals("io.kmemlab.ui.kmem", e.getAttribute("contentType"), "the hover is for .kmem files");
				return (ITextHover) e.createExecutableExtension("class");
			}
		}
		throw new AssertionError("no hover " + id);
	}


	private void stepOverTo(int line) throws Exception {
		// the Platform's step handlers update their enablement in the background after a
		// suspension, and do nothing while they still think they are disabled
		Ui.waitUntil(() -> command(STEP_OVER).isEnabled(), "Step Over is enabled");
		handlers().executeCommand(STEP_OVER, null);
		waitForSuspendAt(line);
	}

	private void waitForSuspendAt(int line) {
		Ui.waitUntil(() -> target.isSuspended() && topLine() == line, () -> "suspended before line " + line + " (at " + topLine() + ")");
	}

	private int topLine() {
		try {
			return target.isSuspended() && target.activeThread().getTopStackFrame() instanceof KmemStackFrame f ? f.getLineNumber() : -1;
		} catch (RuntimeException e) {
			return -1;
		}
	}

	private IDocument document() {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	/**
	 * Double-clicks the vertical ruler beside {@code line} (1-based): real mouse events through
	 * the X server first; when they do not reach the ruler (no window manager gives the shell
	 * the pointer), the same events straight to the ruler's column under that point.
	 */
	private void doubleClickRuler(int line) throws BadLocationException {
		Ui.page().activate(editor);
		editor.selectAndReveal(document().getLineOffset(line - 1), 0);
		Ui.settle(Duration.ofMillis(200));
		assertNotNull(editor.getAction("RulerDoubleClick"), "the generic editor has our RulerDoubleClick action");
		StyledText text = (StyledText) editor.getAdapter(Control.class);
		Control ruler = editor.getAdapter(IVerticalRulerInfo.class).getControl();
		int y = text.getLinePixel(line - 1) + text.getLineHeight() / 2;
		Point inRuler = ruler.toControl(text.toDisplay(0, y));
		assertTrue(inRuler.y > 0 && inRuler.y < ruler.getSize().y, "line " + line + " is visible beside the ruler");
		Point at = ruler.toDisplay(ruler.getSize().x / 2, inRuler.y);
		List<Integer> before = breakpointLines();
		Display display = ruler.getDisplay();
		post(display, SWT.MouseMove, at, 0);
		post(display, SWT.MouseDown, at, 1);
		post(display, SWT.MouseUp, at, 1);
		post(display, SWT.MouseDown, at, 1);
		post(display, SWT.MouseUp, at, 1);
		if (Ui.waitFor(() -> !breakpointLines().equals(before), Duration.ofSeconds(3))) {
			System.out.println("ruler double-click on line " + line + ": real mouse events");
			return;
		}
		Control column = columnAt(ruler, ruler.toControl(at));
		Point p = column.toControl(at);
		send(column, SWT.MouseDown, p, 1);
		send(column, SWT.MouseUp, p, 1);
		send(column, SWT.MouseDown, p, 2);
		send(column, SWT.MouseDoubleClick, p, 2);
		send(column, SWT.MouseUp, p, 2);
		System.out.println("ruler double-click on line " + line + ": events sent to the ruler column " + column);
	}

	/** The innermost control of {@code ruler} under {@code p} (ruler coordinates). */
	private static Control columnAt(Control ruler, Point p) {
		if (ruler instanceof org.eclipse.swt.widgets.Composite c) {
			for (Control child : c.getChildren()) {
				if (child.getBounds().contains(p)) {
					org.eclipse.swt.graphics.Rectangle b = child.getBounds();
					return columnAt(child, new Point(p.x - b.x, p.y - b.y));
				}
			}
		}
		return ruler;
	}

	private static void send(Control control, int type, Point p, int count) {
		Event e = new Event();
		e.x = p.x;
		e.y = p.y;
		e.button = 1;
		e.count = count;
		e.widget = control;
		e.time = (int) System.currentTimeMillis();
		control.notifyListeners(type, e);
		Ui.settle(Duration.ofMillis(20));
	}

	private static void post(Display display, int type, Point at, int button) {
		Event e = new Event();
		e.type = type;
		e.x = at.x;
		e.y = at.y;
		e.button = button;
		assertTrue(display.post(e), "the X server took the mouse event");
		Ui.settle(Duration.ofMillis(20));
	}

	private static List<KmemLineBreakpoint> breakpoints() {
		return Arrays.stream(DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(KmemDebug.MODEL_ID))
				.filter(KmemLineBreakpoint.class::isInstance).map(KmemLineBreakpoint.class::cast).toList();
	}

	private static List<Integer> breakpointLines() {
		return breakpoints().stream().map(b -> {
			try {
				return b.getLineNumber();
			} catch (CoreException e) {
				return -1;
			}
		}).sorted().toList();
	}

	/** The line the editor marks as the current instruction pointer, if any. */
	private Optional<Integer> instructionPointerLine() {
		IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation a = it.next();
			if (IDebugUIConstants.ANNOTATION_TYPE_INSTRUCTION_POINTER_CURRENT.equals(a.getType())) {
				Position p = model.getPosition(a);
				try {
					return Optional.of(document().getLineOfOffset(p.getOffset()) + 1);
				} catch (BadLocationException e) {
					return Optional.empty();
				}
			}
		}
		return Optional.empty();
	}

	private static KmemDebugTarget kmemTarget() {
		for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
			for (IDebugTarget t : l.getDebugTargets()) {
				if (t instanceof KmemDebugTarget k && !k.isTerminated()) {
					return k;
				}
			}
		}
		return null;
	}

	/** The launch shortcut as plugin.xml declares it (what Debug As runs). */
	private static ILaunchShortcut shortcut(String id) throws CoreException {
		for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.debug.ui.launchShortcuts")) {
			if (id.equals(e.getAttribute("id"))) {
				return (ILaunchShortcut) e.createExecutableExtension("class");
			}
		}
		throw new AssertionError("no launch shortcut " + id);
	}

	private static Tree tree(String viewId) throws Exception {
		IViewPart view = Ui.page().showView(viewId);
		assertNotNull(view, viewId);
		Control c = ((AbstractDebugView) view).getViewer().getControl();
		return (Tree) c;
	}

	private static Tree debugViewTree() {
		try {
			return tree(IDebugUIConstants.ID_DEBUG_VIEW);
		} catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	private static Optional<TreeItem> item(Tree tree, String name) {
		return Ui.items(tree).stream().filter(i -> i.getText(0).equals(name)).findFirst();
	}

	private static Command command(String id) {
		return PlatformUI.getWorkbench().getService(ICommandService.class).getCommand(id);
	}

	private static IHandlerService handlers() {
		return Ui.window().getService(IHandlerService.class);
	}

	static IBreakpoint[] all() {
		return DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(KmemDebug.MODEL_ID);
	}
}
