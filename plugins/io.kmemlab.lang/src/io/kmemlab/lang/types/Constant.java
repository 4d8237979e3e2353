package io.kmemlab.lang.types;

import java.util.OptionalLong;

/**
 * A named value of the language: a flag with its kernel value (GFP_KERNEL = 0xcc0), or a
 * layout constant whose value depends on the machine (PAGE_OFFSET: no fixed value here,
 * the emulator computes it).
 *
 * @param value the kernel's value when it does not depend on the machine, else empty
 * @param group where it belongs in docs: "gfp", "prot", "map", "foll", "layout", "zone", "km"
 */
public record Constant(String name, Kind kind, OptionalLong value, String group, String meaning) {

    public boolean machineDependent() {
        return value.isEmpty();
    }
}
