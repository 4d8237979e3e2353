package io.kmemlab.interpreter.value;

import java.util.StringJoiner;

/** How values are printed: hex where the kernel prints hex (addresses, pfns, entries). */
public final class ValueFormat {
    private ValueFormat() { }

    /** The value alone: {@code 0xffffea0000000040}, {@code 42}, {@code true}, {@code "slab"}. */
    public static String plain(Value v) {
        return switch (v.type()) {
            case VOID -> "";
            case BOOL -> v.bits() != 0 ? "true" : "false";
            case INT -> Long.toString(v.bits());
            case STRING -> '"' + (String) v.ref() + '"';
            case LIST -> {
                StringJoiner j = new StringJoiner(", ", "[", "]");
                for (Value item : v.items()) j.add(plain(item));
                yield j.toString();
            }
            case ZONE -> zoneName(v.ref());
            case OBJECT -> String.valueOf(v.ref());
            default -> v.bits() == 0 && v.type() != CType.PFN && v.type() != CType.PHYS ? "NULL" : hex(v.bits());
        };
    }

    /** {@code (struct page *) 0xffffea0000000040}: the value with its C type. */
    public static String typed(Value v) {
        if (v.type() == CType.VOID) return "";
        if (v.type() == CType.BOOL || v.type() == CType.INT || v.type() == CType.STRING) return plain(v);
        return "(" + v.type().c + ") " + plain(v);
    }

    public static String hex(long bits) { return "0x" + Long.toHexString(bits); }

    /** A zone object's name: its {@code name()} when it has one. */
    public static String zoneName(Object zone) {
        if (zone == null) return "NULL";
        try {
            Object n = zone.getClass().getMethod("name").invoke(zone);
            return "zone " + n;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return String.valueOf(zone);
        }
    }
}
