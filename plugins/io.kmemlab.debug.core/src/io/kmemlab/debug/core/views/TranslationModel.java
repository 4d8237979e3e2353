package io.kmemlab.debug.core.views;

import io.kmemlab.emulator.inspect.AddressRegion;
import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.interpreter.debug.LastWriters;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Translations view shows for one address in one address space: the bit split of
 * the address, one row per entry the walk read, and the outcome (leaf size, physical address,
 * pfn, struct page, region and the helpers that are right for it). Built on the engine thread
 * from a {@link Translation}; immutable afterwards, so the UI thread renders it as it is.
 *
 * @param walk    the inspection object rendered (null when there is no walk: before the page tables exist)
 * @param spaces  the names of the address spaces the combo offers, init_mm first
 * @param rows    one per level the walk read, top first
 * @param summary lines under the table: outcome, leaf, physical address, region, helpers
 */
public record TranslationModel(Translation walk, List<String> spaces, List<Row> rows, List<String> summary) {
	/** The table's columns, in order. */
	public static final List<String> COLUMNS = List.of("level", "table (phys)", "index", "entry (phys)", "entry (virt)", "raw entry",
			"decoded", "last written by");

	public TranslationModel {
		spaces = List.copyOf(spaces);
		rows = List.copyOf(rows);
		summary = List.copyOf(summary);
	}

	/**
	 * One entry read.
	 *
	 * @param cells   the texts of {@link #COLUMNS}
	 * @param changed the last step wrote this entry
	 * @param writer  the step that last wrote it, null when none did since the start
	 */
	public record Row(Translation.Level level, List<String> cells, boolean changed, Writer writer) {
		public Row {
			cells = List.copyOf(cells);
		}
	}

	/** The address spaces only: nothing walked yet. */
	public TranslationModel withoutWalk() {
		return new TranslationModel(null, spaces, List.of(), List.of());
	}

	public static final TranslationModel EMPTY = new TranslationModel(null, List.of(), List.of(), List.of());

	/**
	 * Walks {@code va} in the address space named {@code space} (init_mm when it is null or
	 * unknown). Call on the thread that drives the machine.
	 *
	 * @param writers provenance of the entries, null when the session keeps none
	 */
	public static TranslationModel of(Inspector inspector, String space, long va, StepChanges changes, LastWriters writers) {
		if (inspector == null) {
			return EMPTY;
		}
		List<String> names = new ArrayList<>();
		AddressSpace chosen = null;
		for (AddressSpace s : inspector.addressSpaces()) {
			names.add(s.name());
			if (s.name().equals(space) || chosen == null && s.kernel()) {
				chosen = s;
			}
		}
		Translation t = chosen == null ? inspector.walk(va) : inspector.walk(chosen, va);
		if (t == null) {
			return new TranslationModel(null, names, List.of(), List.of("no page tables yet: the boot has not built them"));
		}
		List<Row> rows = new ArrayList<>();
		for (Translation.Level l : t.levels()) {
			Writer w = writers == null ? null : Writer.of(writers.entry(l.entryPa()));
			rows.add(new Row(l, List.of(l.name(), Hex.wide(l.tablePa()), Integer.toString(l.index()), Hex.wide(l.entryPa()),
					l.entryVa() == 0 ? "-" : Hex.wide(l.entryVa()), Hex.wide(l.raw()), decoded(l), w == null ? "" : w.text()),
					changes.entry(l.entryPa()), w));
		}
		return new TranslationModel(t, names, rows, summary(t));
	}

	/** The entry's flags as the walk prints them, with what a non-present entry holds. */
	public static String decoded(Translation.Level l) {
		return switch (l.kind()) {
			case SWAP -> "swap entry: type " + l.swapType() + ", offset " + Hex.of(l.swapOffset()) + "  (" + l.flags() + ")";
			case PROT_NONE -> "PROT_NONE: present to the kernel, faults for the MMU  (" + l.flags() + ")";
			case NONE -> "none";
			default -> l.flags();
		};
	}

	static List<String> summary(Translation t) {
		List<String> out = new ArrayList<>();
		out.add(switch (t.outcome()) {
			case MAPPED -> "mapped by the " + t.levels().get(t.levels().size() - 1).name() + " entry: a " + leafName(t) + " mapping";
			case NOT_MAPPED -> "not mapped: the walk stops at the " + (t.last() == null ? "pgd" : t.last().name()) + " entry (#PF)";
			case SWAPPED -> "swapped out: the pte holds swap type " + t.last().swapType() + ", offset " + Hex.of(t.last().swapOffset());
			case PROT_NONE -> "PROT_NONE: the pte keeps the frame but the MMU faults (pte_protnone)";
			case NON_CANONICAL -> "non-canonical address: no walk (#GP)";
		});
		if (t.pa() >= 0) {
			out.add("phys " + Hex.of(t.pa()) + "   pfn " + Hex.of(t.pfn()) + "   struct page " + (t.page() == 0 ? "none" : Hex.of(t.page()))
					+ (t.leafPage() != 0 && t.leafPage() != t.page() ? "   head of the mapping " + Hex.of(t.leafPage()) : ""));
		}
		AddressRegion r = t.region();
		if (r != null) {
			out.add("region: " + r.kind().label + " [" + Hex.of(r.start()) + ", " + (r.end() == 0 ? "top" : Hex.of(r.end())) + ")"
					+ (r.kind().right.isEmpty() ? "" : "   right: " + String.join(", ", r.kind().right))
					+ (r.kind().wrong.isEmpty() ? "" : "   wrong: " + String.join(", ", r.kind().wrong)));
		}
		return out;
	}

	/** 4K, 2M, 1G, or an ARM 1M section. */
	public static String leafName(Translation t) {
		String s = Hex.size(t.leafSize());
		return t.leafSize() == 1 << 20 ? s + " section" : s;
	}
}
