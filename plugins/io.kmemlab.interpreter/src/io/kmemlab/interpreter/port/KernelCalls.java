package io.kmemlab.interpreter.port;

import io.kmemlab.interpreter.exec.TraceSink;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Calls a kernel function of the language on the emulator's facade: finds the facade
 * method (the kernel name in camelCase, with the few renames the design lists), fills the
 * parameters the user does not write (the task, the trace, the access size of read8 ...),
 * converts the user's values to the parameter types and gives the result its C type.
 */
public final class KernelCalls {
    private final EmulatorPort port;

    public KernelCalls(EmulatorPort port) {
        this.port = port;
    }

    /** The facade call for one kernel function: method name and the leading fixed arguments. */
    record Binding(String method, List<Object> fixed, int sizeArgAt, List<Object> trailing) {
        Binding(String method, List<Object> fixed, int sizeArgAt) { this(method, fixed, sizeArgAt, List.of()); }
    }

    /** Linux's level numbers for pgd .. pte, as the facade's PagingMode numbers them. */
    public static int level(String name) {
        return switch (name) { case "pgd" -> 0; case "p4d" -> 1; case "pud" -> 2; case "pmd" -> 3; default -> 4; };
    }

    /**
     * Maps a kernel name to the facade: {@code read8(a)} is {@code read(task, a, 1, t)},
     * {@code PageSlab(p)} is {@code pageFlag("Slab", p)} when there is no {@code pageSlab},
     * {@code pmd_index(a)} is {@code index("pmd", a)}, {@code free_pages} is {@code freePagesAddr}.
     */
    Binding bind(String fn) {
        if (fn.matches("read(8|16|32|64)")) return new Binding("read", List.of(), Integer.parseInt(fn.substring(4)) / 8);
        if (fn.matches("write(8|16|32|64)")) return new Binding("write", List.of(), Integer.parseInt(fn.substring(5)) / 8);
        if (fn.matches("(pgd|p4d|pud|pmd|pte)_index")) return new Binding("index", List.of(level(fn.substring(0, 3))), -1);
        if (fn.equals("free_pages")) return new Binding("freePagesAddr", List.of(), -1);
        // the order-0 macros of include/linux/gfp.h, and PHYS_PFN = PFN_DOWN (include/linux/pfn.h)
        if (fn.equals("__get_free_page")) return new Binding("getFreePages", List.of(), -1, List.of(0));
        if (fn.equals("__free_page")) return new Binding("freePages", List.of(), -1, List.of(0));
        if (fn.equals("free_page")) return new Binding("freePagesAddr", List.of(), -1, List.of(0));
        if (fn.equals("PHYS_PFN")) return new Binding("pfnDown", List.of(), -1);
        String camel = camel(fn);
        if (fn.matches("Page[A-Z]\\w*") && !port.has(camel)) return new Binding("pageFlag", List.of(fn.substring(4)), -1);
        if (fn.matches("SetPage[A-Z]\\w*")) return new Binding("setPageFlag", List.of(fn.substring(7)), -1, List.of(Boolean.TRUE));
        if (fn.matches("ClearPage[A-Z]\\w*")) return new Binding("setPageFlag", List.of(fn.substring(9)), -1, List.of(Boolean.FALSE));
        return new Binding(camel, List.of(), -1);
    }

