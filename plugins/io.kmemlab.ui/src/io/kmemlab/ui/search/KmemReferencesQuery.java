package io.kmemlab.ui.search;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.search.ui.ISearchQuery;
import org.eclipse.search.ui.ISearchResult;
import org.eclipse.search.ui.text.Match;

import io.kmemlab.lang.ide.navigation.KmemReferences;
import io.kmemlab.lang.ide.navigation.Occurrence;
import io.kmemlab.ui.internal.WorkspaceKmemFiles;
import io.kmemlab.ui.navigation.Locations;
import io.kmemlab.ui.quickfix.FileTexts;

/** Find References: every place in the workspace's .kmem files that names the symbol at a caret. */
public class KmemReferencesQuery implements ISearchQuery {

	private final KmemReferences references;
	private final IFile origin;
	private final String originText;
	private final int offset;
	private final KmemSearchResult result = new KmemSearchResult(this);
	private String label = "kmem references";

	public KmemReferencesQuery(KmemReferences references, IFile origin, String originText, int offset) {
		this.references = references;
		this.origin = origin;
		this.originText = originText;
		this.offset = offset;
	}

	@Override
	public IStatus run(IProgressMonitor monitor) throws OperationCanceledException {
		result.removeAll();
		KmemReferences.Result found = references.find(WorkspaceKmemFiles.from(origin, originText), offset);
		if (found.symbol() == null) {
			label = "no kmem name at the caret";
			return Status.OK_STATUS;
		}
		label = "'" + found.symbol().symbol().name() + "'";
		for (Occurrence occurrence : found.occurrences()) {
			IFile file = Locations.fileOf(occurrence.uri());
			if (file == null) {
				continue;
			}
			IDocument text = new Document(file.equals(origin) ? originText : FileTexts.read(file));
			try {
				int line = text.getLineOfOffset(occurrence.offset());
				IRegion lineRegion = text.getLineInformation(line);
				ReferenceLine row = new ReferenceLine(file, line + 1,
						text.get(lineRegion.getOffset(), lineRegion.getLength()).strip());
				result.addMatch(new Match(row, occurrence.offset(), occurrence.length()));
			} catch (BadLocationException e) {
				// the file changed under the search; the next search shows it right
			}
		}
		return Status.OK_STATUS;
	}

	@Override
	public String getLabel() {
		return label;
	}

	@Override
	public boolean canRerun() {
		return false;
	}

	@Override
	public boolean canRunInBackground() {
		return true;
	}

	@Override
	public ISearchResult getSearchResult() {
		return result;
	}
}
