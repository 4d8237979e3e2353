package io.kmemlab.interpreter.exec;

import io.kmemlab.interpreter.port.EmulatorPort;
import io.kmemlab.interpreter.port.ResultTypes;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Constant;

/**
 * Names that are not variables: the machine's layout constants (asked from the emulator,
 * whose values depend on the arch and paging mode) and the flags of the kernel and uapi
 * headers. Their kinds and machine-independent values come from the language's built-in
 * table, the same one the validator checks against.
 */
final class Constants {
    private Constants() { }

    /** The value of constant {@code name} on this machine, or null when it is not a constant. */
    static Value lookup(EmulatorPort port, String name) {
        Constant c = Builtins.constant(name);
        CType type = c == null ? CType.INT : ResultTypes.of(c.kind());
        Object v = port.callIfPresent("constant", name);
        if (v instanceof Number n) return Value.of(type, n.longValue());
        // a flag the facade does not list: its value does not depend on the machine
        if (c != null && c.value().isPresent()) return Value.of(type, c.value().getAsLong());
        return null;
    }
}
