package io.kmemlab.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.cli.Main;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.views.PageModel;
import io.kmemlab.debug.core.views.PageTableNode;
import io.kmemlab.debug.ui.views.BitSplit;
import io.kmemlab.debug.ui.views.MemoryView;
import io.kmemlab.debug.ui.views.MemoryViews;
import io.kmemlab.debug.ui.views.PageTablesView;
import io.kmemlab.debug.ui.views.PageView;
import io.kmemlab.debug.ui.views.TranslationsView;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.interpreter.debug.Evaluation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.core.resources.IFile;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.dialogs.MessageDialogWithToggle;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
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
import picocli.CommandLine;

/**
 * The memory views in the real workbench, on the repository's examples: Run to Caret starts a
 * session, Show in Translations / Page Descriptor open the value under the caret, the rows
 * equal what `kmemlab run` prints and what the kernel's formulas give, a step updates the
 * views with its changes highlighted. Screenshots: view-translations.png, view-page.png,
 * view-pagetables.png, perspective.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryViewsTest {
	private static final String PROJECT = "memory-views";
	private static final String PTES = "01_struct_pages_and_ptes.kmem";
	private static final String UNIONS = "04_struct_page_unions.kmem";
	private static final String PTE_SCENARIO = "a PTE leads to a struct page";
	private static final String UNION_SCENARIO = "struct page unions and flags";

	// x86_64 4-level paging (arch/x86/include/asm/pgtable_64_types.h, v6.12): PGDIR_SHIFT 39,
	// PUD_SHIFT 30, PMD_SHIFT 21, PAGE_SHIFT 12, 512 entries a table; p4d is folded.
	private static final int[] SHIFTS = { 39, 30, 21, 12 };
	private static final String[] LEVELS = { "pgd", "pud", "pmd", "pte" };
	/** PTE_PFN_MASK with 52 physical address bits (arch/x86/include/asm/pgtable_types.h). */
	private static final long PTE_PFN_MASK = 0x000f_ffff_ffff_f000L;
	/** VMEMMAP_START without KASLR (Documentation/arch/x86/x86_64/mm.rst), sizeof(struct page) 64. */
	private static final long VMEMMAP_START = 0xffff_ea00_0000_0000L;

	private IFile ptes, unions;
	private ITextEditor editor;
	private KmemDebugTarget target;

	@BeforeAll
	void openTheExamples() throws Exception {
		Shell shell = Ui.window().getShell();
		shell.setBounds(0, 0, 1600, 1000);
		PlatformUI.getWorkbench().getIntroManager().closeIntro(PlatformUI.getWorkbench().getIntroManager().getIntro());
		// stay in the kmemlab perspective when a session suspends
		DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_perspective_on_suspend", MessageDialogWithToggle.NEVER);
		DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_to_perspective", MessageDialogWithToggle.NEVER);
		IWorkbenchPage page = Ui.page();
		page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId("io.kmemlab.ui.perspective"));
		page.resetPerspective();
		Path examples = Path.of(System.getProperty("kmemlab.repository")).resolve("examples");
		Ui.file(PROJECT, "machines.kmem", Files.readString(examples.resolve("machines.kmem")));
		ptes = Ui.file(PROJECT, PTES, Files.readString(examples.resolve(PTES)));
		unions = Ui.file(PROJECT, UNIONS, Files.readString(examples.resolve(UNIONS)));
		editor = (ITextEditor) IDE.openEditor(page, ptes, true);
		Ui.settle(Duration.ofMillis(500));
	}

	@AfterAll
	void terminate() throws Exception {
		for (IDebugTarget t : DebugPlugin.getDefault().getLaunchManager().getDebugTargets()) {
			if (!t.isTerminated()) {
				t.terminate();
			}
		}
	}

	// ------------------------------------------------------------------ without a session

	@Test
	@Order(1)
	void theViewsAreInTheKmemlabCategoryAndWaitForASession() throws Exception {
		for (String id : List.of(MemoryViews.TRANSLATIONS, MemoryViews.PAGE, MemoryViews.PAGE_TABLES)) {
			assertEquals("kmemlab", PlatformUI.getWorkbench().getViewRegistry().find(id).getCategoryPath()[0], id + "'s category");
			MemoryView<?> v = view(id);
			assertEquals(null, v.context(), "no session yet");
			assertEquals(null, v.model());
		}
		IWorkbenchPage page = Ui.page();
		for (String id : List.of(MemoryViews.TRANSLATIONS, MemoryViews.PAGE, MemoryViews.PAGE_TABLES, "org.eclipse.debug.ui.DebugView",
				"org.eclipse.debug.ui.VariableView", "org.eclipse.ui.console.ConsoleView")) {
			assertNotNull(page.findView(id), id + " is in the kmemlab perspective");
		}
	}

	// ------------------------------------------------------------------ Translations, Page Tables: example 01

	@Test
	@Order(10)
	void runToCaretDebugsTheScenarioToTheCaretsLine() throws Exception {
		int line = lineOf(ptes, "write8(u + 0x10, 0x42)");
		caretAt(line, "write8");
		TranslationsView v = (TranslationsView) view(MemoryViews.TRANSLATIONS);
		toolbarAction(v, "io.kmemlab.debug.ui.views.runToCaret").run();
		Ui.waitUntil(() -> (target = kmemTarget()) != null && target.suspension() != null && target.suspension().top().at().line() == line,
				() -> "the scenario suspends at line " + line + (target == null ? "" : ": " + target.suspension()));
		Ui.waitUntil(() -> v.context() != null && v.upToDate(), "Translations follows the suspended session");
	}

	@Test
	@Order(11)
	void beforeTheFirstTouchTheWalkStopsAtAnEmptyPgdEntry() throws Exception {
		long u = value("u");
		TranslationsView v = showIn(MemoryViews.SHOW_IN_TRANSLATIONS_COMMAND, lineOf(ptes, "write8(u + 0x10"), "u", TranslationsView.class);
		Ui.waitUntil(() -> v.model() != null && v.model().walk() != null && v.model().walk().va() == u, "Translations walks u");
		Translation t = v.model().walk();
		assertEquals("app", t.space(), "the walk is in the process the frame runs in");
		assertEquals(Translation.Outcome.NOT_MAPPED, t.outcome());
		assertEquals(1, v.table().getItemCount(), "one entry read: " + v.model().rows());
		assertEquals(Long.toString((u >>> 39) & 511), cell(v.table(), 0, 2), "pgd_index(u)");
		assertEquals("none", cell(v.table(), 0, 6));
		assertTrue(v.summaryText().contains("not mapped"), v.summaryText());
	}

	@Test
	@Order(12)
	void aStepThatFaultsThePageInHighlightsEveryEntryItWrote() throws Exception {
		TranslationsView v = (TranslationsView) view(MemoryViews.TRANSLATIONS);
		PageTablesView tables = (PageTablesView) view(MemoryViews.PAGE_TABLES);
		Ui.waitUntil(tables::upToDate, "Page Tables is up to date");
		int before = tables.tree().getItemCount();
		stepOver();
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().walk() != null && v.model().walk().mapped(),
				() -> "after the write the walk maps u: " + (v.model() == null ? null : v.model().summary()));
		// the first touch of an anonymous page allocates the pud, pmd and pte tables and fills the
		// pte (mm/memory.c __handle_mm_fault, do_anonymous_page): every entry of the walk is new
		assertEquals(4, v.table().getItemCount());
		for (int i = 0; i < 4; i++) {
			TableItem item = v.table().getItem(i);
			assertEquals(MemoryView.changedBackground(), item.getBackground(), "row " + i + " is highlighted");
			assertTrue(cell(v.table(), i, 7).contains(PTES + ":" + lineOf(ptes, "write8(u + 0x10")), "last written by the write: " + cell(v.table(), i, 7));
		}
		Ui.waitUntil(() -> tables.upToDate() && tables.tree().getItemCount() == before + 1, "Page Tables shows one more pgd entry");
		long u = value("u");
		TreeItem pgd = rootFor(tables, (int) ((u >>> 39) & 511));
		assertEquals(MemoryView.changedBackground(), pgd.getBackground(), "the new pgd entry is highlighted");
	}

	@Test
	@Order(13)
	void theWalkOfUEqualsTheCommandLinesAndTheKernelsFormulas() throws Exception {
		int line = lineOf(ptes, "walk u");
		caretAt(line, "walk");
		target.runToLine(ptes.getLocationURI(), line);
		Ui.waitUntil(() -> target.suspension() != null && target.suspension().top().at().line() == line, "at walk u");
		long u = value("u");
		TranslationsView v = showIn(MemoryViews.SHOW_IN_TRANSLATIONS_COMMAND, line, "u", TranslationsView.class);
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().walk() != null && v.model().walk().va() == u && v.model().walk().mapped(),
				"the walk of u");
		Table table = v.table();
		assertEquals(4, table.getItemCount());
		long tablePa = -1;
		for (int i = 0; i < 4; i++) {
			long index = (u >>> SHIFTS[i]) & 511;
			assertEquals(LEVELS[i], cell(table, i, 0));
			assertEquals(Long.toString(index), cell(table, i, 2), LEVELS[i] + "_index(u)");
			long thisTable = Long.parseUnsignedLong(cell(table, i, 1).substring(2), 16);
			if (tablePa >= 0) {
				assertEquals(tablePa, thisTable, LEVELS[i] + " table = the frame of the entry above (entry & PTE_PFN_MASK)");
			}
			assertEquals(thisTable + 8 * index, Long.parseUnsignedLong(cell(table, i, 3).substring(2), 16), "entry = table + index * 8");
			tablePa = Long.parseUnsignedLong(cell(table, i, 5).substring(2), 16) & PTE_PFN_MASK;
		}
		long pa = tablePa | (u & 0xfff);
		Translation t = v.model().walk();
		assertEquals(pa, t.pa(), "pa = (pte & PTE_PFN_MASK) | offset");
		assertEquals(VMEMMAP_START + (pa >>> 12) * 64, t.page(), "struct page = vmemmap + pfn");
		assertEquals(4096, t.leafSize());
		assertTrue(v.summaryText().contains(String.format("0x%x", pa)) && v.summaryText().contains("4K"), v.summaryText());
		assertTrue(v.summaryText().contains("region: user"), v.summaryText());
		// the bit split: pgd 47..39 | pud 38..30 | pmd 29..21 | pte 20..12 | offset 11..0
		List<BitSplit.Box> boxes = v.splitBoxes();
		assertEquals(List.of("pgd", "pud", "pmd", "pte", "offset"), boxes.stream().map(BitSplit.Box::name).toList());
		assertEquals(List.of(39, 30, 21, 12, 0), boxes.stream().map(BitSplit.Box::low).toList());

		// the command line's walk of the same statement
		List<String[]> cli = cliWalk(cli("run", ptes.getLocation().toString(), "--scenario", PTE_SCENARIO), "walk u");
		assertEquals(4, cli.size(), "the CLI prints 4 entries");
		for (int i = 0; i < 4; i++) {
			String[] c = cli.get(i);
			assertEquals(List.of(c[0], c[1], c[2], c[3], c[4]),
					List.of(cell(table, i, 0), cell(table, i, 1), cell(table, i, 2), cell(table, i, 5), cell(table, i, 6)), "row " + i);
		}
		// Copy as Text: crash's vtop layout (VIRTUAL / PHYSICAL, one "ENTRY => VALUE" line a level)
		toolbarAction(v, "io.kmemlab.debug.ui.views.copyAsText").run();
		String copied = (String) new org.eclipse.swt.dnd.Clipboard(table.getDisplay()).getContents(org.eclipse.swt.dnd.TextTransfer.getInstance());
		assertEquals(v.textNow(), copied);
		assertTrue(copied.startsWith("VIRTUAL"), copied);
		assertTrue(copied.contains(String.format("%x", u)) && copied.contains(String.format("%x", pa)), copied);
		for (int i = 0; i < 4; i++) {
			assertTrue(copied.contains(cell(table, i, 3).replaceFirst("0x0*", "") + " => " + cell(table, i, 5).replaceFirst("0x0*", "")),
					"the " + LEVELS[i] + " line: " + copied);
		}
		maximizedScreenshot(v, "view-translations.png");
	}

	@Test
	@Order(14)
	void pageTablesDescendsTheSamePathLazily() throws Exception {
		long u = value("u");
		PageTablesView v = (PageTablesView) view(MemoryViews.PAGE_TABLES);
		Ui.waitUntil(v::upToDate, "Page Tables is up to date");
		TranslationsView tv = (TranslationsView) view(MemoryViews.TRANSLATIONS);
		Translation walk = tv.model().walk();
		TreeItem item = rootFor(v, (int) ((u >>> 39) & 511));
		for (int level = 1; level < 4; level++) {
			TreeItem parent = item;
			v.expandItem(parent);
			Ui.waitUntil(() -> v.upToDate() && parent.getItemCount() > 0 && parent.getItem(0).getData() instanceof PageTableNode,
					"the table under " + parent.getText() + " is read");
			int index = (int) ((u >>> SHIFTS[level]) & 511);
			item = Arrays.stream(parent.getItems()).filter(i -> ((PageTableNode) i.getData()).entry().index() == index).findFirst()
					.orElseThrow(() -> new AssertionError("no entry " + index + " under " + parent.getText()));
			PageTableNode n = (PageTableNode) item.getData();
			assertEquals(walk.levels().get(level).raw(), n.entry().raw(), LEVELS[level] + " entry equals the walk's");
			assertEquals(u & ~((1L << SHIFTS[level]) - 1), n.va(), "the entry covers u");
		}
		assertFalse(((PageTableNode) item.getData()).hasChildren(), "a pte is a leaf");
		assertTrue(item.getText().startsWith("pte[" + ((u >>> 12) & 511) + "]"), item.getText());
		v.tree().setSelection(item);
		v.tree().showItem(item);
		maximizedScreenshot(v, "view-pagetables.png");
	}

	@Test
	@Order(15)
	void showInPageDescriptorDescribesTheMappedFrame() throws Exception {
		PageView v = showIn(MemoryViews.SHOW_IN_PAGE_COMMAND, lineOf(ptes, "expect page_mapcount(page)"), "page", PageView.class);
		long page = value("page");
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().page() != null && v.model().page().address() == page,
				"Page Descriptor shows page");
		PageDescriptor d = v.model().page();
		assertEquals((page - VMEMMAP_START) / 64, d.pfn(), "pfn = (page - vmemmap) / sizeof(struct page)");
		// an anonymous page mapped by one pte: _mapcount -1 + 1 (include/linux/mm.h page_mapcount)
		assertEquals(1, d.mapcount());
		assertTrue(v.summaryText().contains("mapcount 1"), v.summaryText());
	}

	@Test
	@Order(16)
	void showInTranslationsFromTheVariablesViewWalksAStructPagesAddress() throws Exception {
		IWorkbenchPage page = Ui.page();
		// the process's frame, where u and page live (the Debug view first selects the scenario's)
		org.eclipse.debug.ui.AbstractDebugView debug = (org.eclipse.debug.ui.AbstractDebugView) page.showView("org.eclipse.debug.ui.DebugView");
		org.eclipse.swt.widgets.Tree debugTree = (org.eclipse.swt.widgets.Tree) debug.getViewer().getControl();
		Ui.waitUntil(() -> Ui.items(debugTree).stream().anyMatch(i -> i.getText().startsWith("process app")),
				() -> "the process frame in the Debug view:" + Ui.rows(debugTree));
		TreeItem frame = Ui.items(debugTree).stream().filter(i -> i.getText().startsWith("process app")).findFirst().orElseThrow();
		// a click on it, as the Debug view's viewer hears one
		debugTree.setSelection(frame);
		org.eclipse.swt.widgets.Event click = new org.eclipse.swt.widgets.Event();
		click.item = frame;
		debugTree.notifyListeners(org.eclipse.swt.SWT.Selection, click);
		IViewPart variables = page.showView("org.eclipse.debug.ui.VariableView");
		org.eclipse.debug.ui.AbstractDebugView dv = (org.eclipse.debug.ui.AbstractDebugView) variables;
		org.eclipse.swt.widgets.Tree tree = (org.eclipse.swt.widgets.Tree) dv.getViewer().getControl();
		Ui.waitUntil(() -> Arrays.stream(tree.getItems()).anyMatch(i -> i.getText().equals("page")), () -> "page in Variables:" + Ui.rows(tree));
		TreeItem item = Arrays.stream(tree.getItems()).filter(i -> i.getText().equals("page")).findFirst().orElseThrow();
		dv.getViewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(item.getData()));
		page.activate(variables);
		Ui.settle(Duration.ofMillis(200));
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(MemoryViews.SHOW_IN_TRANSLATIONS_COMMAND, null);
		long structPage = value("page");
		TranslationsView v = (TranslationsView) page.findView(MemoryViews.TRANSLATIONS);
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().walk() != null && v.model().walk().va() == structPage,
				"Translations walks the struct page's address");
		// the descriptor lives in the vmemmap: VMEMMAP_START + pfn * sizeof(struct page)
		assertEquals(io.kmemlab.emulator.inspect.AddressRegion.Kind.VMEMMAP, v.model().walk().region().kind());
		assertTrue(v.model().walk().mapped(), "the vmemmap is mapped where frames exist");
		terminateSession();
	}

	// ------------------------------------------------------------------ Page Descriptor: example 04

	@Test
	@Order(20)
	void aCompoundPagesFlagsEqualTheCommandLines() throws Exception {
		if (target != null) {
			terminateSession();
		}
		editor = (ITextEditor) IDE.openEditor(Ui.page(), unions, true);
		Ui.settle(Duration.ofMillis(300));
		int line = lineOf(unions, "expect page_zonenum(pfn_to_page(0x10))");
		caretAt(line, "expect");
		PageView v = (PageView) view(MemoryViews.PAGE);
		toolbarAction(v, "io.kmemlab.debug.ui.views.runToCaret").run();
		Ui.waitUntil(() -> (target = kmemTarget()) != null && target.suspension() != null && target.suspension().top().at().line() == line,
				"the unions scenario suspends after show page");
		long c = value("c");
		// the command line on the same scenario, with `show page c` added before `show page c + 1`
		// (a show changes nothing, so the machine is the session's)
		String text = Files.readString(Path.of(unions.getLocationURI())).replace("show page c + 1", "show page c\n    show page c + 1");
		IFile withHead = Ui.file(PROJECT, "unions_and_head.kmem", text);
		String out = cli("run", withHead.getLocation().toString(), "--scenario", UNION_SCENARIO);

		// the head: page->flags and its PG_ bits as the CLI prints them
		v.show(new io.kmemlab.debug.core.views.MemoryTarget(io.kmemlab.debug.core.views.MemoryTarget.Type.PAGE, c));
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().page() != null && v.model().page().address() == c, "c shown");
		String headBlock = showBlock(out, "show page c");
		assertEquals(cliFlags(headBlock), v.model().page().flags(), "page->flags of the head equals the CLI's:\n" + headBlock);
		Set<String> cliNames = pgNames(headBlock);
		assertTrue(cliNames.contains("PG_head"), "prep_compound_head() sets PG_head (mm/page_alloc.c): " + headBlock);
		assertEquals(cliNames, new TreeSet<>(v.model().page().pgFlags()), "the PG_ bits equal the CLI's");
		for (String name : cliNames) {
			assertTrue(v.summaryText().contains(name), name + " in " + v.summaryText());
		}

		// the tail c + 1: compound_head = head + 1 (include/linux/page-flags.h set_compound_head)
		v.show(new io.kmemlab.debug.core.views.MemoryTarget(io.kmemlab.debug.core.views.MemoryTarget.Type.PAGE, c + 64));
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().page() != null && v.model().page().address() == c + 64,
				"Page Descriptor shows c + 1");
		PageModel m = v.model();
		// the second page of an order-2 folio is read as struct folio's __page_1 (_head_1 over
		// compound_head); the "tail" view names the same word compound_head
		PageModel.Field head = m.views().values().iterator().next().stream().filter(f -> f.offset() == 8).findFirst()
				.orElseThrow(() -> new AssertionError("the view in use has a field at +8: " + m.views().keySet()));
		assertEquals(c + 1, head.value(), head.name() + " = head | 1");
		assertEquals(c + 1, m.views().get("tail").stream().filter(f -> f.name().equals("compound_head")).findFirst().orElseThrow().value());
		assertTrue(v.links().getText().contains("compound head"), v.links().getText());
		String tailBlock = showBlock(out, "show page c + 1");
		assertEquals(cliFlags(tailBlock), m.page().flags(), "page->flags of the tail equals the CLI's:\n" + tailBlock);
		assertEquals(cliFlags(headBlock), cliFolioFlags(tailBlock), "dump_page of a tail prints its folio's (the head's) flags:\n" + tailBlock);
		// folio->_flags_1 keeps the folio's order in its low byte (include/linux/mm.h folio_large_order, 6.12)
		assertEquals(2, m.page().flags() & 0xff);
		// the flags picture: section | node | zone ... | flags, each with its bit range
		List<String> fields = v.flagBoxes().stream().map(BitSplit.Box::name).toList();
		assertTrue(fields.contains("zone") && fields.contains("node") && fields.contains("flags"), fields.toString());
	}

	@Test
	@Order(21)
	void theOtherUnionViewsAreOneClickAway() {
		PageView v = (PageView) view(MemoryViews.PAGE);
		assertTrue(v.unionViews().getItemCount() > 1, Arrays.toString(v.unionViews().getItems()));
		assertTrue(v.unionViews().getItem(0).endsWith("(in use)"));
		assertEquals(v.model().views().values().iterator().next().size(), v.fieldsTable().getItemCount());
		v.unionViews().select(1);
		v.unionViews().notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
		String second = new ArrayList<>(v.model().views().keySet()).get(1);
		assertEquals(v.model().views().get(second).size(), v.fieldsTable().getItemCount(), "the fields of " + second);
		v.unionViews().select(0);
		v.unionViews().notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
	}

	@Test
	@Order(22)
	void aStepMarksTheRefcountItChangedAndNamesTheStep() throws Exception {
		int line = lineOf(unions, "get_page(f)");
		caretAt(line, "get_page");
		target.runToLine(unions.getLocationURI(), line);
		Ui.waitUntil(() -> target.suspension() != null && target.suspension().top().at().line() == line, "at get_page(f)");
		PageView v = showIn(MemoryViews.SHOW_IN_PAGE_COMMAND, line, "f", PageView.class);
		long f = value("f");
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().page() != null && v.model().page().address() == f, "f shown");
		assertEquals(1, v.model().page().refcount(), "alloc_page gives a reference");
		stepOver();
		Ui.waitUntil(() -> v.upToDate() && v.model() != null && v.model().page() != null && v.model().page().refcount() == 2,
				"get_page adds one (include/linux/mm.h get_page -> folio_ref_inc)");
		int row = -1;
		List<PageModel.Field> fields = v.currentFields();
		for (int i = 0; i < fields.size(); i++) {
			if (fields.get(i).name().equals("_refcount")) {
				row = i;
			}
		}
		assertTrue(row >= 0, "the view in use has _refcount: " + fields);
		TableItem item = v.fieldsTable().getItem(row);
		assertEquals(MemoryView.changedBackground(), item.getBackground(), "_refcount is highlighted");
		assertTrue(item.getText(4).contains(UNIONS + ":" + line), "written by get_page: " + item.getText(4));
		for (int i = 0; i < fields.size(); i++) {
			if (i != row && fields.get(i).offset() + fields.get(i).bytes() <= fields.get(row).offset()) {
				assertFalse(fields.get(i).changed(), fields.get(i).name() + " did not change");
			}
		}
		// Copy as Text: crash's kmem -p line (PAGE, PHYSICAL, MAPPING, INDEX, CNT, FLAGS)
		String text = v.textNow();
		assertTrue(text.contains("PAGE") && text.contains("CNT"), text);
		long frame = v.model().page().pfn() << 12;
		assertTrue(text.lines().map(l -> l.trim().split("\\s+")).anyMatch(w -> w.length >= 6 && w[0].equals(Long.toHexString(f))
				&& w[1].equals(Long.toHexString(frame)) && w[4].equals("2")), "the struct page line with count 2: " + text);
		maximizedScreenshot(v, "view-page.png");
	}

	@Test
	@Order(30)
	void theWholePerspectiveSuspendedInTheExample() throws Exception {
		IWorkbenchPage page = Ui.page();
		page.resetPerspective();
		Ui.settle(Duration.ofMillis(500));
		TranslationsView tv = showIn(MemoryViews.SHOW_IN_TRANSLATIONS_COMMAND, lineOf(unions, "let s = kmalloc"), "s", TranslationsView.class);
		long s = value("s");
		Ui.waitUntil(() -> tv.upToDate() && tv.model() != null && tv.model().walk() != null && tv.model().walk().va() == s, "s walked");
		assertTrue(tv.summaryText().contains("region: direct map"), "kmalloc memory is in the direct map: " + tv.summaryText());
		PageView pv = showIn(MemoryViews.SHOW_IN_PAGE_COMMAND, lineOf(unions, "let c = alloc_pages"), "c", PageView.class);
		Ui.waitUntil(() -> pv.upToDate() && pv.model() != null && pv.model().page() != null, "c shown");
		page.activate(editor);
		for (String id : new String[] { MemoryViews.TRANSLATIONS, MemoryViews.PAGE, "org.eclipse.debug.ui.DebugView",
				"org.eclipse.debug.ui.VariableView" }) {
			page.showView(id, null, IWorkbenchPage.VIEW_VISIBLE);
		}
		Ui.settle(Duration.ofMillis(800));
		Ui.screenshot(Ui.window().getShell(), "perspective.png");
		terminateSession();
	}

	// ------------------------------------------------------------------ helpers

	private static MemoryView<?> view(String id) {
		try {
			IViewPart v = Ui.page().showView(id);
			return (MemoryView<?>) v;
		} catch (Exception e) {
			throw new AssertionError(id, e);
		}
	}

	/** Puts the caret on {@code word} of {@code line} and runs the Show in command there, as a user's key press does. */
	private <V extends MemoryView<?>> V showIn(String command, int line, String word, Class<V> type) throws Exception {
		Ui.page().activate(editor);
		caretAt(line, word);
		Ui.settle(Duration.ofMillis(150));
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(command, null);
		String id = type == TranslationsView.class ? MemoryViews.TRANSLATIONS : MemoryViews.PAGE;
		Ui.waitUntil(() -> Ui.page().findView(id) != null, id + " opens");
		return type.cast(Ui.page().findView(id));
	}

	/**
	 * Puts the caret inside {@code word} on {@code line}; again if the debugger's source display
	 * (which selects the suspended line, asynchronously) moved it meanwhile.
	 */
	private void caretAt(int line, String word) throws Exception {
		IDocument d = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		int start = d.getLineOffset(line - 1);
		Matcher m = Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(d.get(start, d.getLineLength(line - 1)));
		assertTrue(m.find(), word + " on line " + line);
		int offset = start + m.start() + 1;
		for (int i = 0; i < 10; i++) {
			editor.selectAndReveal(offset, 0);
			Ui.settle(Duration.ofMillis(700));
			if (caret() == offset) {
				Ui.settle(Duration.ofMillis(700));
				if (caret() == offset) {
					return;
				}
			}
		}
		throw new AssertionError("the caret does not stay on " + word + " of line " + line);
	}

	private int caret() {
		return ((org.eclipse.jface.text.ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
	}

	private static int lineOf(IFile file, String fragment) throws Exception {
		String text = Files.readString(Path.of(file.getLocationURI()));
		int at = text.indexOf(fragment);
		assertTrue(at >= 0, fragment);
		return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
	}

	private long value(String expression) {
		Evaluation e = target.evaluate(expression);
		assertNotNull(e, "evaluates " + expression);
		assertTrue(e.ok(), e.text());
		return e.value().bits();
	}

	private void stepOver() {
		int steps = target.suspension().steps();
		target.stepOver();
		Ui.waitUntil(() -> target.suspension() != null && target.suspension().steps() > steps, "the step ends");
	}

	private void terminateSession() throws Exception {
		target.terminate();
		KmemDebugTarget t = target;
		Ui.waitUntil(t::isTerminated, "the session ends");
		for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
			if (l.isTerminated()) {
				DebugPlugin.getDefault().getLaunchManager().removeLaunch(l);
			}
		}
		target = null;
	}

	private static KmemDebugTarget kmemTarget() {
		for (IDebugTarget t : DebugPlugin.getDefault().getLaunchManager().getDebugTargets()) {
			if (t instanceof KmemDebugTarget k && !k.isTerminated()) {
				return k;
			}
		}
		return null;
	}

	private static org.eclipse.jface.action.IAction toolbarAction(MemoryView<?> v, String id) {
		for (IContributionItem i : v.getViewSite().getActionBars().getToolBarManager().getItems()) {
			if (i instanceof ActionContributionItem a && id.equals(a.getAction().getId())) {
				return a.getAction();
			}
		}
		throw new AssertionError("no toolbar action " + id);
	}

	private static String cell(Table table, int row, int column) {
		return table.getItem(row).getText(column);
	}

	private static TreeItem rootFor(PageTablesView v, int index) {
		for (TreeItem i : v.tree().getItems()) {
			if (i.getData() instanceof PageTableNode n && n.entry().index() == index) {
				return i;
			}
		}
		throw new AssertionError("no pgd entry " + index + " in " + v.tree().getItemCount() + " roots");
	}

	/** Runs the command line in-process and returns what it printed. */
	private static String cli(String... args) {
		StringWriter out = new StringWriter(), err = new StringWriter();
		CommandLine cl = Main.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		cl.execute(args);
		return out.toString();
	}

	/** The entries the CLI prints under the statement {@code statement}: level, table, index, entry, flags. */
	private static List<String[]> cliWalk(String out, String statement) {
		List<String[]> rows = new ArrayList<>();
		String[] lines = out.split("\n");
		int i = 0;
		while (i < lines.length && !lines[i].contains(statement)) {
			i++;
		}
		Pattern row = Pattern.compile("^\\s*(pgd|p4d|pud|pmd|pte)\\s+(0x[0-9a-f]+)\\s+(\\d+)\\s+(0x[0-9a-f]+)\\s+(.*)$");
		for (i++; i < lines.length; i++) {
			Matcher m = row.matcher(lines[i]);
			if (m.matches()) {
				rows.add(new String[] { m.group(1), m.group(2), m.group(3), m.group(4), m.group(5).strip() });
			} else if (!rows.isEmpty() || !lines[i].contains("level")) {
				break;
			}
		}
		return rows;
	}

	/** What the CLI printed for the statement {@code statement} (its line up to the next statement's). */
	private static String showBlock(String out, String statement) {
		Matcher m = Pattern.compile("(?m)^\\s*\\d+\\s+" + Pattern.quote(statement) + "\\s*$").matcher(out);
		assertTrue(m.find(), statement + " in\n" + out);
		Matcher next = Pattern.compile("(?m)^\\s*\\d+\\s+\\S").matcher(out);
		int end = next.find(m.end()) ? next.start() : out.length();
		return out.substring(m.start(), end);
	}

	/**
	 * The page's own page->flags word in a show page block: the first word of its first "raw:" line.
	 * dump_page's "flags:" line prints the folio's flags (&folio->flags in __dump_page(), mm/debug.c
	 * 6.12), which for a tail page are its head's.
	 */
	private static long cliFlags(String block) {
		Matcher raw = Pattern.compile("raw:\\s+([0-9a-f]+)").matcher(block);
		assertTrue(raw.find(), block);
		return Long.parseUnsignedLong(raw.group(1), 16);
	}

	/** The flags word of dump_page's "flags:" line: the folio's. */
	private static long cliFolioFlags(String block) {
		Matcher flags = Pattern.compile("flags:\\s+0x([0-9a-f]+)").matcher(block);
		assertTrue(flags.find(), block);
		return Long.parseUnsignedLong(flags.group(1), 16);
	}

	/** The PG_ names the CLI printed for a page: its "PG_ flags:" line, else its flags line. */
	private static Set<String> pgNames(String block) {
		String[] lines = block.split("\n");
		String source = null;
		for (String l : lines) {
			if (l.strip().startsWith("PG_ flags:")) {
				source = l.substring(l.indexOf(':') + 1);
				break;
			}
		}
		if (source == null) {
			for (String l : lines) {
				if (l.strip().startsWith("flags")) {
					source = l;
					break;
				}
			}
		}
		Set<String> out = new TreeSet<>();
		Matcher m = Pattern.compile("PG_\\w+").matcher(source == null ? "" : source);
		while (m.find()) {
			out.add(m.group());
		}
		return out;
	}

	/** Maximises the view, takes target/screenshots/NAME of the window, and restores the layout. */
	private static void maximizedScreenshot(IViewPart v, String name) throws Exception {
		IWorkbenchPage page = Ui.page();
		// let the debugger's source display (it reveals the suspended line in the editor) finish
		// first: once the view is maximised it would pop the editor up over it
		Ui.settle(Duration.ofMillis(1500));
		page.activate(v);
		page.setPartState(page.getReference(v), IWorkbenchPage.STATE_MAXIMIZED);
		Ui.settle(Duration.ofMillis(300));
		// the source display may have popped the minimised editor up over the view: give the view the focus back
		page.activate(v);
		v.setFocus();
		Ui.settle(Duration.ofMillis(600));
		Ui.screenshot(Ui.window().getShell(), name);
		page.setPartState(page.getReference(v), IWorkbenchPage.STATE_RESTORED);
		Ui.settle(Duration.ofMillis(300));
	}
}
