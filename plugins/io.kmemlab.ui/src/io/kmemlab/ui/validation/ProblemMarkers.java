package io.kmemlab.ui.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.IWorkspaceRunnable;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

import io.kmemlab.ui.KmemUi;

/** Replaces a file's kmem problem markers with markers for a new list of issues. */
public final class ProblemMarkers {

	private ProblemMarkers() {
	}

	public static void replace(IFile file, List<Issue> issues) throws CoreException {
		IWorkspace workspace = ResourcesPlugin.getWorkspace();
		// One workspace operation, so views see a single change instead of a delete and n adds.
		IWorkspaceRunnable update = monitor -> {
			if (!file.exists()) {
				return;
			}
			List<Map<String, Object>> wanted = issues.stream().filter(i -> i.getSeverity() != Severity.IGNORE)
					.map(ProblemMarkers::attributesOf).toList();
			IMarker[] existing = file.findMarkers(KmemUi.PROBLEM_MARKER_TYPE, false, IResource.DEPTH_ZERO);
			if (same(existing, wanted)) {
				// The editor and the workspace validation often report the same problems for the
				// same text: keeping the markers keeps their annotations (and a Ctrl+1 popup
				// computed from them) instead of removing and re-adding them.
				return;
			}
			file.deleteMarkers(KmemUi.PROBLEM_MARKER_TYPE, false, IResource.DEPTH_ZERO);
			for (Map<String, Object> attributes : wanted) {
				IMarker marker = file.createMarker(KmemUi.PROBLEM_MARKER_TYPE);
				marker.setAttributes(attributes);
			}
		};
		workspace.run(update, workspace.getRuleFactory().markerRule(file), IWorkspace.AVOID_UPDATE, null);
	}

	/** Whether the markers have exactly these attributes (in any order). */
	private static boolean same(IMarker[] existing, List<Map<String, Object>> wanted) throws CoreException {
		if (existing.length != wanted.size()) {
			return false;
		}
		List<Map<String, Object>> have = new java.util.ArrayList<>();
		for (IMarker marker : existing) {
			have.add(marker.getAttributes());
		}
		List<Map<String, Object>> remaining = new java.util.ArrayList<>(wanted);
		for (Map<String, Object> attributes : have) {
			if (!remaining.remove(attributes)) {
				return false;
			}
		}
		return remaining.isEmpty();
	}

	static Map<String, Object> attributesOf(Issue issue) {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(IMarker.MESSAGE, issue.getMessage());
		attributes.put(IMarker.SEVERITY, severityOf(issue.getSeverity()));
		if (issue.getLineNumber() != null) {
			attributes.put(IMarker.LINE_NUMBER, issue.getLineNumber());
			attributes.put(IMarker.LOCATION, "line " + issue.getLineNumber());
		}
		if (issue.getOffset() != null && issue.getLength() != null) {
			attributes.put(IMarker.CHAR_START, issue.getOffset());
			attributes.put(IMarker.CHAR_END, issue.getOffset() + issue.getLength());
		}
		if (issue.getCode() != null) {
			attributes.put("code", issue.getCode());
		}
		return attributes;
	}

	private static int severityOf(Severity severity) {
		return switch (severity) {
		case ERROR -> IMarker.SEVERITY_ERROR;
		case WARNING -> IMarker.SEVERITY_WARNING;
		default -> IMarker.SEVERITY_INFO;
		};
	}
}
