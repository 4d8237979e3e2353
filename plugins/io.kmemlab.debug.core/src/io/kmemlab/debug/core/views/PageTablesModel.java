package io.kmemlab.debug.core.views;

import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.Inspector;
import java.util.ArrayList;
import java.util.List;

/**
 * The Page Tables view's top: the address spaces to choose from and the chosen one's pgd
 * entries (the tree's roots). Lower levels are read node by node as they are expanded
 * ({@link PageTableNode#entries}).
 *
 * @param spaces   the address spaces, init_mm first
 * @param space    the one shown
 * @param geometry where each level's index lies in an address
 * @param roots    its pgd's entries (present ones only, unless empty ones were asked for)
 */
public record PageTablesModel(List<String> spaces, AddressSpace space, PageTableNode.Geometry geometry, List<PageTableNode> roots) {
	public PageTablesModel {
		spaces = List.copyOf(spaces);
		roots = List.copyOf(roots);
	}

	/** The tables of the address space named {@code name} (init_mm when null or unknown). Call on the machine's thread. */
	public static PageTablesModel of(Inspector inspector, String name, boolean includeNone, StepChanges changes) {
		List<String> names = new ArrayList<>();
		AddressSpace chosen = null;
		for (AddressSpace s : inspector.addressSpaces()) {
			names.add(s.name());
			if (s.name().equals(name) || chosen == null && s.kernel()) {
				chosen = s;
			}
		}
		PageTableNode.Geometry g = PageTableNode.Geometry.of(inspector);
		if (chosen == null || g == null) {
			return new PageTablesModel(names, chosen, g, List.of());
		}
		return new PageTablesModel(names, chosen, g, PageTableNode.roots(inspector, chosen, includeNone, changes));
	}
}
