package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposalExtension2;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.link.LinkedModeModel;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.ui.KmemUi;
import io.kmemlab.ui.contentassist.KmemContentAssistProcessor;

/** Ctrl+Space: variables in scope, clause values, show subcommands, templates and calls with placeholders. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorContentAssistTest {

	private static final String MACHINE = "machine m {\n    arch x86_64\n    ram 0x0 size 1G\n}\n";

	private ITextEditor editor;

	@BeforeAll
	void workbench() throws Exception {
		EditorSupport.prepareWorkbench();
	}

	@AfterEach
	void close() throws CoreException {
		if (editor != null) {
			LinkedModeModel.closeAllModels(EditorSupport.document(editor));
			EditorSupport.closeAndDelete(editor);
			editor = null;
		}
	}

	@Test
	void variablesInScopeAreProposedInnermostFirst() throws Exception {
		List<String> labels = labels(MACHINE + "scenario \"s\" on m {\n    let kbuf = kmalloc(64, GFP_KERNEL)\n"
				+ "    repeat 2 {\n        let kinner = 1\n    }\n    for kidx in 0 .. 3 {\n        print k|\n    }\n"
				+ "    let klater = 2\n}\n");
		assertTrue(labels.indexOf("kidx - variable") >= 0 && labels.indexOf("kbuf - variable") > labels.indexOf("kidx - variable"),
				"the loop variable, then the scenario's let: " + labels);
		assertFalse(labels.contains("kinner - variable"), "a let of a closed block is not in scope: " + labels);
		assertFalse(labels.contains("klater - variable"), "a let after the cursor is not in scope yet: " + labels);
		assertTrue(labels.stream().anyMatch(l -> l.startsWith("kmalloc(")), "kernel functions are still proposed: " + labels);
	}

	@Test
	void machineClausesProposeTheirValues() throws Exception {
		assertEquals(Set.of("x86_64", "i386", "arm"), values("machine m {\n    arch |\n}\n"));
		assertEquals(Set.of("sparsemem-vmemmap", "sparsemem"), values("machine m {\n    arch x86_64\n    memory-model |\n}\n"));
		assertEquals(Set.of("flatmem", "sparsemem"), values("machine m {\n    arch i386\n    memory-model |\n}\n"));
		assertEquals(Set.of("4-level", "5-level"), values("machine m {\n    arch x86_64\n    paging |\n}\n"));
		assertTrue(values("machine m {\n    arch x86_64\n    kernel |\n}\n").containsAll(List.of("6.12", "2.6")));
		Set<String> options = values("machine m {\n    arch x86_64\n    config { |}\n}\n");
		assertTrue(options.containsAll(List.of("VMAP_STACK", "THP", "HIGHMEM")), "config options: " + options);
		assertFalse(labels("machine m {\n    arch x86_64\n    config { |}\n}\n").contains("name"), "no placeholder word 'name'");
	}

	@Test
	void showProposesItsSubcommands() throws Exception {
		assertEquals(Set.of("page", "zone", "zoneinfo", "buddyinfo", "pagetypeinfo", "slabinfo", "memmap", "vmas"),
				values(MACHINE + "scenario \"s\" on m {\n    show |\n}\n"));
	}

	@Test
	void aFunctionIsInsertedWithItsArgumentsAsPlaceholders() throws Exception {
		String text = MACHINE + "scenario \"s\" on m {\n    let pg = alloc_pa|\n}\n";
		ICompletionProposal allocPages = proposal(text, p -> p.getDisplayString().startsWith("alloc_pages("));
		int offset = text.indexOf('|');
		((ICompletionProposalExtension2) allocPages).apply(viewer(), '\0', 0, offset);
		assertTrue(EditorSupport.document(editor).get().contains("    let pg = alloc_pages(gfp, order)\n"),
				EditorSupport.document(editor).get());
		assertTrue(LinkedModeModel.hasInstalledModel(EditorSupport.document(editor)), "the arguments are not linked placeholders");
	}

	@Test
	void statementTemplatesHavePlaceholders() throws Exception {
		String text = MACHINE + "scenario \"s\" on m {\n    fo|\n}\n";
		ICompletionProposal loop = proposal(text, p -> p.getDisplayString().startsWith("for - "));
		((ICompletionProposalExtension2) loop).apply(viewer(), '\0', 0, text.indexOf('|'));
		assertTrue(EditorSupport.document(editor).get().contains("    for i in from .. to {\n        \n    }\n"),
				EditorSupport.document(editor).get());
		assertTrue(LinkedModeModel.hasInstalledModel(EditorSupport.document(editor)));
	}

	@Test
	void aPopupOpenedByTypingIsNotFilledWhenEnterShouldEndTheLine() {
		List<ContentAssistEntry> keywords = List.of(entry("let"), entry("expect"), entry("kmalloc"));
		assertFalse(KmemContentAssistProcessor.worthAPopup(keywords, ""), "nothing typed yet");
		assertFalse(KmemContentAssistProcessor.worthAPopup(keywords, "let"), "'let' is complete: Enter ends the line");
		assertFalse(KmemContentAssistProcessor.worthAPopup(keywords, "xyz"), "nothing continues 'xyz'");
		assertTrue(KmemContentAssistProcessor.worthAPopup(keywords, "km"), "'km' continues to kmalloc");
		assertEquals(List.of("size", "gfp"), KmemContentAssistProcessor.requiredParameters("kmalloc(size, gfp)"));
		assertEquals(List.of("gfp"), KmemContentAssistProcessor.requiredParameters("alloc_page(gfp [, node])"));
	}

	private static ContentAssistEntry entry(String proposal) {
		ContentAssistEntry e = new ContentAssistEntry();
		e.setProposal(proposal);
		return e;
	}

	private ICompletionProposal proposal(String textWithCursor, java.util.function.Predicate<ICompletionProposal> which)
			throws CoreException {
		ICompletionProposal[] proposals = proposals(textWithCursor);
		ICompletionProposal found = Arrays.stream(proposals).filter(which).findFirst().orElse(null);
		assertNotNull(found, "not among " + Arrays.stream(proposals).map(ICompletionProposal::getDisplayString).toList());
		return found;
	}

	/** The plain values proposed (labels without a description). */
	private Set<String> values(String textWithCursor) throws CoreException {
		Set<String> values = Set.copyOf(labels(textWithCursor).stream().filter(l -> !l.contains(" - ")).toList());
		close();
		return values;
	}

	private List<String> labels(String textWithCursor) throws CoreException {
		return Arrays.stream(proposals(textWithCursor)).map(p -> p.getDisplayString().replace(" \u2013 ", " - ")).toList();
	}

	private ICompletionProposal[] proposals(String textWithCursor) throws CoreException {
		if (editor != null) {
			close();
		}
		int offset = textWithCursor.indexOf('|');
		editor = EditorSupport.open("assist-" + System.nanoTime() + ".kmem", textWithCursor.replace("|", ""));
		return processor().computeCompletionProposals(viewer(), offset);
	}

	private ITextViewer viewer() {
		return EditorSupport.viewer(editor);
	}

	private static IContentAssistProcessor processor() throws CoreException {
		for (IConfigurationElement element : Platform.getExtensionRegistry()
				.getConfigurationElementsFor("org.eclipse.ui.genericeditor.contentAssistProcessors")) {
			if (KmemUi.CONTENT_TYPE_ID.equals(element.getAttribute("contentType"))) {
				return (IContentAssistProcessor) element.createExecutableExtension("class");
			}
		}
		throw new AssertionError("no content assist processor for .kmem files");
	}
}
