package io.kmemlab.lang.ide.folding;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.editor.folding.DefaultFoldingRangeProvider;

import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.ConfigClause;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.NodeClause;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.ZonesClause;

/**
 * What folds in a .kmem file: machines, scenarios, every block (process, kthread, repeat, for,
 * if, else), multi-line zones, config and node clauses, and comment blocks (Xtext's default for
 * multi-line comments). Statements and expressions never fold on their own.
 */
public class KmemFoldingRangeProvider extends DefaultFoldingRangeProvider {

	@Override
	protected boolean isHandled(EObject object) {
		return object instanceof Machine || object instanceof Scenario || object instanceof Block
				|| object instanceof ZonesClause || object instanceof ConfigClause || object instanceof NodeClause;
	}

	@Override
	protected boolean shouldProcessContent(EObject object) {
		// Blocks hold blocks; machines hold clauses; expressions hold nothing that folds.
		return !(object instanceof io.kmemlab.lang.kmem.Expression);
	}
}
