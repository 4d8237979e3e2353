package io.kmemlab.lang.ide.contentassist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.Action;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.Group;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.kernel.KernelNames;

/**
 * Kernel functions and constants where the grammar expects a call or a name in an expression.
 *
 * <p>Function names and names in expressions are plain identifiers in the grammar (no
 * cross-reference), so Xtext proposes nothing there; the built-in table knows the candidates.
 * Recognised from the grammar elements the parser expects next: the assignment after a
 * {@code {Call}} or {@code {NameRef}} action.
 */
public class KernelNameProposals {

	private static final String CALL = "Call";
	private static final String NAME_REF = "NameRef";

	private final KernelNames kernelNames;

	@Inject
	public KernelNameProposals(KernelNames kernelNames) {
		this.kernelNames = kernelNames;
	}

	public List<ContentAssistEntry> proposals(ContentAssistContext[] contexts) {
		return proposals(contexts, KernelNameProposals::variablesInScope);
	}

	/** The proposals with the variables in scope given (the contexts come from a shorter text than the model's). */
	public List<ContentAssistEntry> proposals(ContentAssistContext[] contexts, List<String> inScope) {
		return proposals(contexts, context -> inScope);
	}

	/** The proposals with the variables in scope of each context given (already filtered or not). */
	public List<ContentAssistEntry> proposals(ContentAssistContext[] contexts,
			java.util.function.Function<ContentAssistContext, List<String>> inScope) {
		Map<String, ContentAssistEntry> byName = new LinkedHashMap<>();
		for (ContentAssistContext context : contexts) {
			boolean call = false;
			boolean name = false;
			for (AbstractElement element : context.getFirstSetGrammarElements()) {
				if (element instanceof Assignment assignment) {
					String type = actionTypeBefore(assignment);
					call |= CALL.equals(type);
					name |= NAME_REF.equals(type);
				}
			}
			// Variables first: in scope, they are what a name most likely is.
			if (name) {
				variables(context, inScope.apply(context)).forEach(v -> byName.putIfAbsent(v, variable(v, context)));
			}
			if (call) {
				kernelNames.functions(context.getPrefix()).forEach(p -> byName.putIfAbsent(p.name(), entry(p, context, ContentAssistEntry.KIND_FUNCTION)));
			}
			if (name) {
				kernelNames.constants(context.getPrefix()).forEach(p -> byName.putIfAbsent(p.name(), entry(p, context, ContentAssistEntry.KIND_VALUE)));
			}
		}
		return List.copyOf(byName.values());
	}

	/** The variables in scope at the context's offset, in its own model. */
	private static List<String> variablesInScope(ContentAssistContext context) {
		if (context.getResource() == null || context.getResource().getContents().isEmpty()) {
			return List.of();
		}
		return VisibleVariables.at(context.getResource().getContents().get(0), context.getOffset());
	}

	/** The variables whose names start with the typed prefix. */
	private static List<String> variables(ContentAssistContext context, List<String> inScope) {
		return inScope.stream().filter(completes(context.getPrefix())).toList();
	}

	/** Whether a name completes the typed prefix (any case, and not the prefix itself). */
	public static java.util.function.Predicate<String> completes(String typed) {
		String prefix = typed.toLowerCase(java.util.Locale.ROOT);
		return v -> v.toLowerCase(java.util.Locale.ROOT).startsWith(prefix) && !v.equals(typed);
	}

	private static ContentAssistEntry variable(String name, ContentAssistContext context) {
		ContentAssistEntry entry = new ContentAssistEntry();
		entry.setProposal(name);
		entry.setPrefix(context.getPrefix());
		entry.setLabel(name);
		entry.setDescription("variable");
		entry.setKind(ContentAssistEntry.KIND_VARIABLE);
		return entry;
	}

	/** The type created by the action that starts the assignment's group ({Call} function=Ident ...). */
	private static String actionTypeBefore(Assignment assignment) {
		EObject container = assignment.eContainer();
		if (container instanceof Group group) {
			for (AbstractElement sibling : group.getElements()) {
				if (sibling == assignment) {
					break;
				}
				if (sibling instanceof Action action && action.getType() != null && action.getType().getClassifier() != null) {
					return action.getType().getClassifier().getName();
				}
			}
		}
		return null;
	}

	private static ContentAssistEntry entry(KernelNames.Proposal proposal, ContentAssistContext context, String kind) {
		ContentAssistEntry entry = new ContentAssistEntry();
		entry.setProposal(proposal.name());
		entry.setPrefix(context.getPrefix());
		entry.setLabel(proposal.label());
		entry.setDescription(proposal.group());
		entry.setDocumentation(proposal.documentation());
		entry.setKind(kind);
		return entry;
	}
}
