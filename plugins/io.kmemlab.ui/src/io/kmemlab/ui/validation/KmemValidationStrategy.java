package io.kmemlab.ui.validation;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.xtext.service.OperationCanceledError;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Inject;

import io.kmemlab.ui.internal.DocumentFiles;

/**
 * Validates the editor's text in the reconciler's background thread and shows the result as
 * problem markers on the file (the generic editor draws them as squiggles and ruler icons).
 *
 * <p>Implements {@link IReconcilingStrategyExtension} because only its initialReconcile runs
 * when the editor opens; plain reconcile runs only after the first edit.
 */
public class KmemValidationStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

	private final DocumentValidator validator;
	private final io.kmemlab.ui.internal.ParsedDocuments documents;
	private IDocument document;
	private IProgressMonitor monitor;

	@Inject
	public KmemValidationStrategy(DocumentValidator validator, io.kmemlab.ui.internal.ParsedDocuments documents) {
		this.validator = validator;
		this.documents = documents;
	}

	@Override
	public void setDocument(IDocument document) {
		this.document = document;
	}

	@Override
	public void setProgressMonitor(IProgressMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void initialReconcile() {
		validate();
	}

	@Override
	public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
		validate();
	}

	@Override
	public void reconcile(IRegion partition) {
		validate();
	}

	private void validate() {
		IDocument current = document;
		IFile file = DocumentFiles.fileOf(current);
		if (file == null) {
			return; // no workspace file to hold markers
		}
		IProgressMonitor progress = monitor;
		try {
			// The live model of the editor's text: a keystroke reparses one statement, not the file.
			List<Issue> issues = documents.read(current,
					resource -> validator.validate(resource, () -> progress != null && progress.isCanceled()));
			if (progress == null || !progress.isCanceled()) {
				ProblemMarkers.replace(file, issues);
			}
		} catch (OperationCanceledError e) {
			// The document changed while validating; the next reconcile validates the new text.
		} catch (CoreException | RuntimeException e) {
			// A validation failure must not kill the reconciler thread; the log says what broke.
			ILog.of(KmemValidationStrategy.class).error("kmem validation of " + file.getFullPath() + " failed", e);
		}
	}
}
