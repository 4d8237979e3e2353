package io.kmemlab.lang.serializer;

import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.serializer.analysis.ISyntacticSequencerPDAProvider.ISynNavigable;

/**
 * A `show` without an argument must end its line when serialized from scratch: otherwise the
 * next statement (a call) would be read back as the show's argument.
 */
public class KmemShowSequencer extends KmemSyntacticSequencer {

    @Override
    protected void emit_Show_NLTerminalRuleCall_3_q(EObject semanticObject, ISynNavigable transition, List<INode> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            acceptUnassignedTerminal(grammarAccess.getShowAccess().getNLTerminalRuleCall_3(), "\n", null);
        } else {
            super.emit_Show_NLTerminalRuleCall_3_q(semanticObject, transition, nodes);
        }
    }

    @Override
    protected String getNLToken(EObject semanticObject, RuleCall ruleCall, INode node) {
        return node != null ? getTokenText(node) : "\n";
    }
}
