package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.kmemlab.lang.ide.outline.OutlineNode;
import io.kmemlab.ui.outline.KmemOutlinePage;
import io.kmemlab.debug.ui.tests.Ui;

/** The Outline view shows a .kmem file's machines and scenarios and follows the editor both ways. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EditorOutlineTest {

	private static final String TEXT = KmemSamples.MACHINE_AND_SCENARIO;

	private ITextEditor editor;
	private KmemOutlinePage page;

	@BeforeAll
	void openWithOutline() throws Exception {
		EditorSupport.prepareWorkbench();
		editor = EditorSupport.open("outline.kmem", TEXT);
		ContentOutline view = (ContentOutline) Ui.page().showView(IPageLayout.ID_OUTLINE);
		Ui.page().activate(editor);
		assertTrue(Ui.waitFor(() -> view.getCurrentPage() instanceof KmemOutlinePage, EditorSupport.TIMEOUT),
				"the Outline view shows no kmem page but " + view.getCurrentPage());
		page = (KmemOutlinePage) view.getCurrentPage();
		assertTrue(Ui.waitFor(() -> tree().getItemCount() > 0, EditorSupport.TIMEOUT), "the outline stayed empty");
	}

	@AfterAll
	void close() throws Exception {
		EditorSupport.closeAndDelete(editor);
	}

	@Test
	@Order(1)
	void showsMachinesWithClausesAndScenariosWithBlocksAndLets() {
		assertEquals(List.of("machine pc24g", "scenario \"struct page from any address\" on pc24g"), texts(tree().getItems()));
		TreeItem machine = tree().getItem(0);
		List<String> clauses = texts(machine.getItems());
		assertEquals("arch x86_64", clauses.get(0));
		assertTrue(clauses.contains("memory-model sparsemem-vmemmap") && clauses.contains("config { VMAP_STACK on THP on }"),
				"clauses: " + clauses);
		assertEquals(9, clauses.size(), "one entry per clause: " + clauses);

		TreeItem scenario = tree().getItem(1);
		assertEquals(List.of("let k", "let v", "process app"), texts(scenario.getItems()));
		OutlineNode process = page.roots().get(1).children().get(2);
		assertEquals(List.of("let u", "let pages"), process.children().stream().map(OutlineNode::label).toList());
	}

	@Test
	@Order(2)
	void selectingAnEntrySelectsItsNameInTheEditor() {
		OutlineNode letV = page.roots().get(1).children().get(1);
		page.viewer().setSelection(new StructuredSelection(letV), true);
		ITextSelection selection = (ITextSelection) editor.getSelectionProvider().getSelection();
		assertEquals(EditorSupport.offsetOf(TEXT, "v = vmalloc"), selection.getOffset());
		assertEquals("v", selection.getText());
	}

	@Test
	@Order(3)
	void movingTheCaretSelectsTheInnermostEntry() {
		editor.setFocus();
		editor.selectAndReveal(EditorSupport.offsetOf(TEXT, "PROT_READ"), 0);
		assertTrue(Ui.waitFor(() -> "let u".equals(selectedLabel()), EditorSupport.TIMEOUT),
				"the caret in 'let u = mmap(...)' selected " + selectedLabel());
		editor.selectAndReveal(EditorSupport.offsetOf(TEXT, "write8"), 0);
		assertTrue(Ui.waitFor(() -> "process app".equals(selectedLabel()), EditorSupport.TIMEOUT),
				"the caret on a statement of the process block selected " + selectedLabel());
	}

	@Test
	@Order(4)
	void editsShowUpInTheOutline() throws Exception {
		IDocument document = EditorSupport.document(editor);
		int at = EditorSupport.offsetOf(document.get(), "    print \"vmalloc area ok\"");
		document.replace(at, 0, "    let added = 1\n");
		assertTrue(Ui.waitFor(() -> texts(tree().getItem(1).getItems()).contains("let added"), EditorSupport.TIMEOUT),
				"the new let did not appear: " + texts(tree().getItem(1).getItems()));
		assertEquals(List.of("let k", "let v", "let added", "process app"), texts(tree().getItem(1).getItems()));
	}

	@Test
	@Order(5)
	void sortingAndHidingLets() throws Exception {
		toolbarAction("Hide lets").setChecked(true);
		toolbarAction("Hide lets").run();
		assertEquals(List.of("process app"), texts(tree().getItem(1).getItems()));

		toolbarAction("Sort").setChecked(true);
		toolbarAction("Sort").run();
		assertEquals(List.of("arch x86_64", "config { VMAP_STACK on THP on }", "cpus 2"),
				texts(tree().getItem(0).getItems()).subList(0, 3), "sorted clauses");

		toolbarAction("Sort").setChecked(false);
		toolbarAction("Sort").run();
		toolbarAction("Hide lets").setChecked(false);
		toolbarAction("Hide lets").run();
		page.viewer().expandAll();
		Ui.page().activate(editor);
		editor.selectAndReveal(EditorSupport.offsetOf(EditorSupport.document(editor).get(), "PROT_READ"), 0);
		Ui.waitFor(() -> "let u".equals(selectedLabel()), EditorSupport.TIMEOUT);
		Ui.settle(Duration.ofSeconds(1));
		Ui.screenshot(Ui.window().getShell(), "editor-outline.png");
	}

	private Tree tree() {
		return page.viewer().getTree();
	}

	private String selectedLabel() {
		IStructuredSelection selection = page.viewer().getStructuredSelection();
		return selection.getFirstElement() instanceof OutlineNode node ? node.label() : null;
	}

	private IAction toolbarAction(String text) {
		for (IContributionItem item : page.getSite().getActionBars().getToolBarManager().getItems()) {
			if (item instanceof ActionContributionItem action && text.equals(action.getAction().getText())) {
				return action.getAction();
			}
		}
		throw new AssertionError("no toolbar action " + text + " in the outline");
	}

	private static List<String> texts(TreeItem[] items) {
		List<String> texts = new ArrayList<>();
		Arrays.stream(items).forEach(item -> texts.add(item.getText()));
		return texts;
	}
}
