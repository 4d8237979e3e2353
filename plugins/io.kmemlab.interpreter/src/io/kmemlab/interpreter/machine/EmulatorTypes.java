package io.kmemlab.interpreter.machine;

import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.exec.EvalException;
import java.lang.reflect.Method;
import java.util.List;
import org.eclipse.emf.ecore.EObject;

/**
 * The MachineSpec setters that take the emulator's ZoneSpec and MemoryModelKind: those
 * types live in packages the emulator bundle does not export, so they are made through the
 * spec's own class loader.
 */
final class EmulatorTypes {
    private EmulatorTypes() { }

    private static Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName("io.kmemlab.emulator." + name, true, MachineSpec.class.getClassLoader());
    }

    static void memoryModel(MachineSpec spec, String dslName, EObject at) {
        try {
            Class<?> kind = type("spec.MemoryModelKind");
            Object k = kind.getMethod("byName", String.class).invoke(null, dslName);
            if (k == null) throw new EvalException("unknown memory model '" + dslName + "' (flatmem, sparsemem or sparsemem-vmemmap)", at);
            MachineSpec.class.getMethod("memoryModel", kind).invoke(spec, k);
        } catch (ReflectiveOperationException e) {
            throw EvalException.notSupported("memory-model (the emulator has no MemoryModelKind)", at);
        }
    }

    /** {@code new ZoneSpec(name, Kind.valueOf(kind), value, allocatorNone)}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object zone(String name, String kind, long value, boolean allocatorNone, EObject at) {
        try {
            Class<?> zs = type("spec.ZoneSpec");
            Class<? extends Enum> kinds = (Class<? extends Enum>) type("spec.ZoneSpec$Kind");
            return zs.getConstructor(String.class, kinds, long.class, boolean.class)
                    .newInstance(name, Enum.valueOf(kinds, kind), value, allocatorNone);
        } catch (ReflectiveOperationException e) {
            throw EvalException.notSupported("custom zones (the emulator has no ZoneSpec)", at);
        }
    }

    static void zones(MachineSpec spec, List<Object> zones, EObject at) {
        for (Method m : MachineSpec.class.getMethods()) {
            if (m.getName().equals("zones") && m.getParameterCount() == 1) {
                try {
                    m.invoke(spec, zones);
                    return;
                } catch (ReflectiveOperationException e) {
                    throw EvalException.notSupported("zones (" + e.getMessage() + ")", at);
                }
            }
        }
        throw EvalException.notSupported("zones", at);
    }
}
