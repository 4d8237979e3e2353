package io.kmemlab.interpreter.variables;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.KmapState;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.types.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Variables view's rows: the scenario's variables with their kernel types; behind a
 * {@code struct page *} its descriptor decoded (the union view in use, every other view, the
 * page->flags fields, the raw words), behind an entry its decoded bits, behind a
 * {@code struct zone *} its counters, a {@code gfp_t} spelled out; and a "machine" row with
 * the zones, the current address space and the kmap slots. Everything shown comes from the
 * emulator's inspection snapshots, read on the engine thread when a row is expanded.
 */
public final class VariablesModel {
	/** The name of the row that holds the machine's state. */
	public static final String MACHINE = "machine";

	/**
	 * What the rows of one suspension are shown against.
	 *
	 * @param changedVariables names of the variables the last step changed
	 * @param addressSpace     the address space of the context that runs next ("init_mm" or a process)
	 * @param changes          what the last step changed in the machine, or null when unknown
	 */
	public record Context(Set<String> changedVariables, String addressSpace, ChangeSet changes) {
		public static final Context NONE = new Context(Set.of(), "init_mm", null);
	}

	private final MachineAccess machine;

	public VariablesModel(MachineAccess machine) {
		this.machine = machine;
	}

	/** Rows for {@code variables} (in order), then the machine row. */
	public List<VarNode> rows(Map<String, Value> variables, Context context) {
		List<VarNode> out = new ArrayList<>(variables.size() + 1);
		for (Map.Entry<String, Value> e : variables.entrySet()) {
			out.add(value(e.getKey(), e.getValue(), context.changedVariables().contains(e.getKey()), context.changes()));
		}
		out.add(machineRow(context.addressSpace()));
		return out;
	}

	/** One value of the language, expandable where the kernel has something behind it. */
	public VarNode value(String name, Value v, boolean changed) {
		return value(name, v, changed, null);
	}

	private VarNode value(String name, Value v, boolean changed, ChangeSet changes) {
		Kind kind = v.kind();
		String type = kind.cName();
		String text = ValueFormat.typed(v);
		if (kind == Kind.GFP) {
			return VarNode.parent(name, type, text + " (" + GfpNames.text(v.bits()) + ")", changed, () -> gfpBits(v.bits()));
		}
		if (kind.isEntry()) {
			return VarNode.parent(name, type, text, changed, () -> entry(kind, v.bits()));
		}
		if (kind.pointee() != null && v.bits() != 0) {
			Kind entryKind = kind.pointee();
			return VarNode.parent(name, type, text, changed, () -> {
				Long raw = read(m -> m.readEntry(v.bits(), level(entryKind), Trace.NONE));
				return raw == null ? List.of(unavailable()) : List.of(value("*" + name, Value.of(entryKind, raw), false));
			});
		}
		return switch (kind) {
			case PAGE, FOLIO -> v.bits() == 0 ? VarNode.leaf(name, type, text, changed)
					: VarNode.parent(name, type, text, changed, () -> structPage(v.bits(), changes));
			case ZONE -> v.ref() instanceof Zone z ? VarNode.parent(name, type, text, changed, () -> zone(z.nid(), z.name()))
					: VarNode.leaf(name, type, text, changed);
			case MM -> v.bits() == 0 ? VarNode.leaf(name, type, text, changed)
					: VarNode.parent(name, type, text, changed, () -> mm(v.bits()));
			case TASK -> v.ref() instanceof Task t ? VarNode.parent(name, type, text, changed, () -> task(t))
					: VarNode.leaf(name, type, text, changed);
			case LIST -> VarNode.parent(name, type, text, changed, () -> {
				List<VarNode> items = new ArrayList<>();
				List<Value> l = v.items();
				for (int i = 0; i < l.size(); i++) {
					items.add(value("[" + i + "]", l.get(i), false, changes));
				}
				return items;
			});
			default -> VarNode.leaf(name, type, text, changed);
		};
	}

	private <T> T read(Function<Machine, T> query) {
		return machine.read(query);
	}

	// ------------------------------------------------------------------ gfp_t

