package io.kmemlab.ui.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.xtext.validation.Issue;

import io.kmemlab.ui.internal.DocumentFiles;
import io.kmemlab.ui.internal.KmemEditors;
import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.internal.WorkspaceKmemFiles;
import io.kmemlab.ui.quickfix.FileTexts;

/**
 * Whole-workspace validation, the equivalent of a project builder that needs no project nature:
 * every .kmem file of the open projects is validated when the workbench starts, and again when a
 * .kmem file is added or saved, so the Problems view lists the problems of files nobody opened.
 * A change revalidates the other .kmem files of the project too: they may import the changed one.
 * Files open in an editor are validated with the editor's text, as the editor itself does.
 */
public final class WorkspaceValidation implements IResourceChangeListener {

	private static WorkspaceValidation instance;

	private final Set<IFile> pending = new LinkedHashSet<>();
	private final WorkspaceJob job = new WorkspaceJob("Validating .kmem files") {
		@Override
		public IStatus runInWorkspace(IProgressMonitor monitor) {
			return validatePending(monitor);
		}
	};

	private WorkspaceValidation() {
		job.setSystem(true);
	}

	/** Starts listening and validates every .kmem file of the workspace once. */
	public static synchronized void start() {
		if (instance != null) {
			return;
		}
		instance = new WorkspaceValidation();
		ResourcesPlugin.getWorkspace().addResourceChangeListener(instance, IResourceChangeEvent.POST_CHANGE);
		instance.enqueue(WorkspaceKmemFiles.all());
	}

	/** The job that validates; tests join it. */
	public static WorkspaceJob job() {
		return instance == null ? null : instance.job;
	}

	@Override
	public void resourceChanged(IResourceChangeEvent event) {
		if (event.getDelta() == null) {
			return;
		}
		List<IFile> changed = new ArrayList<>();
		try {
			event.getDelta().accept(delta -> {
				if (delta.getResource() instanceof IFile file && KmemEditors.isKmem(file)) {
					boolean contents = (delta.getFlags() & (IResourceDelta.CONTENT | IResourceDelta.REPLACED)) != 0;
					if (delta.getKind() == IResourceDelta.ADDED || delta.getKind() == IResourceDelta.REMOVED
							|| delta.getKind() == IResourceDelta.CHANGED && contents) {
						changed.add(file);
					}
				}
				return true;
			});
		} catch (CoreException e) {
			ILog.of(WorkspaceValidation.class).log(e.getStatus());
		}
		if (changed.isEmpty()) {
			return;
		}
		// The changed files and the .kmem files of their projects (which may import them).
		Set<IFile> affected = new LinkedHashSet<>();
		for (IFile file : changed) {
			if (file.exists()) {
				affected.add(file);
			}
		}
		for (IFile file : WorkspaceKmemFiles.all()) {
			if (changed.stream().anyMatch(c -> c.getProject().equals(file.getProject()))) {
				affected.add(file);
			}
		}
		enqueue(affected);
	}

	private void enqueue(Iterable<IFile> files) {
		synchronized (pending) {
			files.forEach(pending::add);
		}
		job.schedule(100); // coalesces a burst of saves (a refresh, a Save All) into one run
	}

	private IStatus validatePending(IProgressMonitor monitor) {
		DocumentValidator validator = KmemInjector.get().getInstance(DocumentValidator.class);
		while (true) {
			IFile file;
			synchronized (pending) {
				if (pending.isEmpty()) {
					return Status.OK_STATUS;
				}
				file = pending.iterator().next();
				pending.remove(file);
			}
			if (monitor.isCanceled()) {
				return Status.CANCEL_STATUS;
			}
			if (!file.exists() || !file.isAccessible()) {
				continue;
			}
			try {
				List<Issue> issues = validator.validate(FileTexts.read(file), DocumentFiles.uriOf(file), monitor::isCanceled);
				ProblemMarkers.replace(file, issues);
			} catch (CoreException e) {
				ILog.of(WorkspaceValidation.class).log(e.getStatus());
			} catch (org.eclipse.xtext.service.OperationCanceledError e) {
				return Status.CANCEL_STATUS;
			} catch (RuntimeException e) {
				// One file's failure must not stop the others; the log says which and why.
				ILog.of(WorkspaceValidation.class).error("validation of " + file.getFullPath() + " failed", e);
			}
		}
	}
}
