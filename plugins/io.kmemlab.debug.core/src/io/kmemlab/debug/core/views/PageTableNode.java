package io.kmemlab.debug.core.views;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the Page Tables view's lazy tree: one entry of one table, decoded. A node whose
 * entry points to a table has children, read (one table) only when the node is expanded:
 * nothing of a large address space is materialised up front.
 *
 * @param entry      the entry, as a walk decodes it
 * @param va         the first virtual address the entry covers
 * @param childTable physical address of the table below, -1 for a leaf or an empty entry
 * @param childLevel that table's level, -1 when none
 * @param label      the tree's text
 * @param changed    the last step wrote this entry
 */
public record PageTableNode(Translation.Level entry, long va, long childTable, int childLevel, String label, boolean changed) {
	public boolean hasChildren() {
		return childTable >= 0 && childLevel >= 0;
	}

	/**
	 * Where each level's index lies in an address (pgd_index() ... pte_index()), read from the
	 * split of a walk, and how many address bits the paging mode translates.
	 */
	public record Geometry(Map<String, Integer> shifts, int vaBits) {
		public static Geometry of(Inspector inspector) {
			Translation t = inspector.walk(0);
			if (t == null) {
				return null;
			}
			Map<String, Integer> shifts = new HashMap<>();
			int top = 0;
			for (Translation.IndexBits b : t.split()) {
				shifts.put(b.name(), b.lowBit());
				top = Math.max(top, b.highBit() + 1);
			}
			return new Geometry(Map.copyOf(shifts), top);
		}

		/** The first address an entry of a table covering [base, ...) at {@code index} maps, sign-extended (x86_64: bit 47 up). */
		long address(String level, long base, int index) {
			Integer shift = shifts.get(level);
			long va = base + (shift == null ? 0 : (long) index << shift);
			return vaBits >= 64 || vaBits < 33 ? va : (va << (64 - vaBits)) >> (64 - vaBits);
		}
	}

	/** The entries of the address space's pgd: the tree's roots. */
	public static List<PageTableNode> roots(Inspector inspector, AddressSpace space, boolean includeNone, StepChanges changes) {
		Geometry g = Geometry.of(inspector);
		return g == null ? List.of() : entries(inspector, g, space.pgd(), PagingMode.PGD, 0, includeNone, changes);
	}

	/** The entries of the table at {@code tablePa}, a table of {@code level} that covers addresses from {@code base}. */
	public static List<PageTableNode> entries(Inspector inspector, Geometry g, long tablePa, int level, long base, boolean includeNone,
			StepChanges changes) {
		List<Translation.Level> entries = inspector.table(tablePa, level, includeNone);
		if (entries == null) {
			return List.of();
		}
		List<PageTableNode> out = new ArrayList<>(entries.size());
		int child = inspector.childLevel(level);
		for (Translation.Level e : entries) {
			long va = g.address(e.name(), base, e.index());
			boolean table = e.kind() == Translation.EntryKind.TABLE && child >= 0;
			String label = e.name() + "[" + e.index() + "]  " + Hex.wide(va) + "  " + Hex.wide(e.raw()) + "  " + TranslationModel.decoded(e);
			out.add(new PageTableNode(e, va, table ? e.target() : -1, table ? child : -1, label, changes.entry(e.entryPa())));
		}
		return out;
	}
}
