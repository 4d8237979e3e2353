package io.kmemlab.interpreter.port;

import io.kmemlab.emulator.Machine;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.types.Kind;
import java.util.List;

/**
 * One built-in of the language bound to the emulator: the kinds of its parameters (the
 * optional ones last), the kind of its result, and the typed call on {@link Machine} that
 * implements it.
 *
 * @param required how many of {@code params} the user must write
 */
public record Binding(String name, List<Kind> params, int required, Kind returns, Call call) {
    public Binding {
        params = List.copyOf(params);
    }

    /** The call: the machine, where it runs, its arguments; the result carries {@link #returns()}'s kind. */
    @FunctionalInterface
    public interface Call {
        Value invoke(Machine m, CallContext c, Args a);
    }

    public int maxArity() { return params.size(); }

    public boolean accepts(int arity) { return arity >= required && arity <= params.size(); }
}
