package io.kmemlab.lang.ide.contentassist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.TextRegion;

import com.google.inject.Inject;
import com.google.inject.Provider;

import io.kmemlab.lang.ide.text.TextParser;

/**
 * Completion proposals for a text and an offset, from Xtext's UI-free content assist: the same
 * path the language server takes (contexts from the content assist parser, then the language's
 * IdeContentProposalProvider). Keywords and cross-references (machine names) come out of it;
 * kernel functions and constants are added from the built-in table.
 */
public class ProposalComputer {

	private final TextParser parser;
	private final Provider<ContentAssistContextFactory> contextFactories;
	private final IdeContentProposalProvider proposalProvider;
	private final Provider<IdeContentProposalAcceptor> acceptors;
	private final ContentAssistPool pool;
	private final KernelNameProposals kernelNames;

	@Inject
	public ProposalComputer(TextParser parser, Provider<ContentAssistContextFactory> contextFactories,
			IdeContentProposalProvider proposalProvider, Provider<IdeContentProposalAcceptor> acceptors,
			ContentAssistPool pool, KernelNameProposals kernelNames) {
		this.parser = parser;
		this.contextFactories = contextFactories;
		this.proposalProvider = proposalProvider;
		this.acceptors = acceptors;
		this.pool = pool;
		this.kernelNames = kernelNames;
	}

	public List<ContentAssistEntry> compute(String text, int offset, URI uri) {
		return compute(parser.parse(text, uri), offset);
	}

	/**
	 * Proposals at the offset of a resource that holds the current text (an editor keeps one up
	 * to date by partial reparsing, so assist does not parse the whole file again).
	 */
	public List<ContentAssistEntry> compute(XtextResource resource, int offset) {
		String text = resource.getParseResult().getRootNode().getText();
		ContentAssistContextFactory factory = contextFactories.get();
		factory.setPool(pool.executor());
		ContentAssistContext[] contexts = wordContexts(
				factory.create(text, new TextRegion(offset, 0), offset, resource), text, offset);
		IdeContentProposalAcceptor acceptor = acceptors.get();
		proposalProvider.createProposals(Arrays.asList(contexts), acceptor);
		List<ContentAssistEntry> entries = new ArrayList<>();
		acceptor.getEntries().forEach(entries::add);
		// Outside the acceptor: it stops at 100 entries, and the kernel has more names than that.
		entries.addAll(kernelNames.proposals(contexts));
		return entries;
	}

	/**
	 * Drops the contexts that would insert in the middle of the word before the cursor.
	 *
	 * <p>After {@code let k = kma} the parser also offers a context with an empty prefix: "kma"
	 * as a complete name, followed by an operator or the next statement. Its proposals would give
	 * "kma!=" or "kmakmalloc"; a language server leaves that to the client's word filter,
	 * JFace has none.
	 */
	static ContentAssistContext[] wordContexts(ContentAssistContext[] contexts, String text, int offset) {
		int start = offset;
		while (start > 0 && isWordChar(text.charAt(start - 1))) {
			start--;
		}
		int typed = offset - start;
		return Arrays.stream(contexts).filter(context -> context.getPrefix().length() >= typed)
				.toArray(ContentAssistContext[]::new);
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}
}
