package io.kmemlab.ui.quickfix;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.quickfix.KmemQuickFixes;
import io.kmemlab.lang.ide.quickfix.QuickFix;
import io.kmemlab.lang.ide.text.TextParser;
import io.kmemlab.ui.internal.DocumentFiles;

/**
 * The fixes of a problem marker, computed from the file's current text (the editor's, when it
 * is open): the text is validated again and the marker's issue found by its code and place, so
 * the edits fit the text they will change.
 */
public class FixFinder {

	private final TextParser parser;
	private final IResourceValidator validator;
	private final KmemQuickFixes quickFixes;

	@Inject
	public FixFinder(TextParser parser, IResourceValidator validator, KmemQuickFixes quickFixes) {
		this.parser = parser;
		this.validator = validator;
		this.quickFixes = quickFixes;
	}

	public boolean mayHaveFixes(IMarker marker) {
		return quickFixes.handles(marker.getAttribute("code", null));
	}

	/**
	 * Where a marker is, kept apart from the marker: validation replaces a file's markers after
	 * every edit, so the marker a fix was listed for may be gone when the fix runs.
	 */
	public record Place(IFile file, String code, int start, int line) {
		public static Place of(IMarker marker) {
			return marker.getResource() instanceof IFile file
					? new Place(file, marker.getAttribute("code", null), marker.getAttribute(IMarker.CHAR_START, -1),
							marker.getAttribute(IMarker.LINE_NUMBER, -1))
					: null;
		}
	}

	public List<QuickFix> fixes(Place place) {
		if (place == null || !quickFixes.handles(place.code())) {
			return List.of();
		}
		String text = FileTexts.read(place.file());
		XtextResource resource = parser.parse(text, DocumentFiles.uriOf(place.file()));
		List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
		return issueOf(place, issues).map(issue -> quickFixes.fixes(resource, issue, new WorkspaceMachines()))
				.orElse(List.of());
	}

	/** The issue the marker was made for: same code, nearest to the marker's place. */
	static Optional<Issue> issueOf(Place place, List<Issue> issues) {
		String code = place.code();
		int start = place.start();
		int line = place.line();
		return issues.stream().filter(i -> code.equals(i.getCode()) && i.getOffset() != null)
				.min(Comparator.comparingInt((Issue i) -> start >= 0 ? Math.abs(i.getOffset() - start) : 0)
						.thenComparingInt(i -> i.getLineNumber() == null ? Integer.MAX_VALUE : Math.abs(i.getLineNumber() - line)));
	}
}
