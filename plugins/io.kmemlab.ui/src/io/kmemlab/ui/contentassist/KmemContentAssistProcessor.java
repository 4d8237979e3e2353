package io.kmemlab.ui.contentassist;

import java.util.ArrayList;
import java.util.List;

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

import io.kmemlab.ui.internal.ParsedDocuments;

/** Ctrl+Space in the .kmem editor: Xtext's proposals as JFace completion proposals. */
public class KmemContentAssistProcessor implements IContentAssistProcessor {

	private final ProposalComputer computer;
	private final ParsedDocuments documents;
	private String errorMessage;

	@Inject
	public KmemContentAssistProcessor(ProposalComputer computer, ParsedDocuments documents) {
		this.computer = computer;
		this.documents = documents;
	}

	@Override
	public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
		errorMessage = null;
		IDocument document = viewer.getDocument();
		try {
			// The last parse's model, even if it is a keystroke old: parsing a long file again takes
			// seconds, and the proposals need only its structure around the cursor.
			String text = document.get();
			List<ContentAssistEntry> entries = new ArrayList<>(
					documents.readLast(document, resource -> computer.compute(resource, text, offset)));
			// Variables in scope first: what a typed name most likely is.
			entries.sort(java.util.Comparator.comparingInt(e -> ContentAssistEntry.KIND_VARIABLE.equals(e.getKind()) ? 0 : 1));
			String typed = typedWord(text, offset);
			if (AssistSessions.autoActivated(viewer) && !worthAPopup(entries, typed)) {
				return new ICompletionProposal[0];
			}
			List<ICompletionProposal> proposals = new ArrayList<>();
			// Where the grammar proposes a snippet's keyword (for the typed prefix), the snippet fits.
			boolean statements = entries.stream().anyMatch(e -> startsSnippet(e, KmemTemplates.STATEMENTS));
			boolean topLevel = entries.stream().anyMatch(e -> startsSnippet(e, KmemTemplates.TOP_LEVEL));
			if (statements) {
				proposals.addAll(KmemTemplates.snippets(KmemTemplates.STATEMENTS, document, offset, typed));
			}
			if (topLevel) {
				proposals.addAll(KmemTemplates.snippets(KmemTemplates.TOP_LEVEL, document, offset, typed));
			}
			for (ContentAssistEntry entry : entries) {
				proposals.add(ContentAssistEntry.KIND_FUNCTION.equals(entry.getKind()) ? call(entry, document, offset)
						: toProposal(entry, offset));
			}
			return proposals.toArray(ICompletionProposal[]::new);
		} catch (RuntimeException e) {
			errorMessage = "kmem content assist failed: " + e.getMessage();
			ILog.of(KmemContentAssistProcessor.class).error(errorMessage, e);
			return new ICompletionProposal[0];
		}
	}

	/**
	 * A popup that opened while typing is only shown when it can help: the word typed so far is
	 * not empty, something starts with it, and it is not already a complete proposal (then Enter
	 * must end the line, not replace "let" by the first proposal).
	 */
	public static boolean worthAPopup(List<ContentAssistEntry> entries, String typed) {
		if (typed.isEmpty()) {
			return false;
		}
		boolean complete = entries.stream().anyMatch(e -> typed.equals(e.getProposal()));
		boolean continues = entries.stream().anyMatch(e -> e.getProposal() != null && e.getProposal().startsWith(typed));
		return continues && !complete;
	}

	private static boolean startsSnippet(ContentAssistEntry entry, List<KmemTemplates.Snippet> snippets) {
		return ContentAssistEntry.KIND_KEYWORD.equals(entry.getKind())
				&& snippets.stream().anyMatch(s -> s.keyword().equals(entry.getProposal()));
	}

	/** A kernel function with a placeholder per required argument, in linked mode. */
	private static ICompletionProposal call(ContentAssistEntry entry, IDocument document, int offset) {
		String prefix = entry.getPrefix() == null ? "" : entry.getPrefix();
		String signature = entry.getLabel() == null ? entry.getProposal() + "()" : entry.getLabel();
		String description = entry.getDescription() != null ? signature + " \u2013 " + entry.getDescription() : signature;
		return KmemTemplates.call(entry.getProposal(), requiredParameters(signature), description, document, offset,
				prefix.length());
	}

	/** "alloc_pages(gfp, order)" gives gfp, order; optional parameters ("[, node]") are left out. */
	public static List<String> requiredParameters(String signature) {
		int open = signature.indexOf('(');
		int close = signature.lastIndexOf(')');
		if (open < 0 || close <= open) {
			return List.of();
		}
		String inside = signature.substring(open + 1, close).replaceAll("\\[[^\\]]*\\]", "").trim();
		List<String> names = new ArrayList<>();
		for (String p : inside.split(",")) {
			String name = p.trim().replaceAll("[^A-Za-z0-9_]", "_");
			if (!name.isEmpty()) {
				names.add(Character.isDigit(name.charAt(0)) ? "_" + name : name);
			}
		}
		return names;
	}

	private static String typedWord(String text, int offset) {
		int start = Math.min(offset, text.length());
		while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
			start--;
		}
		return text.substring(start, Math.min(offset, text.length()));
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
