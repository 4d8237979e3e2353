package io.kmemlab.debug.core.variables;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Variables view's rows: the scenario's variables with their kernel types, the
 * values behind pointers expanded into the fields the kernel has there, and a "machine" row.
 */
public final class VariablesModel {
	/** The name of the row that holds the machine's state. */
	public static final String MACHINE = "machine";

	private final MachineAccess machine;

	public VariablesModel(MachineAccess machine) {
		this.machine = machine;
	}

	/** Rows for {@code variables} (in order), marking those in {@code changed}, then the machine row. */
	public List<VarNode> rows(Map<String, Value> variables, Set<String> changed) {
		List<VarNode> out = new ArrayList<>(variables.size() + 1);
		for (Map.Entry<String, Value> e : variables.entrySet()) {
			out.add(value(e.getKey(), e.getValue(), changed.contains(e.getKey())));
		}
		out.add(machineRow());
		return out;
	}

	/** One value of the language, expandable where the kernel has a structure behind it. */
	public VarNode value(String name, Value v, boolean changed) {
		String type = v.type().c;
		String text = ValueFormat.typed(v);
		return switch (v.type()) {
			case PAGE -> v.bits() == 0 ? VarNode.leaf(name, type, text, changed)
					: VarNode.parent(name, type, text, changed, () -> structPage(v.bits()));
			case ZONE -> v.ref() instanceof Zone z ? VarNode.parent(name, type, text, changed, () -> zone(z))
					: VarNode.leaf(name, type, text, changed);
			case LIST -> VarNode.parent(name, type, text, changed, () -> {
				List<VarNode> items = new ArrayList<>();
				List<Value> l = v.items();
				for (int i = 0; i < l.size(); i++) {
					items.add(value("[" + i + "]", l.get(i), false));
				}
				return items;
			});
			default -> VarNode.leaf(name, type, text, changed);
		};
	}

	/** The fields of the struct page at {@code address}, through the union view it is used as. */
	List<VarNode> structPage(long address) {
		StructPage p = machine.read(m -> m.page(address, Trace.NONE));
		if (p == null) {
			return List.of(unavailable());
		}
		List<VarNode> out = new ArrayList<>();
		out.add(VarNode.leaf("(pfn)", CType.PFN.c, ValueFormat.hex(p.pfn()), false));
		out.add(VarNode.leaf("(used as)", "union", p.variant(), false));
		out.add(VarNode.leaf("(owner)", "", p.owner(), false));
		out.add(VarNode.leaf("(zone)", CType.ZONE.c, p.zone(), false));
		for (Map.Entry<String, Long> f : p.fields().entrySet()) {
			String field = f.getKey();
			long bits = f.getValue();
			if (field.equals("flags")) {
				out.add(VarNode.leaf("flags", "unsigned long", ValueFormat.hex(bits) + " " + p.flagNames(), false));
			} else {
				out.add(VarNode.leaf(field, "", fieldText(bits), false));
			}
		}
		return out;
	}

	/** Hex, with the decimal beside small numbers (counts, orders, -1 mapcounts). */
	static String fieldText(long bits) {
		boolean small = bits > -1000 && bits < 1000;
		return small ? ValueFormat.hex(bits) + " (" + bits + ")" : ValueFormat.hex(bits);
	}

	List<VarNode> zone(Zone z) {
		List<VarNode> out = machine.read(m -> zoneFields(z));
		return out == null ? List.of(unavailable()) : out;
	}

	private static List<VarNode> zoneFields(Zone z) {
		List<VarNode> out = new ArrayList<>();
		out.add(VarNode.leaf("name", "const char *", "\"" + z.name() + "\"", false));
		out.add(VarNode.leaf("node", "int", Integer.toString(z.nid()), false));
		out.add(VarNode.leaf("zone_start_pfn", "unsigned long", ValueFormat.hex(z.startPfn()), false));
		out.add(VarNode.leaf("spanned_pages", "unsigned long", Long.toString(z.spanned()), false));
		out.add(VarNode.leaf("present_pages", "unsigned long", Long.toString(z.present()), false));
		out.add(VarNode.leaf("managed_pages", "atomic_long_t", Long.toString(z.managed()), false));
		out.add(VarNode.leaf("NR_FREE_PAGES", "vm_stat", Long.toString(z.free()), false));
		out.add(VarNode.leaf("_watermark[WMARK_MIN]", "unsigned long", Long.toString(z.watermark(Zone.WMARK_MIN)), false));
		out.add(VarNode.leaf("_watermark[WMARK_LOW]", "unsigned long", Long.toString(z.watermark(Zone.WMARK_LOW)), false));
		out.add(VarNode.leaf("_watermark[WMARK_HIGH]", "unsigned long", Long.toString(z.watermark(Zone.WMARK_HIGH)), false));
		return out;
	}

	private VarNode machineRow() {
		return VarNode.parent(MACHINE, "", "", false, () -> {
			List<VarNode> out = machine.read(m -> {
				List<VarNode> l = new ArrayList<>();
				l.add(VarNode.leaf("arch", "", m.spec().arch().toString(), false));
				l.add(VarNode.leaf("boot phase", "", m.phase().toString(), false));
				for (Zone z : m.booted() ? m.zones() : List.<Zone>of()) {
					l.add(VarNode.parent("zone " + z.name(), CType.ZONE.c, "node " + z.nid(), false, () -> zone(z)));
				}
				return l;
			});
			return out == null ? List.of(unavailable()) : out;
		});
	}

	private static VarNode unavailable() {
		return VarNode.leaf("(not available)", "", "the scenario is not suspended", false);
	}
}
