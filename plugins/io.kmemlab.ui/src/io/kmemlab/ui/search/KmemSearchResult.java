package io.kmemlab.ui.search;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.search.ui.ISearchQuery;
import org.eclipse.search.ui.text.AbstractTextSearchResult;
import org.eclipse.search.ui.text.IEditorMatchAdapter;
import org.eclipse.search.ui.text.IFileMatchAdapter;
import org.eclipse.search.ui.text.Match;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;

/** The references found, as matches on reference lines (so open editors show them too). */
public class KmemSearchResult extends AbstractTextSearchResult implements IFileMatchAdapter, IEditorMatchAdapter {

	private final KmemReferencesQuery query;

	KmemSearchResult(KmemReferencesQuery query) {
		this.query = query;
	}

	@Override
	public String getLabel() {
		return query.getLabel() + " - " + getMatchCount() + (getMatchCount() == 1 ? " reference" : " references");
	}

	@Override
	public String getTooltip() {
		return getLabel();
	}

	@Override
	public ImageDescriptor getImageDescriptor() {
		return null;
	}

	@Override
	public ISearchQuery getQuery() {
		return query;
	}

	@Override
	public IEditorMatchAdapter getEditorMatchAdapter() {
		return this;
	}

	@Override
	public IFileMatchAdapter getFileMatchAdapter() {
		return this;
	}

	@Override
	public Match[] computeContainedMatches(AbstractTextSearchResult result, IFile file) {
		List<Match> matches = new ArrayList<>();
		for (Object element : getElements()) {
			if (element instanceof ReferenceLine line && line.file().equals(file)) {
				matches.addAll(List.of(getMatches(element)));
			}
		}
		return matches.toArray(Match[]::new);
	}

	@Override
	public IFile getFile(Object element) {
		return element instanceof ReferenceLine line ? line.file() : null;
	}

	@Override
	public boolean isShownInEditor(Match match, IEditorPart editor) {
		IEditorInput input = editor.getEditorInput();
		return match.getElement() instanceof ReferenceLine line && line.file().equals(input.getAdapter(IFile.class));
	}

	@Override
	public Match[] computeContainedMatches(AbstractTextSearchResult result, IEditorPart editor) {
		IFile file = editor.getEditorInput().getAdapter(IFile.class);
		return file == null ? new Match[0] : computeContainedMatches(result, file);
	}
}
