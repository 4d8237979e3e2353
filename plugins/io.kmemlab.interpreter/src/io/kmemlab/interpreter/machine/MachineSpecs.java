package io.kmemlab.interpreter.machine;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.lang.kmem.ArchClause;
import io.kmemlab.lang.kmem.BootAllocatorClause;
import io.kmemlab.lang.kmem.ConfigClause;
import io.kmemlab.lang.kmem.CpusClause;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.HugepagesClause;
import io.kmemlab.lang.kmem.KaslrClause;
import io.kmemlab.lang.kmem.KernelClause;
import io.kmemlab.lang.kmem.KernelImageClause;
import io.kmemlab.lang.kmem.LowmemLimitClause;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.MachineClause;
import io.kmemlab.lang.kmem.MemoryModelClause;
import io.kmemlab.lang.kmem.NodeClause;
import io.kmemlab.lang.kmem.PageOffsetClause;
import io.kmemlab.lang.kmem.PagingClause;
import io.kmemlab.lang.kmem.RamClause;
import io.kmemlab.lang.kmem.ReservedClause;
import io.kmemlab.lang.kmem.SwapClause;
import io.kmemlab.lang.kmem.SymbolClause;
import io.kmemlab.lang.kmem.ZoneDecl;
import io.kmemlab.lang.kmem.ZonesClause;
import io.kmemlab.lang.machine.ConfigFiles;
import io.kmemlab.lang.machine.ConstantEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@code machine { }} block of the model into the emulator's {@link MachineSpec}.
 * Clause values go through the language's {@link ConstantEvaluator}, the one the validator
 * uses, so a clause the validator accepts builds the machine it described.
 */
public final class MachineSpecs {
    private MachineSpecs() { }

    public static MachineSpec of(Machine m) {
        MachineSpec spec = new MachineSpec().name(m.getName());
        for (MachineClause c : m.getClauses()) apply(spec, c);
        return spec;
    }

    private static void apply(MachineSpec spec, MachineClause c) {
        switch (c) {
            case ArchClause a -> spec.arch(a.getArch());
            case PagingClause p -> spec.paging(p.getMode());
            case MemoryModelClause mm -> spec.memoryModel(memoryModel(mm));
            case KaslrClause k -> kaslr(spec, k);
            case KernelClause k -> spec.kernel(k.getVersion());
            case CpusClause k -> spec.cpus(toInt(value(k.getCount(), c), c));
            case HugepagesClause h -> spec.hugepages(toInt(value(h.getCount(), c), c));
            case SwapClause s -> spec.swap(value(s.getSize(), c));
            case RamClause r -> ram(spec, r, 0);
            case NodeClause n -> {
                int nid = toInt(value(n.getNid(), c), c);
                for (RamClause r : n.getRanges()) ram(spec, r, nid);
            }
            case ReservedClause r -> {
                long start = value(r.getStart(), r);
                long end = r.getEnd() != null ? value(r.getEnd(), r) : start + value(r.getSize(), r) - 1;   // `size LEN`: inclusive end
                spec.reserved(start, end, r.getLabel() == null ? "reserved" : r.getLabel());
            }
            case KernelImageClause k -> spec.kernelImage(value(k.getStart(), c), value(k.getSize(), c));
            case SymbolClause s -> spec.symbol(s.getName(), s.getSection(), value(s.getSize(), c));
            case ZonesClause z -> spec.zones(z.isDefault() ? null : zones(z));
            case ConfigClause cfg -> {
                // `config from "FILE"` first, then the block's own options override it
                ConfigFiles.Loaded loaded = ConfigFiles.load(cfg);
                if (loaded != null && !loaded.ok()) throw new EvalException(loaded.error(), cfg);
                if (loaded != null) loaded.file().values().forEach((opt, v) -> spec.configFromFile(cfg.getFile(), opt, v.longValue()));
                for (io.kmemlab.lang.kmem.ConfigOption o : cfg.getOptions()) {
                    ConfigOption opt = ConfigOption.byName(o.getName());
                    if (opt == null) throw EvalException.notSupported("config option " + o.getName() + " (the emulator models "
                            + List.of(ConfigOption.values()) + ")", o);
                    if (o.isOn() || o.isOff()) spec.config(opt, o.isOn());
                    else spec.config(opt, o.getValue());
                }
            }
            case PageOffsetClause p -> spec.pageOffset(value(p.getValue(), c));
            case LowmemLimitClause l -> spec.lowmemLimit(value(l.getValue(), c));
            case BootAllocatorClause b -> spec.bootAllocator(b.getAllocator());
            default -> throw EvalException.notSupported("machine clause " + c.eClass().getName(), c);
        }
    }