	/** The flags set, one row each: the single bits in the header's order. */
	private static List<VarNode> gfpBits(long gfp) {
		List<VarNode> out = new ArrayList<>();
		for (Map.Entry<String, Long> e : io.kmemlab.emulator.mm.Gfp.BY_NAME.entrySet()) {
			long bit = e.getValue();
			if (e.getKey().startsWith("__GFP_") && Long.bitCount(bit) == 1 && (gfp & bit) != 0) {
				out.add(VarNode.leaf(e.getKey(), "", ValueFormat.hex(bit), false));
			}
		}
		return out;
	}

	// ------------------------------------------------------------------ page-table entries

	private static int level(Kind entry) {
		return switch (entry) {
			case PGD -> PagingMode.PGD;
			case P4D -> PagingMode.P4D;
			case PUD -> PagingMode.PUD;
			case PMD -> PagingMode.PMD;
			default -> PagingMode.PTE;
		};
	}

	/** An entry's bits as the architecture defines them, and where it points. */
	private List<VarNode> entry(Kind kind, long raw) {
		int level = level(kind);
		List<VarNode> out = read(m -> {
			var format = m.arch().paging().format();
			List<VarNode> l = new ArrayList<>();
			l.add(VarNode.leaf("(bits)", "", format.decode(level, raw), false));
			boolean present = format.present(level, raw);
			l.add(VarNode.leaf("(present)", "bool", Boolean.toString(present), false));
			if (present) {
				boolean leaf = level == PagingMode.PTE || format.leaf(level, raw);
				long phys = leaf ? format.leafPhys(level, raw) : format.tablePhys(level, raw);
				l.add(VarNode.leaf(leaf ? "(maps frame)" : "(next table)", "phys_addr_t", ValueFormat.hex(phys), false));
				l.add(VarNode.leaf("(pfn)", "pfn", ValueFormat.hex(phys >>> 12), false));
			}
			return l;
		});
		return out == null ? List.of(unavailable()) : out;
	}

	// ------------------------------------------------------------------ struct page

	/** The descriptor at {@code address}: the view in use first, then the rest of what it holds. */
	List<VarNode> structPage(long address, ChangeSet changes) {
		PageDescriptor d = read(m -> m.inspect().pageAt(address));
		if (d == null) {
			return List.of(VarNode.leaf("(no struct page)", "", "no descriptor starts at " + ValueFormat.hex(address), false));
		}
		List<VarNode> out = new ArrayList<>();
		out.add(VarNode.leaf("(pfn)", Kind.PFN.cName(), ValueFormat.hex(d.pfn()), false));
		out.add(VarNode.leaf("(used as)", "union", d.viewInUse() + (d.pageType() == null ? "" : ", page type " + d.pageType()), false));
		out.add(VarNode.leaf("(owner)", "", d.owner().toString().toLowerCase(), false));
		out.add(VarNode.leaf("(zone)", "", d.zone() + ", node " + d.nid(), false));
		out.add(VarNode.parent("flags", "unsigned long", ValueFormat.hex(d.flags()) + " " + pgFlags(d), changed(changes, d.pfn(), "flags"),
				() -> flagsFields(d)));
		PageDescriptor.View inUse = d.inUse();
		for (PageDescriptor.FieldValue f : inUse.fields()) {
			if (!f.name().equals("flags")) {
				out.add(VarNode.leaf(f.name(), "", fieldText(f.value()), changed(changes, d.pfn(), f.name())));
			}
		}
		if (d.compound() != null) {
			PageDescriptor.Compound c = d.compound();
			out.add(VarNode.leaf("(compound)", "", (c.isHead() ? "head" : "tail " + c.index()) + " of order " + c.order() + ", head pfn "
					+ ValueFormat.hex(c.headPfn()), false));
		}
		if (d.slabCache() != null) {
			out.add(VarNode.leaf("(slab cache)", "struct kmem_cache *", d.slabCache(), false));
		}
		out.add(VarNode.parent("(other union views)", "", d.views().size() - 1 + " views of the same bytes", false, () -> {
			List<VarNode> views = new ArrayList<>();
			for (PageDescriptor.View v : d.views()) {
				if (v != inUse) {
					views.add(VarNode.parent(v.name(), v.type(), "", false, () -> {
						List<VarNode> fields = new ArrayList<>();
						for (PageDescriptor.FieldValue f : v.fields()) {
							fields.add(VarNode.leaf(f.name(), "", fieldText(f.value()), false));
						}
						return fields;
					}));
				}
			}
			return views;
		}));
		out.add(VarNode.parent("(raw words)", "unsigned long[" + d.raw().length + "]", "", false, () -> {
			List<VarNode> words = new ArrayList<>();
			long[] raw = d.raw();
			for (int i = 0; i < raw.length; i++) {
				words.add(VarNode.leaf("+" + i * d.wordBytes(), "", String.format("0x%016x", raw[i]), false));
			}
			return words;
		}));
		return out;
	}

