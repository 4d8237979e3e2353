package io.kmemlab.cli.host;

import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.port.EmulatorPort;
import io.kmemlab.interpreter.port.NotSupportedException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Boots a machine on the emulator and reads its zones' counters. */
public final class EmulatedZones {
    private EmulatedZones() { }

    public static List<Zoneinfo.ZoneCounts> of(MachineSpec spec) throws NotSupportedException {
        EmulatorPort port = EmulatorPort.create(spec);
        port.call("boot");
        Object zones = port.call("zones");
        List<Zoneinfo.ZoneCounts> out = new ArrayList<>();
        if (zones instanceof Collection<?> c) {
            for (Object z : c) {
                out.add(new Zoneinfo.ZoneCounts((int) num(z, "nid"), String.valueOf(get(z, "name")), num(z, "startPfn"),
                        num(z, "spanned"), num(z, "present"), num(z, "managed")));
            }
        }
        return out;
    }

    private static Object get(Object o, String name) {
        try {
            Method m = o.getClass().getMethod(name);
            return m.invoke(o);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static long num(Object o, String name) {
        Object v = get(o, name);
        return v instanceof Number n ? n.longValue() : -1;
    }
}