    private static MemoryModelKind memoryModel(MemoryModelClause c) {
        MemoryModelKind k = MemoryModelKind.byName(c.getModel());
        if (k == null) throw new EvalException("unknown memory model '" + c.getModel() + "' (flatmem, sparsemem or sparsemem-vmemmap)", c);
        return k;
    }

    private static void ram(MachineSpec spec, RamClause r, int nid) {
        long start = value(r.getStart(), r);
        if (r.getEnd() != null) spec.ram(start, value(r.getEnd(), r), nid);
        else spec.ram(start, start + value(r.getSize(), r) - 1, nid);
    }

    private static List<ZoneSpec> zones(ZonesClause z) {
        List<ZoneSpec> out = new ArrayList<>();
        for (ZoneDecl d : z.getZones()) {
            if (d.isRest()) out.add(new ZoneSpec(d.getName(), ZoneSpec.Kind.REST, 0, d.isNoAllocator()));
            else if (d.getEnd() != null) out.add(new ZoneSpec(d.getName(), ZoneSpec.Kind.UNTIL, value(d.getEnd(), d), d.isNoAllocator()));
            else out.add(new ZoneSpec(d.getName(), ZoneSpec.Kind.SIZE, value(d.getSize(), d), d.isNoAllocator()));
        }
        return out;
    }

    /** `kaslr off`, `kaslr seed N [text T]`, `kaslr text T`, or the bases by name (the validator has checked the names). */
    private static void kaslr(MachineSpec spec, KaslrClause k) {
        java.util.Map<String, Long> v = new java.util.HashMap<>();
        for (io.kmemlab.lang.kmem.KaslrBase b : k.getBases()) v.put(b.getName(), value(b.getValue(), k));
        if (k.isOff()) {
            spec.kaslrSeed(null).kaslrBases(null).kaslrText(null);
        } else if (k.getSeed() != null) {
            spec.kaslrSeed(value(k.getSeed(), k)).kaslrBases(null).kaslrText(v.get("text"));
        } else if (v.containsKey("page_offset_base") && v.containsKey("vmalloc_base") && v.containsKey("vmemmap_base")) {
            spec.kaslrSeed(null).kaslrText(null).kaslrBases(new MachineSpec.KaslrBases(v.get("page_offset_base"), v.get("vmalloc_base"),
                    v.get("vmemmap_base"), v.get("text")));
        } else if (v.size() == 1 && v.containsKey("text")) {
            spec.kaslrSeed(null).kaslrBases(null).kaslrText(v.get("text"));
        }
    }

    /** The clause value {@code e}; what is not a constant number is an error at its place. */
    private static long value(Expression e, org.eclipse.emf.ecore.EObject clause) {
        try {
            return ConstantEvaluator.value(e);
        } catch (ConstantEvaluator.NotConstantException x) {
            throw new EvalException(x.getMessage(), x.where() != null ? x.where() : clause);
        }
    }

    private static int toInt(long v, MachineClause c) {
        if (v < 0 || v > Integer.MAX_VALUE) throw new EvalException("value " + v + " is out of range here", c);
        return (int) v;
    }
}
