package io.kmemlab.lang.ide.hover;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.kernel.KernelNames;
import io.kmemlab.lang.ide.navigation.KmemSymbols;
import io.kmemlab.lang.ide.navigation.Symbol;
import io.kmemlab.lang.ide.text.Regions;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.MachineClause;
import io.kmemlab.lang.kmem.RamClause;
import io.kmemlab.lang.machine.ConstantEvaluator;
import io.kmemlab.lang.machine.MachineFacts;
import io.kmemlab.lang.scoping.NameResolver;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Constant;
import io.kmemlab.lang.types.KindInference;

/**
 * What hovering a name shows: a variable with its kind and where it is declared, a machine with
 * a summary (arch, paging, memory model, kernel, RAM, zones), a kernel function's prototype, a
 * constant with its value, on the scenario's machine when the value depends on the machine.
 */
public class KmemHovers {

	private final KmemSymbols symbols;
	private final KernelNames kernelNames;

	@Inject
	public KmemHovers(KmemSymbols symbols, KernelNames kernelNames) {
		this.symbols = symbols;
		this.kernelNames = kernelNames;
	}

	/** The hover text at the offset, or null when the offset is not on a name. */
	public String describe(XtextResource resource, int offset, ConstantValues values) {
		return symbols.siteAt(resource, offset).map(site -> describe(resource, site.symbol(), offset, values)).orElse(null);
	}

	private String describe(XtextResource resource, Symbol symbol, int offset, ConstantValues values) {
		return switch (symbol.kind()) {
		case VARIABLE -> variable(declaring(resource, symbol));
		case MACHINE -> declaring(resource, symbol) instanceof Machine m ? machine(m) : null;
		case CONSTANT -> constant(resource, symbol.name(), offset, values);
		case FUNCTION -> kernelNames.describe(symbol.name());
		case ZONE -> "zone " + symbol.name() + " of the scenario's machine";
		case PROCESS -> "process " + symbol.name() + ": a user task with its own mm";
		case SYMBOL -> "kernel-image symbol " + symbol.name() + ", declared by the machine";
		case IMPORT -> "imports the machines of " + symbol.name();
		};
	}

	private static EObject declaring(XtextResource resource, Symbol symbol) {
		try {
			return symbol.declaration() == null ? null : resource.getResourceSet().getEObject(symbol.declaration(), true);
		} catch (RuntimeException e) {
			return null; // the declaring file is gone
		}
	}

	private static String variable(EObject declaration) {
		if (declaration instanceof Let let) {
			String kind = KindInference.kindOfVariable(let).cName();
			return "let " + let.getName() + ": " + kind + "\n\n= " + Regions.oneLine(let.getValue()) + "\n\n(line "
					+ line(let) + ")";
		}
		if (declaration instanceof For f) {
			return "for " + f.getName() + ": integer, from " + Regions.oneLine(f.getFrom()) + " to "
					+ Regions.oneLine(f.getTo()) + "\n\n(line " + line(f) + ")";
		}
		return null;
	}

	/** The machine in a few lines: what a scenario on it runs on. */
	static String machine(Machine machine) {
		MachineFacts facts = MachineFacts.of(machine);
		StringBuilder text = new StringBuilder("machine ").append(machine.getName()).append(": ").append(facts.arch())
				.append(", kernel ").append(facts.kernelVersion());
		List<String> ranges = new ArrayList<>();
		long total = 0;
		boolean exact = true;
		for (MachineClause clause : machine.getClauses()) {
			if (clause instanceof RamClause ram) {
				ranges.add(Regions.oneLine(ram));
				OptionalLong start = ConstantEvaluator.eval(ram.getStart());
				OptionalLong size = ram.getSize() != null ? ConstantEvaluator.eval(ram.getSize())
						: ram.getEnd() == null ? OptionalLong.empty() : ConstantEvaluator.eval(ram.getEnd());
				if (start.isPresent() && size.isPresent()) {
					total += ram.getSize() != null ? size.getAsLong() : size.getAsLong() - start.getAsLong() + 1;
				} else {
					exact = false;
				}
			}
		}
		text.append("\n\nRAM: ").append(ranges.isEmpty() ? "none" : (exact ? size(total) + " in " : "") + ranges.size()
				+ (ranges.size() == 1 ? " range" : " ranges"));
		for (String range : ranges) {
			text.append("\n  ").append(range);
		}
		text.append("\n\nzones: ").append(String.join(", ", facts.zoneNames()));
		return text.toString();
	}

	private String constant(XtextResource resource, String name, int offset, ConstantValues values) {
		Constant constant = Builtins.constant(name);
		String description = kernelNames.describe(name);
		if (constant == null || !constant.machineDependent()) {
			return description;
		}
		EObject at = NodeModelUtils.findActualSemanticObjectFor(
				NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset));
		Machine machine = at == null ? null : NameResolver.machineOf(at);
		if (machine == null || machine.eIsProxy()) {
			return description;
		}
		OptionalLong value = values.valueOn(machine, name);
		if (value.isEmpty()) {
			return description;
		}
		String head = name + " = 0x" + Long.toHexString(value.getAsLong()) + " on machine " + machine.getName();
		int meaning = description == null ? -1 : description.indexOf("\n\n");
		return head + (meaning < 0 ? "" : description.substring(meaning));
	}

	private static String size(long bytes) {
		String[] units = { "bytes", "KiB", "MiB", "GiB", "TiB" };
		double v = bytes;
		int u = 0;
		while (v >= 1024 && u < units.length - 1) {
			v /= 1024;
			u++;
		}
		return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " " + units[u];
	}

	private static int line(EObject o) {
		var node = NodeModelUtils.getNode(o);
		return node == null ? 0 : node.getStartLine();
	}
}
