package io.kmemlab.interpreter.port;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.interpreter.value.Value;
import java.util.List;
import java.util.function.Supplier;

/**
 * The interpreter's one door into the emulator: built-in functions through
 * {@link KernelFunctions}, named constants through {@link KernelConstants}, both typed calls
 * on one {@link Machine}. Anything the emulator throws becomes an {@link EmulatorException}
 * naming the call, never a stack trace.
 */
public final class KernelPort {
    private final Machine machine;

    public KernelPort(Machine machine) {
        this.machine = machine;
    }

    public Machine machine() { return machine; }

    /**
     * {@code fn(args)} in the context of {@code task} (null: the scenario level).
     *
     * @throws CallException when {@code fn} is no built-in or the arguments do not fit
     */
    public Value call(String fn, List<Arg> args, Task task, Trace trace) {
        return call(fn, args, task, trace, () -> 0);
    }

    /** {@code fn(args)} written at {@code line} of the scenario file (asked only when needed; 0: none), which gives its _RET_IP_ ({@link CallContext#caller()}). */
    public Value call(String fn, List<Arg> args, Task task, Trace trace, java.util.function.IntSupplier line) {
        Binding b = KernelFunctions.get(fn);
        if (b == null) throw new CallException("unknown function '" + fn + "'");
        if (!b.accepts(args.size())) {
            String count = b.required() == b.maxArity() ? String.valueOf(b.required()) : b.required() + " or " + b.maxArity();
            throw new CallException(fn + "() takes " + count + " argument" + (b.maxArity() == 1 ? "" : "s") + ", not " + args.size());
        }
        CallContext c = new CallContext(machine, task, trace, line);
        try {
            return b.call().invoke(machine, c, new Args(fn, args));
        } catch (CallException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw EmulatorException.of(fn + "()", e);
        }
    }

    /**
     * A direct read of the machine ({@code walk}, {@code show}, {@code *ptep}, {@code p->field}):
     * what the emulator throws becomes an {@link EmulatorException} naming {@code what}.
     */
    public <T> T guard(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw EmulatorException.of(what, e);
        }
    }

    /**
     * The value of the named constant {@code name} in the context of {@code task}, or null
     * when it is no constant.
     *
     * @throws CallException when the constant does not exist on this machine
     */
    public Value constant(String name, Task task, Trace trace) {
        try {
            return KernelConstants.lookup(name, new CallContext(machine, task, trace));
        } catch (CallException e) {
            throw e;
        } catch (RuntimeException e) {
            throw EmulatorException.of(name, e);
        }
    }
}
