package io.kmemlab.lang.ide.contentassist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

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

	/** Proposals at the offset of a resource that holds the current text. */
	public List<ContentAssistEntry> compute(XtextResource resource, int offset) {
		return compute(resource, resource.getParseResult().getRootNode().getText(), offset);
	}

	/**
	 * Proposals at the offset of the current text, given a model parsed from it or from an
	 * earlier version of it (an editor's last parse, which may be a keystroke old). Neither the
	 * current text nor the part of the file above the cursor is parsed: the content-assist parser
	 * reads a short {@link AssistWindow}, and the variables in scope come from the parsed model
	 * and from what was typed since.
	 */
	public List<ContentAssistEntry> compute(XtextResource parsed, String current, int offset) {
		AssistWindow window = AssistWindow.of(parsed, current, offset);
		// A '}' typed since the model was parsed closes a block whose lets the model still counts.
		if (window == null || window.tail().indexOf('}') >= 0) {
			String old = parsed.getParseResult() == null ? null : parsed.getParseResult().getRootNode().getText();
			return computeWhole(current.equals(old) ? parsed : parser.parse(current, parsed.getURI()), offset);
		}
		XtextResource small = parser.parse(window.text(), parsed.getURI());
		// Nearest first: the variables declared in what was typed since the parse, then the
		// model's; only those that complete the typed word are collected.
		Function<ContentAssistContext, List<String>> inScope = context -> {
			Predicate<String> completes = KernelNameProposals.completes(context.getPrefix());
			Set<String> names = new LinkedHashSet<>();
			if (!small.getContents().isEmpty()) {
				names.addAll(VisibleVariables.at(small.getContents().get(0), window.offset(), window.tailStart(), completes));
			}
			if (!parsed.getContents().isEmpty()) {
				names.addAll(VisibleVariables.at(parsed.getContents().get(0), window.anchor(), 0, completes));
			}
			return List.copyOf(names);
		};
		return proposals(small, window.text(), window.offset(), inScope);
	}

	/** The proposals computed on the whole text of a resource parsed from the current text. */
	public List<ContentAssistEntry> computeWhole(XtextResource resource, int offset) {
		return proposals(resource, resource.getParseResult().getRootNode().getText(), offset, null);
	}

	private List<ContentAssistEntry> proposals(XtextResource resource, String text, int offset,
			Function<ContentAssistContext, List<String>> inScope) {
		ContentAssistContextFactory factory = contextFactories.get();
		factory.setPool(pool.executor());
		ContentAssistContext[] contexts = wordContexts(
				factory.create(text, new TextRegion(offset, 0), offset, resource), text, offset);
		IdeContentProposalAcceptor acceptor = acceptors.get();
		proposalProvider.createProposals(Arrays.asList(contexts), acceptor);
		List<ContentAssistEntry> entries = new ArrayList<>();
		acceptor.getEntries().forEach(entries::add);
		// Outside the acceptor: it stops at 100 entries, and the kernel has more names than that.
		entries.addAll(inScope == null ? kernelNames.proposals(contexts) : kernelNames.proposals(contexts, inScope));
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