	private static String pgFlags(PageDescriptor d) {
		return d.pgFlags().isEmpty() ? "()" : "(" + String.join("|", d.pgFlags()) + ")";
	}

	private static List<VarNode> flagsFields(PageDescriptor d) {
		List<VarNode> out = new ArrayList<>();
		for (PageDescriptor.FlagsField f : d.flagsFields()) {
			out.add(VarNode.leaf(f.name() + " [" + f.highBit() + ":" + f.lowBit() + "]", "", fieldText(f.value()), false));
		}
		return out;
	}

	/** Whether the last step wrote {@code field} of the struct page of {@code pfn}. */
	private static boolean changed(ChangeSet changes, long pfn, String field) {
		if (changes == null) {
			return false;
		}
		for (ChangeSet.FieldChange c : changes.fields()) {
			if (c.pfn() == pfn && c.field().equals(field)) {
				return true;
			}
		}
		return false;
	}

	/** Hex, with the decimal beside small numbers (counts, orders, -1 mapcounts). */
	static String fieldText(long bits) {
		boolean small = bits > -1000 && bits < 1000;
		return small ? ValueFormat.hex(bits) + " (" + bits + ")" : ValueFormat.hex(bits);
	}

	// ------------------------------------------------------------------ zones, mm, tasks

	List<VarNode> zone(int nid, String name) {
		List<VarNode> out = read(m -> {
			for (ZoneSnapshot z : m.inspect().zones()) {
				if (z.nid() == nid && z.name().equals(name)) {
					return zoneFields(z);
				}
			}
			return null;
		});
		return out == null ? List.of(unavailable()) : out;
	}

	private static List<VarNode> zoneFields(ZoneSnapshot z) {
		List<VarNode> out = new ArrayList<>();
		out.add(VarNode.leaf("name", "const char *", "\"" + z.name() + "\"", false));
		out.add(VarNode.leaf("node", "int", Integer.toString(z.nid()), false));
		out.add(VarNode.leaf("zone_start_pfn", "unsigned long", ValueFormat.hex(z.startPfn()), false));
		out.add(VarNode.leaf("spanned_pages", "unsigned long", Long.toString(z.spanned()), false));
		out.add(VarNode.leaf("present_pages", "unsigned long", Long.toString(z.present()), false));
		out.add(VarNode.leaf("managed_pages", "atomic_long_t", Long.toString(z.managed()), false));
		out.add(VarNode.leaf("vm_stat[NR_FREE_PAGES]", "atomic_long_t", Long.toString(z.free()), false));
		out.add(VarNode.leaf("_watermark[WMARK_MIN]", "unsigned long", Long.toString(z.min()), false));
		out.add(VarNode.leaf("_watermark[WMARK_LOW]", "unsigned long", Long.toString(z.low()), false));
		out.add(VarNode.leaf("_watermark[WMARK_HIGH]", "unsigned long", Long.toString(z.high()), false));
		out.add(VarNode.leaf("lowmem_reserve", "long[]", z.lowmemReserve().toString(), false));
		out.add(VarNode.parent("free_area", "struct free_area[]", "nr_free per order " + z.freeBlocks(), false, () -> {
			List<VarNode> orders = new ArrayList<>();
			for (int o = 0; o < z.freeBlocks().size(); o++) {
				orders.add(VarNode.leaf("[" + o + "].nr_free", "unsigned long", Long.toString(z.freeBlocks().get(o)), false));
			}
			return orders;
		}));
		out.add(VarNode.parent("per_cpu_pageset", "struct per_cpu_pages", z.pcpPages() + " pages on the per-CPU lists", false, () -> {
			List<VarNode> cpus = new ArrayList<>();
			for (ZoneSnapshot.Pcp p : z.pcp()) {
				cpus.add(VarNode.leaf("cpu " + p.cpu(), "", "count " + p.count() + ", high " + p.high() + ", batch " + p.batch(), false));
			}
			return cpus;
		}));
		return out;
	}

