package io.kmemlab.lang.ide.navigation;

import org.eclipse.emf.common.util.URI;

/**
 * What a name in a .kmem file stands for, independent of where it is written. Two occurrences
 * mean the same thing exactly when their symbols are equal.
 *
 * @param kind        what sort of thing it is
 * @param name        its name as written
 * @param scope       where the name is defined: the declaring object's URI for user-declared
 *                    names (a machine, a let), the machine's URI for zones and symbols, the
 *                    scenario's URI for processes; null for kernel functions and constants
 * @param declaration the URI of the declaring object, or null when nothing in a file declares
 *                    it (kernel names, the default zones of an arch)
 */
public record Symbol(SymbolKind kind, String name, URI scope, URI declaration) {

	/** Whether the user declared it (and so can rename it). */
	public boolean userDeclared() {
		return declaration != null;
	}
}