    /** {@code alloc_pages_node} → {@code allocPagesNode}, {@code __pa} → {@code pa}, {@code PFN_DOWN} → {@code pfnDown}. */
    public static String camel(String kernelName) {
        String s = kernelName.replaceFirst("^_+", "");
        if (s.equals(s.toUpperCase(Locale.ROOT))) s = s.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : s.toCharArray()) {
            if (c == '_') { up = sb.length() > 0; continue; }
            sb.append(up ? Character.toUpperCase(c) : sb.length() == 0 ? Character.toLowerCase(c) : c);
            up = false;
        }
        return sb.toString();
    }

    /** Whether the emulator has anything behind {@code fn} yet. */
    public boolean supports(String fn) {
        return port.has(bind(fn).method());
    }

    /** Whether the facade has a form of {@code fn} that takes {@code n} arguments the user writes (not counting task and trace). */
    public boolean accepts(String fn, int n) {
        for (Method m : port.methods(bind(fn).method())) {
            int userParams = 0;
            for (Class<?> p : m.getParameterTypes()) if (!EmulatorPort.isTrace(p) && !EmulatorPort.isTask(p)) userParams++;
            if (userParams == n) return true;
        }
        return false;
    }

    /**
     * Calls {@code fn(args)} in the context of {@code task} (null: scenario level).
     *
     * @throws NotSupportedException when the emulator has no method for it yet
     * @throws IllegalArgumentException with a user-facing message when the arguments do not fit
     */
    public Value call(String fn, List<Arg> args, Object task, TraceSink trace) throws NotSupportedException {
        Binding b = bind(fn);
        List<Method> candidates = port.methods(b.method());
        if (candidates.isEmpty()) throw new NotSupportedException(fn + "() (the emulator does not implement it yet)");
        List<Object> user = new ArrayList<>(b.fixed());
        for (Arg a : args) user.add(a);
        if (b.sizeArgAt() > 0) user.add(1 + b.fixed().size(), b.sizeArgAt()); // read(task, addr, SIZE[, value])
        user.addAll(b.trailing());
        Method chosen = null;
        Object[] actual = null;
        String mismatch = null;
        for (Method m : byArityFit(candidates, user.size())) {
            try {
                actual = adapt(m, user, task, trace);
                chosen = m;
                break;
            } catch (IllegalArgumentException e) {
                if (mismatch == null) mismatch = e.getMessage();
            }
        }
        if (chosen == null) {
            if (mismatch != null) throw new IllegalArgumentException(fn + "(): " + mismatch);
            throw new IllegalArgumentException(fn + "() does not take " + args.size() + " argument" + (args.size() == 1 ? "" : "s"));
        }
        Object result = port.invoke(fn + "()", chosen, actual);
        return toValue(fn, chosen.getReturnType(), result);
    }

    /**
     * Candidates whose user-visible arity can take {@code n} arguments, exact fits first and,
     * among equal fits, the overload that takes the task first: {@code kmap_local_page(page)}
     * inside a process must map in that process's slots, not the scenario-level task's
     * (getMethods() has no stable order, so without this kmap and kunmap could pick different
     * overloads and disagree about whose slot it is).
     */
    private static List<Method> byArityFit(List<Method> all, int n) {
        List<Method> exact = new ArrayList<>(), more = new ArrayList<>();
        for (Method m : all) {
            int userParams = 0;
            for (Class<?> p : m.getParameterTypes()) if (!EmulatorPort.isTrace(p) && !EmulatorPort.isTask(p)) userParams++;
            if (userParams == n) exact.add(m);
            else if (userParams > n) more.add(m);
        }
        java.util.Comparator<Method> taskFirst = java.util.Comparator.comparing(m -> !takesTask(m));
        exact.sort(taskFirst);
        more.sort(taskFirst);
        exact.addAll(more);
        return exact;
    }

    private static boolean takesTask(Method m) {
        for (Class<?> p : m.getParameterTypes()) if (EmulatorPort.isTask(p)) return true;
        return false;
    }

    private Object[] adapt(Method m, List<Object> user, Object task, TraceSink trace) {
        Class<?>[] types = m.getParameterTypes();
        Object[] out = new Object[types.length];
        int u = 0;
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (EmulatorPort.isTrace(t)) { out[i] = trace.as(t); continue; }
            if (EmulatorPort.isTask(t)) { out[i] = task != null ? task : kernelTask(); continue; }
            Object given = u < user.size() ? user.get(u) : null;
            u++;
            out[i] = given == null ? defaultFor(t) : convert(given, t, u);
        }
        return out;
    }

    /** The scenario-level task ({@code Machine.kernel()}). */
    public Object kernelTask() {
        return port.callIfPresent("kernel");
    }

    private static Object defaultFor(Class<?> t) {
        if (t == long.class) return 0L;
        if (t == int.class) return 0;
        if (t == boolean.class) return false;
        if (t == String.class) return null;
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object given, Class<?> t, int position) {
        if (!(given instanceof Arg a)) {                       // a fixed argument (flag name, size)
            if (t == String.class) return String.valueOf(given);
            if (t.isEnum()) return enumConstant((Class<? extends Enum>) t, String.valueOf(given), position);
            if (given instanceof Boolean bool && (t == boolean.class || t == Boolean.class)) return bool;
            if (given instanceof Integer i) {
                if (t == long.class || t == Long.class) return i.longValue();
                if (t == int.class || t == Integer.class) return i;
            }
            throw new IllegalArgumentException("internal: cannot pass " + given + " as " + t.getSimpleName());
        }
        Value v = a.value();
        if (a.unresolved() && t != String.class && !t.isEnum()) {
            throw new IllegalArgumentException("unknown name '" + a.name() + "': not a variable defined above, a constant or a zone");
        }
        if (t == long.class || t == Long.class) {
            if (!v.isNumeric()) throw new IllegalArgumentException("argument " + position + " must be a number or address, not " + describe(v));
            return v.bits();
        }
        if (t == int.class || t == Integer.class) {
            if (!v.isNumeric()) throw new IllegalArgumentException("argument " + position + " must be a number, not " + describe(v));
            if (v.bits() != (int) v.bits()) throw new IllegalArgumentException("argument " + position + " is too large (" + ValueFormat.hex(v.bits()) + ")");
            return (int) v.bits();
        }
        if (t == boolean.class || t == Boolean.class) return v.truthy();
        if (t == String.class) {
            if (v.type() == CType.STRING) return v.ref();
            if (a.name() != null) return a.name();
            if (v.type() == CType.ZONE) return zoneName(v.ref());
            throw new IllegalArgumentException("argument " + position + " must be a name, not " + describe(v));
        }
        if (t.isEnum()) {
            String name = v.type() == CType.STRING ? (String) v.ref() : a.name();
            if (name == null) throw new IllegalArgumentException("argument " + position + " must be one of " + java.util.Arrays.toString(t.getEnumConstants()));
            return enumConstant((Class<? extends Enum>) t, name, position);
        }
        if (v.ref() != null && t.isInstance(v.ref())) return v.ref();
        if (t == Object.class) return v.ref() != null ? v.ref() : v.bits();
        throw new IllegalArgumentException("argument " + position + " must be a " + t.getSimpleName() + ", not " + describe(v));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<? extends Enum> t, String name, int position) {
        for (Enum e : t.getEnumConstants()) if (e.name().equalsIgnoreCase(name)) return e;
        throw new IllegalArgumentException("argument " + position + ": no " + t.getSimpleName() + " named " + name);
    }

    static String describe(Value v) {
        return v.type() == CType.STRING ? "a string" : v.type() == CType.ZONE ? "a zone" : v.type() == CType.LIST ? "a list"
                : v.type() == CType.VOID ? "nothing (a void call)" : "a " + v.type().c;
    }

    private static String zoneName(Object zone) {
        try {
            return String.valueOf(zone.getClass().getMethod("name").invoke(zone));
        } catch (ReflectiveOperationException e) {
            return String.valueOf(zone);
        }
    }

    /** Gives the emulator's raw result its C type. */
    public static Value toValue(String fn, Class<?> returnType, Object result) {
        if (returnType == void.class) return Value.VOID;
        CType t = ResultTypes.of(fn);
        if (result == null) return t.numeric() ? Value.of(t, 0) : Value.VOID;
        if (result instanceof Boolean b) return Value.bool(b);
        if (result instanceof Long || result instanceof Integer || result instanceof Short || result instanceof Byte) {
            long bits = ((Number) result).longValue();
            if (t == CType.BOOL) return Value.bool(bits != 0);
            if (!t.numeric()) return Value.integer(bits);
            return Value.of(t, bits);
        }
        if (result instanceof String s) return Value.string(s);
        if (fn.equals("lookup_address") && result instanceof long[] leaf && leaf.length == 2) {
            // lookup_address(addr, &level): the leaf entry pointer, typed by the level it was found at
            CType[] ptrs = {CType.PGD_PTR, CType.P4D_PTR, CType.PUD_PTR, CType.PMD_PTR, CType.PTE_PTR};
            return Value.of(ptrs[(int) Math.max(0, Math.min(4, leaf[1]))], leaf[0]);
        }
        if (result instanceof long[] arr) {
            List<Value> items = new ArrayList<>();
            for (long x : arr) items.add(Value.of(ResultTypes.elementOf(fn), x));
            return Value.list(items);
        }
        if (result instanceof Collection<?> c) {
            List<Value> items = new ArrayList<>();
            for (Object o : c) items.add(o instanceof Number n ? Value.of(ResultTypes.elementOf(fn), n.longValue()) : Value.object(o));
            return Value.list(items);
        }
        if (t == CType.ZONE) return Value.zone(result);
        if (t.numeric()) return new Value(t, addressOf(result), result);   // e.g. an mm_struct object
        return Value.object(result);
    }

    /** The number behind an emulator object (mm_struct: its pgd), or 0. */
    private static long addressOf(Object o) {
        for (String name : new String[] {"address", "pgd", "value"}) {
            try {
                Object r = o.getClass().getMethod(name).invoke(o);
                if (r instanceof Number n) return n.longValue();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // try the next accessor
            }
        }
        return 0;
    }
}
