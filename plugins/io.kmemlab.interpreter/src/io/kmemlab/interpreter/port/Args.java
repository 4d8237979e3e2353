package io.kmemlab.interpreter.port;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.arch.KmTypes;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.types.Kind;
import java.util.List;

/**
 * The arguments of one kernel call, read as the emulator's parameter types: numbers,
 * ints, names, zones. A wrong argument is a {@link CallException} naming its position.
 */
public final class Args {
    private final String function;
    private final List<Arg> args;

    public Args(String function, List<Arg> args) {
        this.function = function;
        this.args = List.copyOf(args);
    }

    public int size() { return args.size(); }

    public boolean has(int i) { return i < args.size(); }

    /** A number or address (gfp_t, pfn, struct page *, pte_t ... are all numbers to the emulator). */
    public long num(int i) {
        Arg a = args.get(i);
        Value v = a.value();
        if (a.unresolved()) throw unknownName(a);
        if (!v.isNumeric()) throw wrong(i, "must be a number or address, not " + describe(v));
        return v.bits();
    }

    /** An optional number: {@code dflt} when the user left it out. */
    public long num(int i, long dflt) { return has(i) ? num(i) : dflt; }

    /** A number the emulator takes as an int (an order, a count, a node id). */
    public int i(int i) {
        long v = num(i);
        if (v != (int) v) throw wrong(i, "is too large (" + ValueFormat.hex(v) + ")");
        return (int) v;
    }

    public int i(int i, int dflt) { return has(i) ? i(i) : dflt; }

    /** A name: a string, a bare name the user wrote ({@code symbol(jiffies_buf)}), or a zone's name. */
    public String name(int i) {
        Arg a = args.get(i);
        Value v = a.value();
        if (v.kind() == Kind.STRING) return v.text();
        if (v.kind() == Kind.ZONE && v.zone() != null) return v.zone().name();
        if (a.name() != null) return a.name();
        throw wrong(i, "must be a name, not " + describe(v));
    }

    /** A zone: a zone value, or the name of one of node 0's zones; null when absent and optional. */
    public Zone zone(int i, Machine m) {
        if (!has(i)) return null;
        Value v = args.get(i).value();
        if (v.kind() == Kind.ZONE) {
            if (v.zone() == null) throw wrong(i, "is a NULL struct zone *");
            return v.zone();
        }
        String name = name(i);
        Zone z = m.zone(name, 0);
        if (z == null) throw new CallException(function + "(): this machine has no zone " + name + " (its zones: " + zoneNames(m) + ")");
        return z;
    }

    /** A struct mem_section * (pfn_to_section()): its section number. */
    public long section(int i) {
        Value v = args.get(i).value();
        if (v.kind() != Kind.MEM_SECTION) throw wrong(i, "must be a struct mem_section * (pfn_to_section(pfn)), not " + describe(v));
        return v.bits();
    }

    /** 2.6's {@code enum km_type}: the KM_ name, from a bare name or a KM_ value; null when absent. */
    public String kmType(int i) {
        if (!has(i)) return null;
        Arg a = args.get(i);
        if (a.name() != null && (Highmem.KM_TYPES.contains(a.name()) || KmTypes.ARM.contains(a.name()))) return a.name();
        long n = num(i);
        if (n < 0 || n >= Highmem.KM_TYPES.size()) {
            throw wrong(i, "is not a km_type (KM_USER0 ... " + Highmem.KM_TYPES.get(Highmem.KM_TYPES.size() - 1) + ")");
        }
        return Highmem.KM_TYPES.get((int) n);
    }

    static String zoneNames(Machine m) {
        return String.join(", ", m.zones().stream().filter(z -> z.nid() == 0).map(Zone::name).toList());
    }

    private CallException wrong(int i, String what) {
        return new CallException(function + "(): argument " + (i + 1) + " " + what);
    }

    private static CallException unknownName(Arg a) {
        return new CallException("unknown name '" + a.name() + "': not a variable defined above, a constant or a zone");
    }

    /** "a string", "a zone", "a struct page * (0x...)": what a value is, for messages. */
    public static String describe(Value v) {
        return switch (v.kind()) {
            case STRING -> "a string (" + ValueFormat.plain(v) + ")";
            case ZONE -> "a zone (" + ValueFormat.plain(v) + ")";
            case TASK -> "a task (" + ValueFormat.plain(v) + ")";
            case LIST -> "a list";
            case VOID -> "nothing: the call returns void";
            default -> "a " + v.kind().cName() + " (" + ValueFormat.plain(v) + ")";
        };
    }
}
