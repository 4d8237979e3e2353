package io.kmemlab.interpreter.value;

import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.lang.types.Kind;
import java.util.List;
import java.util.Objects;

/**
 * A value of the language at run time: a 64-bit number with its kind, or a reference (a zone,
 * a task, a list, a string). The kind is the language's own {@link Kind}, the one the
 * validator and the editor's hover use, so a {@code gfp_t} is called the same everywhere.
 * Immutable.
 *
 * @param kind the kind, named as the kernel names the C type
 * @param bits the number (address, pfn, entry, integer, 0/1 for bool)
 * @param ref  the zone ({@link Zone}), task ({@link Task}), list or string; null for numbers
 */
public record Value(Kind kind, long bits, Object ref) {
    public static final Value VOID = new Value(Kind.VOID, 0, null);
    public static final Value TRUE = new Value(Kind.BOOL, 1, null);
    public static final Value FALSE = new Value(Kind.BOOL, 0, null);

    public Value {
        Objects.requireNonNull(kind);
    }

    public static Value of(Kind kind, long bits) { return new Value(kind, bits, null); }

    public static Value integer(long v) { return new Value(Kind.INTEGER, v, null); }

    public static Value bool(boolean b) { return b ? TRUE : FALSE; }

    public static Value string(String s) { return new Value(Kind.STRING, 0, s); }

    public static Value list(List<Value> items) { return new Value(Kind.LIST, items.size(), List.copyOf(items)); }

    /** A {@code struct zone *}; null is the NULL zone pointer (page_zone() of nothing). */
    public static Value zone(Zone zone) { return new Value(Kind.ZONE, 0, zone); }

    /** {@code current}: the task a statement runs in. */
    public static Value task(Task task) { return new Value(Kind.TASK, 0, task); }

    /** Kinds whose value is a number and compares numerically with any other number. */
    public boolean isNumeric() {
        return kind.category() != Kind.Category.OTHER && kind != Kind.ZONE && kind != Kind.TASK;
    }

    /** Pointer kinds whose arithmetic C scales by the size of what they point to, and addresses. */
    public boolean isPointer() {
        return isNumeric() && kind.isPointer();
    }

    @SuppressWarnings("unchecked")
    public List<Value> items() { return kind == Kind.LIST ? (List<Value>) ref : List.of(); }

    /** The zone of a {@link Kind#ZONE} value (null for NULL or another kind). */
    public Zone zone() { return ref instanceof Zone z ? z : null; }

    /** The task of a {@link Kind#TASK} value. */
    public Task task() { return ref instanceof Task t ? t : null; }

    /** The text of a {@link Kind#STRING} value. */
    public String text() { return ref instanceof String s ? s : null; }

    /** C truth: non-zero numbers, non-empty strings and lists, any zone or task. */
    public boolean truthy() {
        return switch (kind) {
            case VOID -> false;
            case STRING -> !text().isEmpty();
            case LIST -> !items().isEmpty();
            case ZONE, TASK -> ref != null;
            default -> bits != 0;
        };
    }

    /**
     * Equality as the language defines it: numbers of any kind compare numerically
     * ({@code pfn_to_page(0x10) == VMEMMAP_START + 0x10 * 64}), zones by node and index (a
     * restored checkpoint may hand out new zone objects for the same zone), strings by content.
     */
    public boolean sameAs(Value o) {
        if (isNumeric() && o.isNumeric()) return bits == o.bits;
        if (kind == Kind.ZONE && o.kind == Kind.ZONE) {
            Zone a = zone(), b = o.zone();
            return a == b || (a != null && b != null && a.nid() == b.nid() && a.index() == b.index());
        }
        if (kind == Kind.STRING && o.kind == Kind.STRING) return text().equals(o.text());
        if (kind == Kind.LIST && o.kind == Kind.LIST) return ref.equals(o.ref);
        return kind == o.kind && Objects.equals(ref, o.ref) && bits == o.bits;
    }

    @Override public String toString() { return ValueFormat.plain(this); }
}
