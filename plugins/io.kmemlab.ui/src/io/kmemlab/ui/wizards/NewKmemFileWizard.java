package io.kmemlab.ui.wizards;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/** File > New > Other… > kmemlab > kmemlab file: a .kmem file from {@link NewFileTemplate}, opened in the editor. */
public class NewKmemFileWizard extends BasicNewResourceWizard {

	public static final String ID = "io.kmemlab.ui.wizards.newFile";

	private WizardNewFileCreationPage page;

	@Override
	protected void initializeDefaultPageImageDescriptor() {
		// The workbench's new-file banner is fine; no image of our own.
	}

	@Override
	public void addPages() {
		setWindowTitle("New kmemlab File");
		page = new WizardNewFileCreationPage("kmemFile", getSelection()) {
			@Override
			protected InputStream getInitialContents() {
				return new ByteArrayInputStream(NewFileTemplate.text(getFileName()).getBytes(StandardCharsets.UTF_8));
			}
		};
		page.setTitle("kmemlab file");
		page.setDescription("A .kmem file with a machine and a first scenario on it.");
		page.setFileExtension("kmem");
		page.setFileName("first_steps.kmem");
		addPage(page);
	}

	@Override
	public boolean performFinish() {
		IFile file = page.createNewFile();
		if (file == null) {
			return false;
		}
		selectAndReveal(file);
		IWorkbenchPage workbenchPage = getWorkbench().getActiveWorkbenchWindow().getActivePage();
		if (workbenchPage != null) {
			try {
				IDE.openEditor(workbenchPage, file, true);
			} catch (PartInitException e) {
				page.setErrorMessage("The file was created but could not be opened: " + e.getMessage());
			}
		}
		return true;
	}
}
