package io.kmemlab.ui.wizards;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

import io.kmemlab.ui.examples.BundledExamples;
import io.kmemlab.ui.examples.ExamplesProject;

/**
 * File > New > Project… > kmemlab > kmemlab examples: a new project with a copy of the
 * walkthroughs (never a link to the clone's examples/ folder), the first one opened.
 */
public class ExamplesProjectWizard extends BasicNewResourceWizard {

	public static final String ID = "io.kmemlab.ui.wizards.examples";

	private WizardNewProjectCreationPage page;

	@Override
	protected void initializeDefaultPageImageDescriptor() {
		// The workbench's banner is fine; no image of our own.
	}

	@Override
	public void addPages() {
		setWindowTitle("New kmemlab Examples Project");
		setNeedsProgressMonitor(true);
		page = new WizardNewProjectCreationPage("kmemlabExamples") {
			@Override
			public void createControl(Composite parent) {
				super.createControl(parent);
				Label files = new Label((Composite) getControl(), SWT.WRAP);
				files.setText("The project gets its own copy of:\n    " + String.join("\n    ", BundledExamples.names())
						+ "\nChanging or adding files there leaves the kmemlab installation's examples as they are.");
				GridDataFactory.fillDefaults().grab(true, false).indent(0, 12).applyTo(files);
			}
		};
		page.setTitle("kmemlab examples");
		page.setDescription("A project with a copy of the kmemlab walkthroughs and the machines they run on.");
		page.setInitialProjectName(ExamplesProject.freeName());
		addPage(page);
	}

	@Override
	public boolean performFinish() {
		IProject project = page.getProjectHandle();
		URI location = page.useDefaults() ? null : page.getLocationURI();
		IFile[] first = new IFile[1];
		try {
			getContainer().run(true, false, new WorkspaceModifyOperation() {
				@Override
				protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
					first[0] = ExamplesProject.create(project, location, monitor);
				}
			});
		} catch (InvocationTargetException e) {
			page.setErrorMessage("The examples could not be copied: " + e.getCause().getMessage());
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
		selectAndReveal(project);
		IWorkbenchPage workbenchPage = getWorkbench().getActiveWorkbenchWindow().getActivePage();
		if (workbenchPage != null && first[0] != null) {
			try {
				IDE.openEditor(workbenchPage, first[0], true);
			} catch (PartInitException e) {
				page.setErrorMessage("The project was created but its first walkthrough could not be opened: " + e.getMessage());
			}
		}
		return true;
	}
}
