package io.kmemlab.interpreter.machine;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.lang.kmem.ArchClause;
import io.kmemlab.lang.kmem.BootAllocatorClause;
import io.kmemlab.lang.kmem.ConfigClause;
import io.kmemlab.lang.kmem.CpusClause;
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
import java.util.ArrayList;
import java.util.List;

/** Turns a {@code machine { }} block of the model into the emulator's {@link MachineSpec}. */
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
            case MemoryModelClause mm -> EmulatorTypes.memoryModel(spec, mm.getModel(), c);
            case KaslrClause k -> spec.kaslrSeed(k.isOff() ? null : ConstantExpressions.eval(k.getSeed()));
            case KernelClause k -> spec.kernel(k.getVersion());
            case CpusClause k -> spec.cpus(toInt(ConstantExpressions.eval(k.getCount()), c));
            case HugepagesClause h -> spec.hugepages(toInt(ConstantExpressions.eval(h.getCount()), c));
            case SwapClause s -> spec.swap(ConstantExpressions.eval(s.getSize()));
            case RamClause r -> ram(spec, r, 0);
            case NodeClause n -> {
                int nid = toInt(ConstantExpressions.eval(n.getNid()), c);
                for (RamClause r : n.getRanges()) ram(spec, r, nid);
            }
            case ReservedClause r -> spec.reserved(ConstantExpressions.eval(r.getStart()), ConstantExpressions.eval(r.getEnd()),
                    r.getLabel() == null ? "reserved" : r.getLabel());
            case KernelImageClause k -> spec.kernelImage(ConstantExpressions.eval(k.getStart()), ConstantExpressions.eval(k.getSize()));
            case SymbolClause s -> spec.symbol(s.getName(), s.getSection(), ConstantExpressions.eval(s.getSize()));
            case ZonesClause z -> EmulatorTypes.zones(spec, z.isDefault() ? null : zones(z), c);
            case ConfigClause cfg -> {
                for (io.kmemlab.lang.kmem.ConfigOption o : cfg.getOptions()) {
                    ConfigOption opt = ConfigOption.byName(o.getName());
                    if (opt == null) throw new EvalException("unknown config option " + o.getName(), o);
                    spec.config(opt, o.isOn());
                }
            }
            case PageOffsetClause p -> spec.pageOffset(ConstantExpressions.eval(p.getValue()));
            case LowmemLimitClause l -> spec.lowmemLimit(ConstantExpressions.eval(l.getValue()));
            case BootAllocatorClause b -> spec.bootAllocator(b.getAllocator());
            default -> throw new EvalException("not supported yet: machine clause " + c.eClass().getName(), c);
        }
    }

    private static void ram(MachineSpec spec, RamClause r, int nid) {
        long start = ConstantExpressions.eval(r.getStart());
        if (r.getEnd() != null) spec.ram(start, ConstantExpressions.eval(r.getEnd()), nid);
        else spec.ram(start, start + ConstantExpressions.eval(r.getSize()) - 1, nid);
    }

    private static List<Object> zones(ZonesClause z) {
        List<Object> out = new ArrayList<>();
        for (ZoneDecl d : z.getZones()) {
            if (d.isRest()) out.add(EmulatorTypes.zone(d.getName(), "REST", 0, d.isNoAllocator(), d));
            else if (d.getEnd() != null) out.add(EmulatorTypes.zone(d.getName(), "UNTIL", ConstantExpressions.eval(d.getEnd()), d.isNoAllocator(), d));
            else out.add(EmulatorTypes.zone(d.getName(), "SIZE", ConstantExpressions.eval(d.getSize()), d.isNoAllocator(), d));
        }
        return out;
    }

    private static int toInt(long v, MachineClause c) {
        if (v < 0 || v > Integer.MAX_VALUE) throw new EvalException("value " + v + " is out of range here", c);
        return (int) v;
    }
}
