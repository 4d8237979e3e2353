package io.kmemlab.lang.ide.contentassist;

import java.util.List;
import java.util.Map;

import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

import com.google.inject.Inject;

import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.machine.MachineFacts;
import io.kmemlab.lang.services.KmemGrammarAccess;
import io.kmemlab.lang.validation.MachineValidator;

/**
 * Xtext's proposals, plus the values of machine clauses and the show subcommands, and without
 * the placeholders Xtext offers for names ("name", "value"): a user types a name, a proposal
 * of the word "name" only gets in the way.
 *
 * <p>The places are the grammar's assignments, looked up through the generated grammar access
 * (typed; renaming a rule breaks the build, not the proposals).
 */
public class KmemProposalProvider extends IdeContentProposalProvider {

	/** `show` subcommands, as docs/language.md lists them. */
	static final List<String> SHOW_KINDS = List.of("page", "zone", "zoneinfo", "buddyinfo", "pagetypeinfo", "slabinfo", "memmap", "vmas");
	static final List<String> BOOT_ALLOCATORS = List.of("memblock", "bootmem");

	@Inject
	private KmemGrammarAccess grammar;

	@Override
	protected void _createProposals(Assignment assignment, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		List<String> values = valuesFor(assignment, context);
		if (values != null) {
			values.forEach(v -> propose(v, "", context, acceptor));
			return;
		}
		if (assignment.getTerminal() instanceof CrossReference) {
			super._createProposals(assignment, context, acceptor); // machine names
		}
		// Other assignments take a name or a literal the user makes up: nothing to propose.
	}

	/** The values a clause or a show takes at this assignment, or null when it is not one of them. */
	private List<String> valuesFor(Assignment assignment, ContentAssistContext context) {
		var clauses = grammar.getMachineClauseAccess();
		String arch = MachineFacts.of(EcoreUtil2.getContainerOfType(context.getCurrentModel(), Machine.class)).arch();
		Map<AbstractElement, List<String>> values = Map.of(
				clauses.getArchAssignment_0_2(), MachineFacts.ARCHES,
				clauses.getModeAssignment_1_2(), MachineValidator.PAGING.getOrDefault(arch, List.of()),
				clauses.getModelAssignment_2_2(), MachineValidator.MEMORY_MODELS.getOrDefault(arch, List.of()),
				clauses.getVersionAssignment_4_2(), MachineFacts.KERNEL_VERSIONS,
				clauses.getAllocatorAssignment_17_2(), BOOT_ALLOCATORS,
				grammar.getConfigOptionAccess().getNameAssignment_0(), MachineValidator.CONFIG_OPTIONS,
				grammar.getShowAccess().getKindAssignment_1(), SHOW_KINDS);
		return values.get(assignment);
	}

	private void propose(String value, String description, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		if (!value.regionMatches(true, 0, context.getPrefix(), 0, context.getPrefix().length())) {
			return;
		}
		ContentAssistEntry entry = getProposalCreator().createProposal(value, context);
		if (entry != null) {
			entry.setKind(ContentAssistEntry.KIND_VALUE);
			if (!description.isEmpty()) {
				entry.setDescription(description);
			}
			acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
		}
	}
}
