package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.ui.IPageLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kmemlab.ui.KmemUi;
import io.kmemlab.ui.validation.WorkspaceValidation;
import io.kmemlab.debug.ui.tests.Ui;

/** The Problems view lists the problems of .kmem files that were never opened, and fixes clear them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceValidationTest {

	@BeforeAll
	void workbench() throws Exception {
		EditorSupport.prepareWorkbench();
	}

	@Test
	void aFileWithAnErrorThatIsNeverOpenedGetsItsMarkerAndTheFixClearsIt() throws Exception {
		IFile file = Ui.file(EditorSupport.PROJECT, "never-opened.kmem",
				"machine m {\n    arch x86_64\n    ram 0x0 size 1G\n}\nscenario \"s\" on m {\n    let k = kmaloc(64, GFP_KERNEL)\n}\n");
		try {
			assertTrue(Ui.waitFor(() -> errors(file).size() == 1, EditorSupport.TIMEOUT),
					"no marker on the unopened file: " + describe(errors(file)));
			IMarker marker = errors(file).get(0);
			assertEquals(6, marker.getAttribute(IMarker.LINE_NUMBER, -1));
			assertTrue(marker.getAttribute(IMarker.MESSAGE, "").contains("kmalloc"), marker.getAttribute(IMarker.MESSAGE, ""));
			org.eclipse.ui.IViewPart problems = Ui.page().showView(IPageLayout.ID_PROBLEM_VIEW);
			Ui.settle(Duration.ofSeconds(2));
			// Open the Errors group, so the picture shows the unopened file's problem.
			if (problems.getViewSite().getSelectionProvider() instanceof org.eclipse.jface.viewers.AbstractTreeViewer tree) {
				tree.expandAll();
			}
			Ui.settle(Duration.ofMillis(500));
			Ui.screenshot(Ui.window().getShell(), "editor-workspace-problems.png");

			write(file, "machine m {\n    arch x86_64\n    ram 0x0 size 1G\n}\nscenario \"s\" on m {\n    let k = kmalloc(64, GFP_KERNEL)\n}\n");
			assertTrue(Ui.waitFor(() -> errors(file).isEmpty(), EditorSupport.TIMEOUT),
					"the marker stayed after the file was fixed: " + describe(errors(file)));
		} finally {
			file.delete(true, null);
		}
	}

	@Test
	void changingAnImportedFileRevalidatesTheFilesThatImportIt() throws Exception {
		IFile machines = Ui.file(EditorSupport.PROJECT, "ws-machines.kmem",
				"machine pc {\n    arch x86_64\n    ram 0x0 size 1G\n}\n");
		IFile user = Ui.file(EditorSupport.PROJECT, "ws-user.kmem",
				"import \"ws-machines.kmem\"\nscenario \"s\" on pc {\n    let k = kmalloc(64, GFP_KERNEL)\n}\n");
		try {
			Ui.settle(Duration.ofSeconds(1));
			assertTrue(Ui.waitFor(() -> errors(user).isEmpty(), EditorSupport.TIMEOUT), describe(errors(user)));
			write(machines, "machine server {\n    arch x86_64\n    ram 0x0 size 1G\n}\n");
			assertTrue(Ui.waitFor(() -> errors(user).size() == 1, EditorSupport.TIMEOUT),
					"the importing file did not learn that pc is gone: " + describe(errors(user)));
			assertTrue(errors(user).get(0).getAttribute(IMarker.MESSAGE, "").contains("unknown machine 'pc'"));
			write(machines, "machine pc {\n    arch x86_64\n    ram 0x0 size 1G\n}\n");
			assertTrue(Ui.waitFor(() -> errors(user).isEmpty(), EditorSupport.TIMEOUT), describe(errors(user)));
		} finally {
			user.delete(true, null);
			machines.delete(true, null);
		}
	}

	@Test
	void itIsStartedWithTheWorkbench() {
		assertTrue(Ui.waitFor(() -> WorkspaceValidation.job() != null, EditorSupport.TIMEOUT),
				"the workspace validation was not started by the workbench");
	}

	/** Waits until the workspace validation has nothing left to do. */
	static void awaitWorkspaceValidation() {
		if (WorkspaceValidation.job() == null) {
			return;
		}
		try {
			WorkspaceValidation.job().join(EditorSupport.TIMEOUT.toMillis(), null);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void write(IFile file, String text) throws CoreException {
		file.setContents(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, false, null);
	}

	private static List<IMarker> errors(IFile file) {
		try {
			return Arrays.stream(file.findMarkers(KmemUi.PROBLEM_MARKER_TYPE, false, IResource.DEPTH_ZERO))
					.filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR).toList();
		} catch (CoreException e) {
			return List.of();
		}
	}

	private static String describe(List<IMarker> markers) {
		return markers.stream().map(m -> m.getAttribute(IMarker.LINE_NUMBER, -1) + ": " + m.getAttribute(IMarker.MESSAGE, ""))
				.toList().toString();
	}
}
