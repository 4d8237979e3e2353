package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.ui.KmemUi;
import io.kmemlab.ui.internal.DocumentFiles;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.quickfix.FileTexts;
import io.kmemlab.ui.validation.DocumentValidator;
import io.kmemlab.ui.validation.ProblemMarkers;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * Ctrl+1: every validation message that names a fix has a quick fix that makes that edit. Each
 * case goes through the platform's marker resolutions, as Ctrl+1 and the Problems view do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorQuickFixTest {

	private static final String X86 = "machine m {\n    arch x86_64\n    ram 0x0 size 1G\n}\n";
	private static final String OLD = "machine old {\n    arch i386\n    kernel 2.6\n    ram 0x0 size 512M\n}\n";

	/** A quick fix case: the text (| marks the problem's place), the fix's label, a line of the result. */
	record Case(String name, String text, String label, String expectedLine) {
	}

	static List<Case> cases() {
		return List.of(
				new Case("did you mean: unknown function", X86 + "scenario \"s\" on m {\n    let k = kma|loc(64, GFP_KERNEL)\n}\n",
						"Change to kmalloc", "    let k = kmalloc(64, GFP_KERNEL)"),
				new Case("did you mean: unknown name", X86 + "scenario \"s\" on m {\n    let k = kmalloc(64, GFP_|KERNL)\n}\n",
						"Change to GFP_KERNEL", "    let k = kmalloc(64, GFP_KERNEL)"),
				new Case("kind conversion: pfn to struct page", X86 + "scenario \"s\" on m {\n    let pfn = page_to_pfn(alloc_pages(GFP_KERNEL, 0))\n    __free_pages(|pfn, 0)\n}\n",
						"Change to pfn_to_page(pfn)", "    __free_pages(pfn_to_page(pfn), 0)"),
				new Case("kind conversion: show page of a pfn", X86 + "scenario \"s\" on m {\n    let pfn = page_to_pfn(alloc_pages(GFP_KERNEL, 0))\n    show page |pfn\n}\n",
						"Change to pfn_to_page(pfn)", "    show page pfn_to_page(pfn)"),
				new Case("kind conversion: walk of a pfn", X86 + "scenario \"s\" on m {\n    let pfn = page_to_pfn(alloc_pages(GFP_KERNEL, 0))\n    walk |pfn\n}\n",
						"Change to page_address(pfn_to_page(pfn))", "    walk page_address(pfn_to_page(pfn))"),
				new Case("kind conversion (warning): a kmalloc address as a struct page", X86 + "scenario \"s\" on m {\n    let k = kmalloc(64, GFP_KERNEL)\n    put_page(|k)\n}\n",
						"Change to virt_to_page(k)", "    put_page(virt_to_page(k))"),
				new Case("deprecated API", X86 + "scenario \"s\" on m {\n    let pg = alloc_pages(GFP_KERNEL, 0)\n    |page_cache_release(pg)\n}\n",
						"Use put_page()", "    put_page(pg)"),
				new Case("version-gated API: the older call", OLD + "scenario \"s\" on old {\n    let pg = alloc_pages(GFP_KERNEL, 0)\n    let v = |kmap_local_page(pg)\n}\n",
						"Use kmap_atomic(pg, KM_USER0)", "    let v = kmap_atomic(pg, KM_USER0)"),
				new Case("version-gated API: a newer kernel", OLD + "scenario \"s\" on old {\n    let pg = alloc_pages(GFP_KERNEL, 0)\n    print |page_ref_count(pg)\n}\n",
						// page_ref_count() came with include/linux/page_ref.h in 4.6; the fix picks the
						// oldest profile that has it, 6.1 (the smallest change to the machine).
						"Set kernel 6.1 on machine old", "    kernel 6.1"),
				new Case("kmap_atomic's KM_ type is gone", X86 + "scenario \"s\" on m {\n    let pg = alloc_pages(GFP_KERNEL, 0)\n    let a = kmap_atomic(pg, |KM_USER0)\n}\n",
						"Remove the KM_ type argument", "    let a = kmap_atomic(pg)"),
				new Case("kmap_atomic's KM_ type is missing in 2.6", OLD + "scenario \"s\" on old {\n    let pg = alloc_pages(GFP_KERNEL, 0)\n    let a = |kmap_atomic(pg)\n}\n",
						"Add the KM_USER0 slot type", "    let a = kmap_atomic(pg, KM_USER0)"),
				new Case("used before its let", X86 + "scenario \"s\" on m {\n    print |later\n    let later = 1\n}\n",
						"Move 'let later' before its first use", "    let later = 1\n    print later"),
				new Case("a void call kept in a let", X86 + "scenario \"s\" on m {\n    let pg = alloc_pages(GFP_KERNEL, 0)\n    let x = |put_page(pg)\n}\n",
						"Call put_page(pg) on its own", "    put_page(pg)\n}"),
				new Case("unknown field", X86 + "scenario \"s\" on m {\n    let pg = alloc_pages(GFP_KERNEL, 0)\n    print pg->|flag\n}\n",
						"Change to flags", "    print pg->flags"),
				new Case("unknown process", X86 + "scenario \"s\" on m {\n    process app {\n        let u = mmap(4K, PROT_READ)\n    }\n    show vmas |ap\n}\n",
						"Change to app", "    show vmas app"),
				new Case("expect sigsegv outside a process", X86 + "scenario \"s\" on m {\n    let k = kmalloc(64, GFP_KERNEL)\n    expect |sigsegv write8(k, 1)\n}\n",
						"Change to oops", "    expect oops write8(k, 1)"),
				new Case("indexing a struct page", X86 + "scenario \"s\" on m {\n    let pg = alloc_pages(GFP_KERNEL, 1)\n    print |pg[1]\n}\n",
						"Change to pg + 1", "    print pg + 1"),
				new Case("unknown machine: did you mean", X86 + "scenario \"s\" on |mm {\n}\n", "Change to m", "scenario \"s\" on m {"),
				new Case("unknown machine: create it", "scenario \"s\" on |pc {\n}\n", "Create machine pc", "machine pc {"),
				new Case("unknown machine: import the file that declares it", "scenario \"s\" on |qf_declared {\n}\n",
						"Add import \"qf-machines.kmem\"", "import \"qf-machines.kmem\""),
				new Case("a second clause of a kind", "machine m {\n    arch x86_64\n    ram 0x0 size 1G\n    cpus 1\n    |cpus 2\n}\n",
						"Remove this clause", "    cpus 1\n}"),
				new Case("a 32-bit clause on x86_64", "machine m {\n    arch x86_64\n    ram 0x0 size 1G\n    |lowmem-limit 896M\n}\n",
						"Remove this clause", "    ram 0x0 size 1G\n}"),
				new Case("unknown config option", "machine m {\n    arch i386\n    ram 0x0 size 1G\n    config { |HIGHMEN on }\n}\n",
						"Change to HIGHMEM", "    config { HIGHMEM on }"),
				new Case("unknown arch", "machine m {\n    arch |x86\n    ram 0x0 size 1G\n}\n", "Change to x86_64", "    arch x86_64"),
				new Case("paging mode of another arch", "machine m {\n    arch x86_64\n    paging |3-level\n    ram 0x0 size 1G\n}\n",
						"Change to 5-level", "    paging 5-level"),
				new Case("memory model of another arch", "machine m {\n    arch x86_64\n    memory-model |flatmem\n    ram 0x0 size 1G\n}\n",
						"Change to sparsemem-vmemmap", "    memory-model sparsemem-vmemmap"),
				new Case("unknown kernel profile", "machine m {\n    arch x86_64\n    kernel |5.4\n    ram 0x0 size 1G\n}\n",
						"Change to 6.12", "    kernel 6.12"),
				new Case("unknown boot allocator", "machine m {\n    arch x86_64\n    boot-allocator |memblok\n    ram 0x0 size 1G\n}\n",
						"Change to memblock", "    boot-allocator memblock"),
				new Case("unknown kernel image section", "machine m {\n    arch x86_64\n    ram 0x0 size 1G\n    symbol foo in |dta size 4K\n}\n",
						"Change to data", "    symbol foo in data size 4K"));
	}

	@BeforeAll
	void workbench() throws Exception {
		EditorSupport.prepareWorkbench();
		Ui.file(EditorSupport.PROJECT, "qf-machines.kmem", "machine qf_declared {\n    arch x86_64\n    ram 0x0 size 1G\n}\n");
	}

	@TestFactory
	Stream<DynamicTest> eachMessageThatNamesAFixHasIt() {
		return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
	}

	private void check(Case c) throws Exception {
		int at = c.text().indexOf('|');
		String text = c.text().replace("|", "");
		IFile file = Ui.file(EditorSupport.PROJECT, "quickfix.kmem", text);
		try {
			IMarker marker = markerAt(file, text, at);
			IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(marker);
			IMarkerResolution fix = Arrays.stream(resolutions).filter(r -> c.label().equals(r.getLabel())).findFirst()
					.orElse(null);
			assertNotNull(fix, "no fix '" + c.label() + "' among "
					+ Arrays.stream(resolutions).map(IMarkerResolution::getLabel).toList() + " for " + describe(marker));
			fix.run(marker);
			String fixed = FileTexts.read(file);
			assertTrue(fixed.contains(c.expectedLine()), "after '" + c.label() + "':\n" + fixed);
			List<String> before = problemsOf(text, file).stream().map(m -> m.getAttribute("code", "")).toList();
			assertFalse(problemsOf(fixed, file).stream().anyMatch(m -> m.getAttribute(IMarker.CHAR_START, -1) == marker.getAttribute(IMarker.CHAR_START, -2)
					&& m.getAttribute("code", "").equals(marker.getAttribute("code", ""))),
					"the problem is still there after the fix (problems before: " + before + ")");
		} finally {
			file.delete(true, null);
		}
	}

	@Test
	void ctrl1InTheEditorOffersTheFixAndApplyingItClearsTheMarker() throws Exception {
		String text = X86 + "scenario \"s\" on m {\n    let k = kmaloc(64, GFP_KERNEL)\n}\n";
		ITextEditor editor = EditorSupport.open("quickfix-editor.kmem", text);
		IFile file = EditorSupport.file(editor);
		try {
			assertTrue(Ui.waitFor(() -> !problems(file).isEmpty(), EditorSupport.TIMEOUT), "no marker for kmaloc");
			editor.selectAndReveal(text.indexOf("kmaloc") + 2, 0);
			ITextOperationTarget target = editor.getAdapter(ITextOperationTarget.class);
			assertTrue(target.canDoOperation(ISourceViewer.QUICK_ASSIST), "the editor has no quick assist");
			target.doOperation(ISourceViewer.QUICK_ASSIST);
			Shell shell = Ui.window().getShell();
			assertTrue(Ui.waitFor(() -> Popups.items(shell).contains("Change to kmalloc"), EditorSupport.TIMEOUT),
					"Ctrl+1 shows " + Popups.items(shell));
			Ui.settle(Duration.ofMillis(1500)); // the Problems view and the outline catch up
			Ui.screenshot(shell, "editor-quickfix.png");
			Popups.close(shell);

			IMarker marker = problems(file).get(0);
			IMarkerResolution fix = Arrays.stream(IDE.getMarkerHelpRegistry().getResolutions(marker))
					.filter(r -> r.getLabel().equals("Change to kmalloc")).findFirst().orElseThrow();
			fix.run(marker);
			assertTrue(EditorSupport.document(editor).get().contains("let k = kmalloc(64, GFP_KERNEL)"));
			assertTrue(Ui.waitFor(() -> problems(file).isEmpty(), EditorSupport.TIMEOUT),
					"the marker stayed after the fix");
		} finally {
			EditorSupport.closeAndDelete(editor);
		}
	}

	/** Marks the text's problems on the file (as the editor and the builder do) and returns the one at the offset. */
	private static IMarker markerAt(IFile file, String text, int offset) throws CoreException {
		List<IMarker> markers = problemsOf(text, file);
		return markers.stream().filter(m -> m.getAttribute(IMarker.CHAR_START, -1) <= offset
				&& offset <= m.getAttribute(IMarker.CHAR_END, -1)).findFirst()
				.orElseThrow(() -> new AssertionError("no problem at offset " + offset + " but " + markers.stream().map(EditorQuickFixTest::describe).toList()));
	}

	private static List<IMarker> problemsOf(String text, IFile file) throws CoreException {
		// The workspace validation also marks the new file; let it finish, so the markers taken
		// here are not replaced under the test.
		Ui.settle(Duration.ofMillis(300));
		WorkspaceValidationTest.awaitWorkspaceValidation();
		DocumentValidator validator = KmemInjector.get().getInstance(DocumentValidator.class);
		ProblemMarkers.replace(file, validator.validate(text, DocumentFiles.uriOf(file), () -> false));
		return problems(file);
	}

	private static List<IMarker> problems(IFile file) {
		try {
			return Arrays.asList(file.findMarkers(KmemUi.PROBLEM_MARKER_TYPE, false, IResource.DEPTH_ZERO));
		} catch (CoreException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String describe(IMarker m) {
		return m.getAttribute("code", "?") + " at " + m.getAttribute(IMarker.CHAR_START, -1) + ": "
				+ m.getAttribute(IMarker.MESSAGE, "");
	}

}
