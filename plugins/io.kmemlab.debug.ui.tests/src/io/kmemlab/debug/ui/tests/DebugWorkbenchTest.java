package io.kmemlab.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import io.kmemlab.debug.ui.KmemDebugUi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.eclipse.core.commands.Command;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.ui.AbstractDebugView;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.dialogs.MessageDialogWithToggle;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IVerticalRulerInfo;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
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
 * {@code struct page *} with its fields, and Step Back. Screenshots:
 * target/screenshots/debug-suspended.png and debug-step-back.png.
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
		TreeItem pItem = item(variables, "p").orElseThrow();
		Ui.expand(pItem);
		// get_page() took a second reference: _refcount 2 (include/linux/mm.h, get_page -> folio_get)
		Ui.waitUntil(() -> item(variables, "_refcount").map(i -> Ui.row(i).contains("0x2 (2)")).orElse(false),
				() -> "p's _refcount field shows 2:" + Ui.rows(variables));
		assertTrue(item(variables, "flags").isPresent(), "p's flags are shown");
		assertTrue(item(variables, "(pfn)").isPresent());
		Ui.waitUntil(() -> instructionPointerLine().orElse(-1) == lineOf("expect page_count(p) == 2"), "the highlight follows");
		Path png = Ui.screenshot(Ui.window().getShell(), "debug-suspended.png");
		assertTrue(Files.size(png) > 30_000, "screenshot too small: " + Files.size(png));
	}

	@Test
	@Order(12)
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
		Path png = Ui.screenshot(Ui.window().getShell(), "debug-step-back.png");
		assertTrue(Files.size(png) > 30_000, "screenshot too small: " + Files.size(png));
	}

	@Test
	@Order(13)
	void terminatingEndsTheSessionAndStepBackIsOffAgain() {
		target.terminate();
		Ui.waitUntil(target::isTerminated, "the session ends");
		Ui.waitUntil(() -> !command(KmemDebugUi.STEP_BACK_COMMAND).isEnabled(), "Step Back is disabled after the session");
	}

	// ------------------------------------------------------------------ helpers

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
