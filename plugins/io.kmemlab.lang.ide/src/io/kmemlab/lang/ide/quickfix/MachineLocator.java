package io.kmemlab.lang.ide.quickfix;

import java.util.List;

import org.eclipse.emf.common.util.URI;

/**
 * Finds files that declare a machine, for the "import ..." fix of an unknown machine. Editors
 * know the workspace; the language does not.
 */
public interface MachineLocator {

	/** Paths relative to {@code from}'s folder, as an import would write them. */
	List<String> importPathsDeclaring(String machine, URI from);

	MachineLocator NONE = (machine, from) -> List.of();
}
