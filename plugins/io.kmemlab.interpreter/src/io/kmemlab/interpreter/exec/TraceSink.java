package io.kmemlab.interpreter.exec;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects what the emulator reports during one statement. The emulator's {@code Trace}
 * interface lives in a package its bundle does not export, so the sink hands the emulator a
 * proxy implementing that interface (found from the facade method's parameter type) and
 * converts the emulator's event records to {@link TraceItem}s by their accessor names.
 */
public final class TraceSink {
    /** Above this many events a statement keeps only its reports (a boot traces every block it touches). */
    static final int MAX_ITEMS = 20_000;
    private final List<TraceItem> items = new ArrayList<>();
    private Object proxy;
    private int dropped;

    /** Events not kept because the statement traced more than {@link #MAX_ITEMS}. */
    public int dropped() { return dropped; }

    public List<TraceItem> items() { return List.copyOf(items); }

    public List<TraceItem.Report> reports() {
        List<TraceItem.Report> out = new ArrayList<>();
        for (TraceItem i : items) if (i instanceof TraceItem.Report r) out.add(r);
        return out;
    }

    /** True for the emulator's trace parameter type: an interface called Trace. */
    public static boolean isTraceType(Class<?> c) {
        return c.isInterface() && c.getSimpleName().equals("Trace");
    }

    /** This sink as an implementation of the emulator's {@code traceType}. */
    public Object as(Class<?> traceType) {
        if (proxy != null && traceType.isInstance(proxy)) return proxy;
        InvocationHandler h = (p, m, args) -> handle(p, m, args);
        proxy = Proxy.newProxyInstance(traceType.getClassLoader(), new Class<?>[] {traceType}, h);
        return proxy;
    }

    private Object handle(Object p, Method m, Object[] args) throws Throwable {
        switch (m.getName()) {
            case "enabled": return true;
            case "event": keep(convert(args[0])); return null;
            case "hashCode": return System.identityHashCode(p);
            case "equals": return p == args[0];
            case "toString": return "trace of the interpreter";
            default: break;
        }
        if (m.isDefault()) return InvocationHandler.invokeDefault(p, m, args);
        return null;
    }

    private void keep(TraceItem item) {
        if (items.size() < MAX_ITEMS || item instanceof TraceItem.Report) items.add(item);
        else dropped++;
    }

    /** The emulator's TraceEvent.Formula / Note / EntryRead / Report as a {@link TraceItem}. */
    static TraceItem convert(Object e) {
        String kind = e.getClass().getSimpleName();
        try {
            return switch (kind) {
                case "Formula" -> new TraceItem.Formula(str(e, "text"));
                case "Note" -> new TraceItem.Note(str(e, "text"));
                case "EntryRead" -> new TraceItem.EntryRead(str(e, "level"), num(e, "tableAddr"), (int) num(e, "index"),
                        num(e, "entryAddr"), num(e, "raw"), str(e, "flags"));
                case "Report" -> report(get(e, "diagnostic"));
                default -> new TraceItem.Note(String.valueOf(e));
            };
        } catch (ReflectiveOperationException x) {
            return new TraceItem.Note(String.valueOf(e));
        }
    }

    /** The emulator's Diagnostic (kind, headline, text) as a report. */
    public static TraceItem.Report report(Object diagnostic) throws ReflectiveOperationException {
        return new TraceItem.Report(String.valueOf(get(diagnostic, "kind")), str(diagnostic, "headline"), str(diagnostic, "text"));
    }

    /** The machine's log (a Diagnostics object with all(), or a list) as reports. */
    public static List<TraceItem.Report> reports(Object log) {
        List<TraceItem.Report> out = new ArrayList<>();
        Object list = log;
        try {
            if (log != null && !(log instanceof Collection<?>)) list = get(log, "all");
            if (list instanceof Collection<?> c) for (Object d : c) out.add(report(d));
        } catch (ReflectiveOperationException e) {
            // a log we cannot read has nothing to say
        }
        return out;
    }

    private static Object get(Object o, String accessor) throws ReflectiveOperationException {
        Method m = o.getClass().getMethod(accessor);
        m.setAccessible(true);
        return m.invoke(o);
    }

    private static String str(Object o, String accessor) throws ReflectiveOperationException {
        return String.valueOf(get(o, accessor));
    }

    private static long num(Object o, String accessor) throws ReflectiveOperationException {
        return ((Number) get(o, accessor)).longValue();
    }
}
