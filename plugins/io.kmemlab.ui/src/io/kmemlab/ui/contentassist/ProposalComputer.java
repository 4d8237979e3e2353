package io.kmemlab.ui.contentassist;

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

import io.kmemlab.ui.internal.DocumentParser;

/**
 * Completion proposals for a text and an offset, from Xtext's UI-free content assist: the same
 * path the language server takes (contexts from the content assist parser, then the language's
 * IdeContentProposalProvider). Keywords and cross-references (machine names) come out of it.
 */
public class ProposalComputer {

	private final DocumentParser parser;
	private final Provider<ContentAssistContextFactory> contextFactories;
	private final IdeContentProposalProvider proposalProvider;
	private final Provider<IdeContentProposalAcceptor> acceptors;
	private final ContentAssistPool pool;

	@Inject
	public ProposalComputer(DocumentParser parser, Provider<ContentAssistContextFactory> contextFactories,
			IdeContentProposalProvider proposalProvider, Provider<IdeContentProposalAcceptor> acceptors,
			ContentAssistPool pool) {
		this.parser = parser;
		this.contextFactories = contextFactories;
		this.proposalProvider = proposalProvider;
		this.acceptors = acceptors;
		this.pool = pool;
	}

	public List<ContentAssistEntry> compute(String text, int offset, URI uri) {
		XtextResource resource = parser.parse(text, uri);
		ContentAssistContextFactory factory = contextFactories.get();
		factory.setPool(pool.executor());
		ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
		IdeContentProposalAcceptor acceptor = acceptors.get();
		proposalProvider.createProposals(Arrays.asList(contexts), acceptor);
		List<ContentAssistEntry> entries = new ArrayList<>();
		acceptor.getEntries().forEach(entries::add);
		return entries;
	}
}
