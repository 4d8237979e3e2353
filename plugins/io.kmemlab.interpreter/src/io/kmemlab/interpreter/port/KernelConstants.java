package io.kmemlab.interpreter.port;

import static io.kmemlab.lang.types.Kind.INTEGER;
import static io.kmemlab.lang.types.Kind.VIRT_ADDR;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.arch.Layout;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Constant;
import io.kmemlab.lang.types.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The values of the language's named constants on one machine. Flags (GFP, PROT, MAP, FOLL,
 * KM) have machine-independent values in the language's table, which reads them from the
 * emulator; the layout constants and globals are bound here by hand to the machine's
 * {@link Layout}, paging mode and kernel profile; ZONE_xxx is the index of the machine's zone.
 */
public final class KernelConstants {
    /** How a machine-dependent constant is read. */
    @FunctionalInterface
    public interface Source {
        Value value(Machine m, CallContext c);
    }

    private static final Map<String, Source> TABLE = new LinkedHashMap<>();

    private KernelConstants() { }

    static {
        // PAGE_SHIFT is the pte level's shift on every arch the emulator models (4 KiB pages)
        layout("PAGE_SHIFT", INTEGER, m -> m.arch().paging().level(PagingMode.PTE).shift());
        layout("PAGE_SIZE", INTEGER, m -> 1L << m.arch().paging().level(PagingMode.PTE).shift());
        layout("PAGE_MASK", INTEGER, m -> ~((1L << m.arch().paging().level(PagingMode.PTE).shift()) - 1));
        layout("PAGE_OFFSET", VIRT_ADDR, m -> m.layout().pageOffset());
        layout("VMALLOC_START", VIRT_ADDR, m -> m.layout().vmallocStart());
        layout("VMALLOC_END", VIRT_ADDR, m -> m.layout().vmallocEnd());
        absentWhenZero("VMEMMAP_START", m -> m.layout().vmemmapStart(), "has no vmemmap (its memory model is not sparsemem-vmemmap)");
        absentWhenZero("PKMAP_BASE", m -> m.layout().pkmapBase(), "has no kmap window (no highmem)");
        absentWhenZero("LAST_PKMAP", m -> m.layout().lastPkmap(), "has no kmap window (no highmem)");
        layout("FIXADDR_START", VIRT_ADDR, m -> m.layout().fixaddrStart());
        layout("FIXADDR_TOP", VIRT_ADDR, m -> m.layout().fixaddrTop());
        layout("MODULES_VADDR", VIRT_ADDR, m -> m.layout().modulesVaddr());
        layout("MODULES_END", VIRT_ADDR, m -> m.layout().modulesEnd());
        layout("TASK_SIZE", VIRT_ADDR, m -> m.layout().userTop());
        layout("__START_KERNEL_map", VIRT_ADDR, m -> m.layout().kernelMapStart());
        layout("MAX_PAGE_ORDER", INTEGER, m -> m.profile().maxPageOrder());
        layout("NR_PAGE_ORDERS", INTEGER, m -> m.profile().nrPageOrders());
        // include/linux/mm.h: #define MAP_FAILED ((void *) -1)
        layout("MAP_FAILED", VIRT_ADDR, m -> -1L);
        layout("PTRS_PER_PTE", INTEGER, m -> m.arch().paging().level(PagingMode.PTE).ptrs());
        layout("PTRS_PER_PMD", INTEGER, m -> m.arch().paging().level(PagingMode.PMD).ptrs());
        layout("PTRS_PER_PGD", INTEGER, m -> m.arch().paging().level(PagingMode.PGD).ptrs());
        TABLE.put("mem_map", (m, c) -> Value.of(Kind.PAGE, m.memMap()));
        TABLE.put("init_mm", (m, c) -> Value.of(Kind.MM, m.initMm()));
        TABLE.put("current", (m, c) -> Value.task(c.task()));
        for (String zone : List.of("DMA", "DMA32", "NORMAL", "HIGHMEM", "MOVABLE")) {
            TABLE.put("ZONE_" + zone, (m, c) -> zoneIndex(m, zone));
        }
    }

    /**
     * The value of constant {@code name} in context {@code c}, or null when {@code name} is no
     * constant. {@code ZONE_X} is the index of zone X of this machine, custom zones included.
     *
     * @throws CallException when the constant does not exist on this machine
     */
    public static Value lookup(String name, CallContext c) {
        Source s = TABLE.get(name);
        if (s != null) return s.value(c.machine(), c);
        Constant k = Builtins.constant(name);
        if (k != null && k.value().isPresent()) return Value.of(k.kind(), k.value().getAsLong());
        if (name.startsWith("ZONE_") && name.length() > 5) return zoneIndex(c.machine(), name.substring(5));
        return null;
    }

    /** The machine-dependent constants bound here, by name. */
    public static Map<String, Source> machineDependent() { return Collections.unmodifiableMap(TABLE); }

    /** enum zone_type: the zone's declaration order; ZONE_MOVABLE follows the others when the machine has none. */
    private static Value zoneIndex(Machine m, String suffix) {
        List<Zone> zones = m.zones().stream().filter(z -> z.nid() == 0).toList();
        for (Zone z : zones) if (z.name().equalsIgnoreCase(suffix)) return Value.of(Kind.ZONE_TYPE, z.index());
        if (suffix.equalsIgnoreCase("MOVABLE")) return Value.of(Kind.ZONE_TYPE, zones.size());
        throw new CallException("ZONE_" + suffix + ": this machine has no zone " + suffix + " (its zones: " + Args.zoneNames(m) + ")");
    }

    private static void layout(String name, Kind kind, ToLongFunction<Machine> value) {
        TABLE.put(name, (m, c) -> Value.of(kind, value.applyAsLong(m)));
    }

    /** A layout constant the emulator gives as 0 where the machine has no such area. */
    private static void absentWhenZero(String name, ToLongFunction<Machine> value, String why) {
        Kind kind = Builtins.constant(name).kind();
        TABLE.put(name, (m, c) -> {
            long v = value.applyAsLong(m);
            if (v == 0) throw new CallException(name + ": this machine (" + m.spec().arch() + ") " + why);
            return Value.of(kind, v);
        });
    }
}