	private List<VarNode> mm(long address) {
		List<VarNode> out = read(m -> {
			for (AddressSpace s : m.inspect().addressSpaces()) {
				if (s.mm() == address) {
					return addressSpace(s);
				}
			}
			return null;
		});
		return out == null ? List.of(VarNode.leaf("(no mm)", "", "no mm_struct at " + ValueFormat.hex(address), false)) : out;
	}

	private static List<VarNode> addressSpace(AddressSpace s) {
		List<VarNode> out = new ArrayList<>();
		out.add(VarNode.leaf("(owner)", "", s.kernel() ? "init_mm" : s.name() + " (pid " + s.pid() + ")", false));
		out.add(VarNode.leaf("pgd", "pgd_t *", ValueFormat.hex(s.pgd()), false));
		out.add(VarNode.leaf("map_count", "int", Integer.toString(s.vmas().size()), false));
		for (AddressSpace.VmaInfo v : s.vmas()) {
			out.add(VarNode.leaf("vma", "struct vm_area_struct *", String.format("%016x-%016x %s", v.start(), v.end(), v.perms()), false));
		}
		return out;
	}

	private List<VarNode> task(Task t) {
		List<VarNode> out = new ArrayList<>();
		out.add(VarNode.leaf("comm", "char[16]", "\"" + t.name() + "\"", false));
		out.add(VarNode.leaf("pid", "pid_t", Integer.toString(t.pid()), false));
		out.add(VarNode.leaf("(kind)", "", t.kind().toString().toLowerCase(), false));
		if (t.mm() != null) {
			long mm = t.mm().address();
			out.add(VarNode.parent("mm", Kind.MM.cName(), ValueFormat.hex(mm), false, () -> mm(mm)));
		} else {
			out.add(VarNode.leaf("mm", Kind.MM.cName(), "NULL", false));
		}
		return out;
	}

	// ------------------------------------------------------------------ the machine

	private VarNode machineRow(String addressSpace) {
		return VarNode.parent(MACHINE, "", "zones, current mm, kmap slots", false, () -> {
			List<VarNode> out = read(m -> {
				List<VarNode> l = new ArrayList<>();
				l.add(VarNode.leaf("arch", "", m.spec().arch() + ", " + m.arch().paging().name() + " paging", false));
				l.add(VarNode.leaf("kernel", "", m.profile().version(), false));
				l.add(VarNode.leaf("boot phase", "", String.valueOf(m.phase()), false));
				for (ZoneSnapshot z : m.inspect().zones()) {
					l.add(VarNode.parent("zone " + z.name() + (z.nid() == 0 ? "" : " (node " + z.nid() + ")"), Kind.ZONE.cName(),
							z.free() + " free of " + z.managed() + " managed", false, () -> zone(z.nid(), z.name())));
				}
				AddressSpace space = m.inspect().addressSpace(addressSpace);
				if (space != null) {
					l.add(VarNode.parent("current mm", Kind.MM.cName(), space.kernel() ? "init_mm" : space.name() + " (pid " + space.pid() + ")",
							false, () -> addressSpace(space)));
				}
				KmapState k = m.inspect().kmaps();
				if (!k.pkmap().isEmpty() || !k.stacks().isEmpty()) {
					l.add(kmaps(k));
				}
				return l;
			});
			return out == null ? List.of(unavailable()) : out;
		});
	}

	private static VarNode kmaps(KmapState k) {
		long used = k.pkmap().stream().filter(s -> s.count() > 0).count();
		return VarNode.parent("kmap", "", used + " of " + k.pkmap().size() + " pkmap slots in use", false, () -> {
			List<VarNode> out = new ArrayList<>();
			for (KmapState.PkmapSlot s : k.pkmap()) {
				if (s.count() > 0) {
					out.add(VarNode.leaf("pkmap[" + s.nr() + "]", "", ValueFormat.hex(s.va()) + " -> pfn " + ValueFormat.hex(s.pfn())
							+ ", pkmap_count " + s.count(), false));
				}
			}
			for (KmapState.KmapStack s : k.stacks()) {
				out.add(VarNode.leaf("kmap_ctrl of " + s.task(), "", "cpu " + s.cpu() + ", idx " + s.idx() + ", atomic " + s.atomic()
						+ ", pfns " + s.pfns().stream().map(ValueFormat::hex).toList(), false));
			}
			return out;
		});
	}

	private static VarNode unavailable() {
		return VarNode.leaf("(not available)", "", "the scenario is not suspended", false);
	}
}
