package io.kmemlab.ui.contentassist;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;

import io.kmemlab.lang.ide.contentassist.ProposalComputer;

import com.google.inject.Inject;

import io.kmemlab.ui.internal.DocumentFiles;

/** Ctrl+Space in the .kmem editor: Xtext's proposals as JFace completion proposals. */
public class KmemContentAssistProcessor implements IContentAssistProcessor {

	private final ProposalComputer computer;
	private String errorMessage;

	@Inject
	public KmemContentAssistProcessor(ProposalComputer computer) {
		this.computer = computer;
	}

	@Override
	public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
		errorMessage = null;
		IDocument document = viewer.getDocument();
		try {
			IFile file = DocumentFiles.fileOf(document);
			List<ContentAssistEntry> entries = computer.compute(document.get(), offset, DocumentFiles.uriOf(file));
			return entries.stream().map(entry -> toProposal(entry, offset)).toArray(ICompletionProposal[]::new);
		} catch (RuntimeException e) {
			errorMessage = "kmem content assist failed: " + e.getMessage();
			ILog.of(KmemContentAssistProcessor.class).error(errorMessage, e);
			return new ICompletionProposal[0];
		}
	}

	/** The entry replaces the prefix it was matched against (the part of the word already typed). */
	static ICompletionProposal toProposal(ContentAssistEntry entry, int offset) {
		String prefix = entry.getPrefix() == null ? "" : entry.getPrefix();
		int start = Math.max(0, offset - prefix.length());
		String replacement = entry.getProposal();
		String label = entry.getLabel() != null ? entry.getLabel() : replacement;
		String display = entry.getDescription() != null ? label + " \u2013 " + entry.getDescription() : label;
		return new CompletionProposal(replacement, start, offset - start, replacement.length(), null, display, null,
				entry.getDocumentation());
	}

	@Override
	public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
		return null;
	}

	@Override
	public char[] getCompletionProposalAutoActivationCharacters() {
		return null;
	}

	@Override
	public char[] getContextInformationAutoActivationCharacters() {
		return null;
	}

	@Override
	public String getErrorMessage() {
		return errorMessage;
	}

	@Override
	public IContextInformationValidator getContextInformationValidator() {
		return null;
	}
}
