package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.MachineSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Creates the {@link Arch} for a machine spec; other arches register here. */
public final class Arches {
    private static final Map<String, Function<MachineSpec, Arch>> FACTORIES = new LinkedHashMap<>();

    static {
        register("x86_64", X86_64::new);
        register("i386", I386::new);
        register("arm", Arm::new);
    }

    private Arches() { }

    public static synchronized void register(String name, Function<MachineSpec, Arch> factory) {
        FACTORIES.put(name, factory);
    }

    /** The arch for {@code spec}, or null when the arch is not (yet) emulated. */
    public static synchronized Arch create(MachineSpec spec) {
        Function<MachineSpec, Arch> f = FACTORIES.get(spec.arch());
        return f == null ? null : f.apply(spec);
    }

    public static synchronized boolean known(String name) { return FACTORIES.containsKey(name); }

    /** The arch names `arch X` accepts, in registration order. */
    public static synchronized List<String> names() { return List.copyOf(FACTORIES.keySet()); }
}
