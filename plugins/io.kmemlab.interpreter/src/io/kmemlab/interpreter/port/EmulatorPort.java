package io.kmemlab.interpreter.port;

import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.exec.TraceSink;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The interpreter's one door into the emulator's facade {@code io.kmemlab.emulator.Machine}.
 *
 * <p>Why reflection: the emulator is built at the same time as the language, and its facade
 * "only grows". Binding the kernel API by method name lets every scenario run as far as the
 * emulator goes today; a method that does not exist yet (or throws
 * UnsupportedOperationException) becomes a "not supported yet" diagnostic at the statement,
 * never a build break or a stack trace. Method lookups are cached per name.
 */
public final class EmulatorPort {
    static final String FACADE = "io.kmemlab.emulator.Machine";

    private final Object machine;
    private final Map<String, List<Method>> byName = new HashMap<>();

    private EmulatorPort(Object machine) {
        this.machine = machine;
        for (Method m : machine.getClass().getMethods()) {
            // static helpers (offsetInPage, pfnDown ...) are called like the others: invoke ignores the receiver
            if (m.getDeclaringClass() == Object.class) continue;
            byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
        }
    }

    /** {@code Machine.create(spec)}. */
    public static EmulatorPort create(MachineSpec spec) throws NotSupportedException {
        Class<?> facade;
        try {
            facade = Class.forName(FACADE, true, MachineSpec.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new NotSupportedException("booting a machine (the emulator has no " + FACADE + " facade yet)");
        }
        try {
            Method create = facade.getMethod("create", MachineSpec.class);
            return new EmulatorPort(create.invoke(null, spec));
        } catch (NoSuchMethodException e) {
            throw new NotSupportedException("booting a machine (the emulator has no Machine.create(MachineSpec) yet)");
        } catch (IllegalAccessException e) {
            throw new EmulatorException("Machine.create is not accessible: " + e.getMessage());
        } catch (InvocationTargetException e) {
            throw translate("machine " + spec.name(), e.getCause());
        }
    }

    /**
     * Wraps any object with the facade's method names: the tests use small stand-ins to
     * check the interpreter's own rules without depending on the emulator's progress.
     */
    public static EmulatorPort of(Object machine) { return new EmulatorPort(machine); }

    public Object machine() { return machine; }

    public boolean has(String method) { return byName.containsKey(method); }

    public List<Method> methods(String name) { return byName.getOrDefault(name, List.of()); }

    /** Calls a facade method whose parameters are exactly {@code args} (no adaptation). */
    public Object call(String name, Object... args) throws NotSupportedException {
        for (Method m : methods(name)) {
            if (m.getParameterCount() != args.length) continue;
            if (!accepts(m.getParameterTypes(), args)) continue;
            return invoke(name, m, args);
        }
        throw new NotSupportedException(name + "() in the emulator");
    }

    /** Like {@link #call} but null when the facade has no such method. */
    public Object callIfPresent(String name, Object... args) {
        try {
            return call(name, args);
        } catch (NotSupportedException e) {
            return null;
        }
    }

    /** Invokes {@code m} on the machine, turning the emulator's exceptions into the interpreter's. */
    public Object invoke(String what, Method m, Object[] args) throws NotSupportedException {
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof TraceSink sink && isTrace(types[i])) args[i] = sink.as(types[i]);
        }
        try {
            return m.invoke(machine, args);
        } catch (IllegalAccessException e) {
            throw new EmulatorException(what + ": " + e.getMessage());
        } catch (InvocationTargetException e) {
            throw translate(what, e.getCause());
        }
    }

    static RuntimeException translate(String what, Throwable cause) {
        if (cause instanceof UnsupportedOperationException u) {
            String msg = u.getMessage();
            return new NotSupportedException.Unchecked(msg == null || msg.isBlank() ? what : msg);
        }
        if (cause instanceof StackOverflowError || cause instanceof OutOfMemoryError) {
            return new EmulatorException(what + " ran out of " + (cause instanceof OutOfMemoryError ? "memory" : "stack"));
        }
        String where = "";
        StackTraceElement[] st = cause.getStackTrace();
        if (st.length > 0) where = " (at " + st[0].getClassName().replaceFirst("^io\\.kmemlab\\.emulator\\.", "") + "." + st[0].getMethodName() + ":" + st[0].getLineNumber() + ")";
        return new EmulatorException("the emulator failed in " + what + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + where);
    }

    private static boolean accepts(Class<?>[] types, Object[] args) {
        for (int i = 0; i < types.length; i++) {
            if (args[i] == null) { if (types[i].isPrimitive()) return false; continue; }
            if (args[i] instanceof TraceSink && isTrace(types[i])) continue;
            if (!box(types[i]).isInstance(args[i])) return false;
        }
        return true;
    }

    static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) return c;
        if (c == long.class) return Long.class;
        if (c == int.class) return Integer.class;
        if (c == boolean.class) return Boolean.class;
        if (c == short.class) return Short.class;
        if (c == byte.class) return Byte.class;
        if (c == char.class) return Character.class;
        if (c == double.class) return Double.class;
        return Float.class;
    }

    /** True when a parameter of this type is filled by the interpreter, not the user: the trace. */
    static boolean isTrace(Class<?> c) { return TraceSink.isTraceType(c); }

    /** A task parameter ({@code Task}: kernel, kthread or process context). */
    static boolean isTask(Class<?> c) { return c.getSimpleName().equals("Task"); }
}
