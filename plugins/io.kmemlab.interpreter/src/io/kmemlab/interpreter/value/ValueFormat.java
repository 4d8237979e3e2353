package io.kmemlab.interpreter.value;

import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.lang.types.Kind;
import java.util.StringJoiner;

/**
 * How values are printed, by the CLI's text and JSON and by the debugger alike: addresses,
 * pfns, entries and gfp_t in hex and unsigned, as the kernel prints them; small integers in
 * decimal; an integer too large to be a count (a literal address such as
 * {@code 0xffff880000000000}) in hex too, never as a negative number.
 */
public final class ValueFormat {
    private ValueFormat() { }

    /** The value alone: {@code 0xffffea0000000040}, {@code 42}, {@code true}, {@code "slab"}. */
    public static String plain(Value v) {
        return switch (v.kind()) {
            case VOID -> "";
            case BOOL -> v.bits() != 0 ? "true" : "false";
            case INTEGER, ZONE_TYPE, KM_TYPE -> integer(v.bits());
            case STRING, PROCESS, SYMBOL -> '"' + v.text() + '"';
            case LIST -> {
                StringJoiner j = new StringJoiner(", ", "[", "]");
                for (Value item : v.items()) j.add(plain(item));
                yield j.toString();
            }
            case ZONE -> zoneName(v.zone());
            case TASK -> taskName(v.task());
            case MEM_SECTION -> "section " + v.bits();
            default -> v.bits() == 0 && v.kind().isPointer() ? "NULL" : hex(v.bits());
        };
    }

    /** {@code (struct page *) 0xffffea0000000040}: the value with the name of its kind. */
    public static String typed(Value v) {
        return switch (v.kind()) {
            case VOID -> "";
            case BOOL, INTEGER, STRING -> plain(v);
            default -> "(" + v.kind().cName() + ") " + plain(v);
        };
    }

    /** Whether an integer prints in decimal: it fits a C int or unsigned int. */
    public static boolean isSmall(long bits) {
        return bits >= Integer.MIN_VALUE && bits <= 0xffff_ffffL;
    }

    /** An integer: decimal when small, else hex (unsigned). */
    public static String integer(long bits) {
        return isSmall(bits) ? Long.toString(bits) : hex(bits);
    }

    /** {@code 0x} and the unsigned hex digits. */
    public static String hex(long bits) { return "0x" + Long.toHexString(bits); }

    public static String zoneName(Zone zone) {
        return zone == null ? "NULL" : "zone " + zone.name();
    }

    public static String taskName(Task task) {
        return task == null ? "NULL" : task.name() + " (pid " + task.pid() + ")";
    }
}
