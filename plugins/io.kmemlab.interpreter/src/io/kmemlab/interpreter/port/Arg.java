package io.kmemlab.interpreter.port;

import io.kmemlab.interpreter.value.Value;

/**
 * One argument of a kernel call: its value and, when the user wrote a bare name or a string
 * ({@code zone(NewMem)}, {@code symbol(jiffies_buf)}, {@code kmap_atomic(p, KM_USER0)}),
 * that name, for parameters that take a name.
 *
 * @param unresolved a bare name that is no variable or constant: usable only where a name is expected
 */
public record Arg(Value value, String name, boolean unresolved) {
    public static Arg of(Value v) { return new Arg(v, null, false); }

    public static Arg named(Value v, String name) { return new Arg(v, name, false); }

    public static Arg unresolvedName(String name) { return new Arg(Value.string(name), name, true); }
}
