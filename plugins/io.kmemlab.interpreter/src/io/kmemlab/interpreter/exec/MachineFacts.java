package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.port.EmulatorPort;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Facts about the booted machine the evaluator needs: sizeof(struct page), the size of a
 * page-table entry, and its zones (for zone names and ZONE_xxx indices).
 */
final class MachineFacts {
    private final EmulatorPort port;
    private final MachineSpec spec;

    MachineFacts(EmulatorPort port, MachineSpec spec) {
        this.port = port;
        this.spec = spec;
    }

    /** sizeof(struct page): 64 on x86_64, 32 on the 32-bit arches (LANGUAGE.md section 1). */
    long structPageSize() {
        Object arch = port.callIfPresent("arch");
        Object n = invoke(arch, "structPageSize");
        if (n instanceof Number num) return num.longValue();
        return spec.arch().equals("x86_64") ? 64 : 32;
    }

    /** sizeof(pte_t): 8 on x86_64 and i386 PAE, 4 on i386 2-level and ARM. */
    long entrySize() {
        if (spec.arch().equals("x86_64") || "pae".equals(spec.paging())) return 8;
        return 4;
    }

    /** The zones of node 0, in zone-index order. */
    List<Object> zones() {
        Object z = port.callIfPresent("zones");
        List<Object> out = new ArrayList<>();
        if (z instanceof Collection<?> c) {
            for (Object o : c) if (nid(o) == 0) out.add(o);
        } else if (z instanceof Object[] arr) {
            for (Object o : arr) if (nid(o) == 0) out.add(o);
        }
        return out;
    }

    Object zone(String name) {
        Object z = port.callIfPresent("zone", name, 0);
        if (z != null) return z;
        for (Object o : zones()) if (name.equals(String.valueOf(invoke(o, "name")))) return o;
        return null;
    }

    /** enum zone_type value of the zone called {@code name}: its declaration order. */
    Integer zoneIndex(String name) {
        Object z = zone(canonical(name));
        if (z == null) return null;
        Object idx = invoke(z, "index");
        return idx instanceof Number n ? n.intValue() : null;
    }

    /** ZONE_NORMAL names the zone "Normal", ZONE_HIGHMEM "HighMem", custom zones keep their spelling. */
    private String canonical(String enumSuffix) {
        for (Object o : zones()) {
            String n = String.valueOf(invoke(o, "name"));
            if (n.equalsIgnoreCase(enumSuffix)) return n;
        }
        return enumSuffix;
    }

    String zoneNames() {
        List<String> names = new ArrayList<>();
        for (Object o : zones()) names.add(String.valueOf(invoke(o, "name")));
        return String.join(", ", names);
    }

    private static int nid(Object zone) {
        Object n = invoke(zone, "nid");
        return n instanceof Number num ? num.intValue() : 0;
    }

    static Object invoke(Object target, String method) {
        if (target == null) return null;
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
