package io.kmemlab.interpreter.value;

import java.util.List;
import java.util.Objects;

/**
 * A value of the language: a 64-bit number with its C type, or a reference (zone, list,
 * string, emulator object). Immutable.
 *
 * @param type   the kernel C type
 * @param bits   the number (address, pfn, entry, integer, 0/1 for bool)
 * @param ref    the referenced object for zones, lists, strings and emulator objects
 */
public record Value(CType type, long bits, Object ref) {
    public static final Value VOID = new Value(CType.VOID, 0, null);
    public static final Value TRUE = new Value(CType.BOOL, 1, null);
    public static final Value FALSE = new Value(CType.BOOL, 0, null);

    public static Value of(CType type, long bits) { return new Value(type, bits, null); }

    public static Value integer(long v) { return new Value(CType.INT, v, null); }

    public static Value bool(boolean b) { return b ? TRUE : FALSE; }

    public static Value string(String s) { return new Value(CType.STRING, 0, s); }

    public static Value list(List<Value> items) { return new Value(CType.LIST, items.size(), List.copyOf(items)); }

    /** A zone; {@code key} identifies it (zones compare by identity). */
    public static Value zone(Object zone) { return new Value(CType.ZONE, 0, zone); }

    public static Value object(Object o) { return new Value(CType.OBJECT, 0, o); }

    public boolean isNumeric() { return type.numeric(); }

    @SuppressWarnings("unchecked")
    public List<Value> items() { return type == CType.LIST ? (List<Value>) ref : List.of(); }

    /** C truth: non-zero numbers, non-empty strings and lists, any zone or object. */
    public boolean truthy() {
        return switch (type) {
            case VOID -> false;
            case STRING -> !((String) ref).isEmpty();
            case LIST -> !items().isEmpty();
            case ZONE, OBJECT -> ref != null;
            default -> bits != 0;
        };
    }

    /**
     * Equality as the language defines it: numbers of any kind compare numerically
     * ({@code pfn_to_page(0x10) == VMEMMAP_START + 0x10 * 64}), zones by identity, strings by content.
     */
    public boolean sameAs(Value o) {
        if (isNumeric() && o.isNumeric()) return bits == o.bits;
        if (type == CType.ZONE && o.type == CType.ZONE) return ref == o.ref || Objects.equals(ref, o.ref);
        if (type == CType.STRING && o.type == CType.STRING) return ref.equals(o.ref);
        if (type == CType.LIST && o.type == CType.LIST) return ref.equals(o.ref);
        return type == o.type && Objects.equals(ref, o.ref) && bits == o.bits;
    }

    @Override public String toString() { return ValueFormat.plain(this); }
}
