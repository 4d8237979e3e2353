package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.wizards.IWizardCategory;
import org.eclipse.ui.wizards.IWizardDescriptor;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kmemlab.ui.examples.ExamplesProject;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.validation.DocumentValidator;
import io.kmemlab.ui.wizards.ExamplesProjectWizard;
import io.kmemlab.ui.wizards.NewFileTemplate;
import io.kmemlab.ui.wizards.NewKmemFileWizard;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * File > New > kmemlab: both wizards are registered, run through their dialogs as a user runs
 * them, and leave what they promise in the workspace. Screenshots: wizard-new-file.png,
 * wizard-examples.png.
 */
class WizardsTest {

	private static final String PROJECT = "wizard-test";
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@AfterEach
	void cleanUp() throws CoreException {
		PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
		for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
			if (project.getName().equals(PROJECT) || project.getName().startsWith(ExamplesProject.DEFAULT_NAME)) {
				project.delete(true, true, new NullProgressMonitor());
			}
		}
	}

	@Test
	void bothWizardsAreInTheKmemlabCategory() {
		IWizardDescriptor file = PlatformUI.getWorkbench().getNewWizardRegistry().findWizard(NewKmemFileWizard.ID);
		IWizardDescriptor examples = PlatformUI.getWorkbench().getNewWizardRegistry().findWizard(ExamplesProjectWizard.ID);
		assertNotNull(file, "no kmemlab file wizard");
		assertNotNull(examples, "no kmemlab examples wizard");
		assertEquals("kmemlab file", file.getLabel());
		assertEquals("kmemlab examples", examples.getLabel());
		IWizardCategory category = file.getCategory();
		assertEquals("kmemlab", category.getLabel());
		assertEquals(category, examples.getCategory());
	}

	@Test
	void theFileWizardCreatesAValidScenarioAndOpensIt() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
		project.create(null);
		project.open(null);
		project.setDefaultCharset(StandardCharsets.UTF_8.name(), null);

		WizardDialog dialog = open(NewKmemFileWizard.ID, new StructuredSelection(project));
		List<Text> fileName = Widgets.find(dialog.getShell(), Text.class, text -> "first_steps.kmem".equals(text.getText()));
		assertEquals(1, fileName.size(), "the file name field does not propose first_steps.kmem");
		assertTrue(Widgets.find(dialog.getShell(), Text.class, text -> PROJECT.equals(text.getText())).size() == 1,
				"the selected project is not the proposed folder");
		Ui.screenshot(dialog.getShell(), "wizard-new-file.png");
		Widgets.click(Widgets.dialogButton(dialog.getShell(), IDialogConstants.FINISH_ID));

		IFile file = project.getFile("first_steps.kmem");
		assertTrue(file.exists(), "the wizard made no file");
		String content = read(file);
		assertEquals(NewFileTemplate.text("first_steps.kmem"), content);
		assertTrue(content.contains("scenario \"first steps\" on pc"), content);
		assertEquals(file, openedFile(), "the new file is not open in the editor");

		List<Issue> issues = KmemInjector.get().getInstance(DocumentValidator.class)
				.validate(content, URI.createPlatformResourceURI(file.getFullPath().toString(), true), CancelIndicator.NullImpl);
		assertTrue(issues.isEmpty(), () -> "the template has problems: " + issues);
		Ui.settle(Duration.ofSeconds(2));
		assertNoProblems(file);
	}

	@Test
	void theExamplesWizardCopiesTheExamplesIntoANewProjectAndOpensTheFirst() throws Exception {
		WizardDialog dialog = open(ExamplesProjectWizard.ID, StructuredSelection.EMPTY);
		assertEquals(1, Widgets.find(dialog.getShell(), Text.class, text -> ExamplesProject.DEFAULT_NAME.equals(text.getText())).size(),
				"the project name field does not propose " + ExamplesProject.DEFAULT_NAME);
		Ui.screenshot(dialog.getShell(), "wizard-examples.png");
		Widgets.click(Widgets.dialogButton(dialog.getShell(), IDialogConstants.FINISH_ID));
		assertTrue(Ui.waitFor(() -> dialog.getShell() == null, TIMEOUT), "the wizard did not finish");

		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(ExamplesProject.DEFAULT_NAME);
		assertTrue(project.exists(), "the wizard made no project");
		ExamplesProjectTest.assertCopyOfTheExamples(project);
		assertEquals(ExamplesProject.firstWalkthrough(project), openedFile(), "the first walkthrough is not open");
		// Every walkthrough is valid kmem: opening them leaves the Problems view free of errors.
		Ui.settle(Duration.ofSeconds(3));
		assertNoProblems(project);
	}

	private static WizardDialog open(String wizardId, StructuredSelection selection) throws CoreException {
		IWizardDescriptor descriptor = PlatformUI.getWorkbench().getNewWizardRegistry().findWizard(wizardId);
		INewWizard wizard = assertInstanceOf(INewWizard.class, descriptor.createWizard());
		wizard.init(PlatformUI.getWorkbench(), selection);
		WizardDialog dialog = new WizardDialog(Ui.window().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		dialog.getShell().setSize(720, 620);
		Ui.settle(Duration.ofMillis(300));
		return dialog;
	}

	private static IFile openedFile() {
		IEditorPart editor = Ui.page().getActiveEditor();
		return editor != null && editor.getEditorInput() instanceof IFileEditorInput input ? input.getFile() : null;
	}

	private static String read(IFile file) throws IOException, CoreException {
		try (var in = file.getContents()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void assertNoProblems(IResource resource) throws CoreException {
		IMarker[] problems = Arrays.stream(resource.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE))
				.filter(marker -> marker.getAttribute(IMarker.SEVERITY, IMarker.SEVERITY_INFO) >= IMarker.SEVERITY_WARNING)
				.toArray(IMarker[]::new);
		assertEquals(0, problems.length, () -> "problems: " + Arrays.stream(problems)
				.map(m -> m.getResource().getName() + ":" + m.getAttribute(IMarker.LINE_NUMBER, 0) + " " + m.getAttribute(IMarker.MESSAGE, ""))
				.toList());
	}
}
