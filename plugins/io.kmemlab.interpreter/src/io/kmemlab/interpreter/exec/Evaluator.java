package io.kmemlab.interpreter.exec;

import io.kmemlab.interpreter.port.Arg;
import io.kmemlab.interpreter.port.EmulatorPort;
import io.kmemlab.interpreter.port.KernelCalls;
import io.kmemlab.interpreter.port.NotSupportedException;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.BoolLiteral;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.FieldAccess;
import io.kmemlab.lang.kmem.Index;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.NullLiteral;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.StringLiteral;
import io.kmemlab.lang.kmem.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates expressions with C's meaning: operators on 64-bit numbers, pointer arithmetic on
 * {@code struct page *} in units of sizeof(struct page), unary {@code *} reading a page-table
 * entry, {@code p->field} through the emulator's struct page / struct slab views, and kernel
 * calls through {@link KernelCalls}.
 */
final class Evaluator {
    private final EmulatorPort port;
    private final KernelCalls calls;
    private final MachineFacts facts;

    Evaluator(EmulatorPort port, KernelCalls calls, MachineFacts facts) {
        this.port = port;
        this.calls = calls;
        this.facts = facts;
    }

    /** Where an expression is evaluated: its variables, its task (current), the statement's trace. */
    record Env(Scope scope, Object task, TraceSink trace) { }

    Value eval(Expression e, Env env) {
        try {
            return switch (e) {
                case NumberLiteral n -> Value.integer(n.getValue());
                case StringLiteral s -> Value.string(s.getValue());
                case NullLiteral n -> Value.of(CType.VIRT, 0);
                case BoolLiteral b -> Value.bool(b.isValue());
                case NameRef n -> name(n, env);
                case Call c -> call(c, env);
                case UnaryOp u -> unary(u, env);
                case Binary b -> binary(b, env);
                case FieldAccess f -> field(f, env);
                case Index i -> index(i, env);
                default -> throw EvalException.notSupported("expression " + e.eClass().getName(), e);
            };
        } catch (EvalException x) {
            throw x.at(e);
        } catch (IllegalArgumentException x) {
            throw new EvalException(x.getMessage(), e);
        } catch (NotSupportedException.Unchecked x) {
            throw EvalException.notSupported(x.getMessage(), e);
        }
    }

    private Value name(NameRef n, Env env) {
        String name = n.getName();
        Value v = env.scope().lookup(name);
        if (v != null) return v;
        v = Constants.lookup(port, name);
        if (v != null) return v;
        Value special = specialName(name, env, n);
        if (special != null) return special;
        throw new EvalException("unknown name '" + name + "': not a variable defined above (let " + name + " = ...), a constant or a zone", n);
    }

    /** Globals the kernel names as variables: mem_map, init_mm, current, zones and zone indices. */
    private Value specialName(String name, Env env, NameRef at) {
        try {
            switch (name) {
                case "mem_map": return calls.call("mem_map", List.of(), env.task(), env.trace());
                case "init_mm": return calls.call("init_mm", List.of(), env.task(), env.trace());
                case "current": return Value.object(env.task() != null ? env.task() : calls.kernelTask());
                default: break;
            }
        } catch (NotSupportedException x) {
            throw EvalException.notSupported(x.getMessage(), at);
        }
        if (name.startsWith("ZONE_")) {
            Integer idx = facts.zoneIndex(name.substring(5));
            if (idx != null) return Value.integer(idx);
            throw new EvalException(name + ": this machine has no zone " + name.substring(5) + " (its zones: " + facts.zoneNames() + ")", at);
        }
        Object zone = facts.zone(name);
        if (zone != null) return Value.zone(zone);
        return null;
    }

    private Value call(Call c, Env env) {
        String fn = c.getFunction();
        List<Arg> args = new ArrayList<>();
        for (Expression a : c.getArguments()) args.add(argument(fn, a, env));
        try {
            return calls.call(fn, args, env.task(), env.trace());
        } catch (NotSupportedException x) {
            throw EvalException.notSupported(x.getMessage(), c);
        }
    }

    /** Bare names are passed by name where the function takes one ({@code symbol(jiffies_buf)}, {@code zone(NewMem)}). */
    private Arg argument(String fn, Expression a, Env env) {
        if (a instanceof NameRef n && env.scope().lookup(n.getName()) == null) {
            Value v;
            try {
                v = eval(a, env);
            } catch (EvalException unknown) {
                return Arg.unresolvedName(n.getName());
            }
            return Arg.named(v, n.getName());
        }
        return Arg.of(eval(a, env));
    }

    private Value unary(UnaryOp u, Env env) {
        Value v = eval(u.getOperand(), env);
        switch (u.getOp()) {
            case "!": return Value.bool(!v.truthy());
            case "~": return Value.of(v.type() == CType.BOOL ? CType.INT : v.type(), ~number(v, u.getOperand(), "~"));
            case "-": return Value.integer(-number(v, u.getOperand(), "-"));
            case "*": return deref(v, u, env);
            default: throw EvalException.notSupported("operator " + u.getOp(), u);
        }
    }

    /** {@code *ptep}: the entry an entry pointer points to, read from the emulated table. */
    private Value deref(Value ptr, UnaryOp at, Env env) {
        CType pointee = ptr.type().pointee();
        if (pointee == null) {
            throw new EvalException("unary * reads a page-table entry through an entry pointer (pgd_t * ... pte_t *, from pgd_offset() ... pte_offset_map()); "
                    + "this is " + describe(ptr), at);
        }
        if (ptr.bits() == 0) throw new EvalException("*" + "NULL: the entry pointer is NULL (pte_offset_map() returns NULL for a huge or bad pmd)", at);
        try {
            int level = KernelCalls.level(pointee.name().toLowerCase(java.util.Locale.ROOT));
            Object raw = port.has("readEntry") && port.methods("readEntry").get(0).getParameterCount() == 3
                    ? port.call("readEntry", ptr.bits(), level, env.trace()) : port.call("readEntry", ptr.bits());
            return Value.of(pointee, ((Number) raw).longValue());
        } catch (NotSupportedException x) {
            throw EvalException.notSupported("reading a page-table entry with * (the emulator has no readEntry yet)", at);
        }
    }

    private Value binary(Binary b, Env env) {
        String op = b.getOp();
        if (op.equals("&&") || op.equals("||")) {
            boolean l = eval(b.getLeft(), env).truthy();
            if (op.equals("&&") ? !l : l) return Value.bool(l);
            return Value.bool(eval(b.getRight(), env).truthy());
        }
        return apply(b, eval(b.getLeft(), env), eval(b.getRight(), env));
    }

    /** {@code l OP r} for operands already evaluated (expect reports them without running them twice). */
    Value apply(Binary b, Value l, Value r) {
        String op = b.getOp();
        switch (op) {
            case "==": return Value.bool(l.sameAs(r));
            case "!=": return Value.bool(!l.sameAs(r));
            case "<": case "<=": case ">": case ">=": {
                int c = compare(l, r, b);
                return Value.bool(switch (op) { case "<" -> c < 0; case "<=" -> c <= 0; case ">" -> c > 0; default -> c >= 0; });
            }
            default: break;
        }
        long x = number(l, b.getLeft(), op), y = number(r, b.getRight(), op);
        return switch (op) {
            case "+" -> add(l, r, x, y, b, 1);
            case "-" -> (l.type() == CType.PAGE && r.type() == CType.PAGE)
                    ? Value.integer((x - y) / facts.structPageSize()) : add(l, r, x, y, b, -1);
            case "*" -> Value.integer(x * y);
            case "/" -> { if (y == 0) throw new EvalException("division by zero", b); yield Value.integer(Long.divideUnsigned(x, y)); }
            case "%" -> { if (y == 0) throw new EvalException("division by zero", b); yield Value.integer(Long.remainderUnsigned(x, y)); }
            case "<<" -> Value.integer(x << y);
            case ">>" -> Value.integer(x >>> y);
            case "&" -> Value.of(keepType(l, r), x & y);
            case "|" -> Value.of(keepType(l, r), x | y);
            case "^" -> Value.of(keepType(l, r), x ^ y);
            default -> throw EvalException.notSupported("operator " + op, b);
        };
    }

    /** C pointer arithmetic: struct page * and entry pointers step by the size of what they point to. */
    private Value add(Value l, Value r, long x, long y, Binary at, int sign) {
        CType lt = l.type(), rt = r.type();
        if (isPointer(lt) && isPointer(rt) && sign > 0) {
            throw new EvalException("adding two pointers (" + lt.c + " + " + rt.c + ") means nothing in C; add a number", at);
        }
        if (isPointer(rt) && sign > 0) return add(r, l, y, x, at, sign);
        long unit = unit(lt);
        if (isPointer(lt) && isPointer(rt)) return Value.integer((x - y) / unit);
        CType type = lt == CType.BOOL ? CType.INT : lt;
        return Value.of(type, x + sign * y * unit);
    }

    private long unit(CType t) {
        if (t == CType.PAGE) return facts.structPageSize();
        if (t.isEntryPointer()) return facts.entrySize();
        return 1;
    }

    private static boolean isPointer(CType t) {
        return t == CType.PAGE || t == CType.SLAB || t.isEntryPointer() || t == CType.VIRT || t == CType.MM;
    }

    private static CType keepType(Value l, Value r) {
        if (l.type() != CType.INT && l.type() != CType.BOOL) return l.type();
        if (r.type() != CType.INT && r.type() != CType.BOOL) return r.type();
        return CType.INT;
    }

    /** Addresses, pfns and entries compare unsigned (0xffff888000000000 > 0); plain integers signed. */
    private static int compare(Value l, Value r, Binary at) {
        if (!l.isNumeric() || !r.isNumeric()) {
            throw new EvalException("'" + at.getOp() + "' compares numbers; this compares " + describe(l) + " with " + describe(r), at);
        }
        boolean signed = (l.type() == CType.INT || l.type() == CType.BOOL) && (r.type() == CType.INT || r.type() == CType.BOOL);
        return signed ? Long.compare(l.bits(), r.bits()) : Long.compareUnsigned(l.bits(), r.bits());
    }

    private static long number(Value v, Expression at, String op) {
        if (!v.isNumeric()) throw new EvalException("'" + op + "' needs a number here; this is " + describe(v), at);
        return v.bits();
    }

    static String describe(Value v) {
        return switch (v.type()) {
            case STRING -> "a string (" + ValueFormat.plain(v) + ")";
            case ZONE -> "a zone (" + ValueFormat.plain(v) + ")";
            case LIST -> "a list";
            case VOID -> "nothing: the call returns void";
            case OBJECT -> "an emulator object (" + v.ref() + ")";
            default -> "a " + v.type().c + " (" + ValueFormat.plain(v) + ")";
        };
    }

    private Value index(Index i, Env env) {
        Value list = eval(i.getTarget(), env);
        Value idx = eval(i.getIndex(), env);
        if (list.type() != CType.LIST) throw new EvalException("[ ] indexes a list (get_user_pages() returns one); this is " + describe(list), i);
        long k = number(idx, i.getIndex(), "[]");
        if (k < 0 || k >= list.items().size()) {
            throw new EvalException("index " + k + " is outside the list (it has " + list.items().size() + " element" + (list.items().size() == 1 ? "" : "s") + ")", i);
        }
        return list.items().get((int) k);
    }

    private Value field(FieldAccess f, Env env) {
        String name = f.getField();
        if (f.getTarget() instanceof NameRef n && n.getName().equals("current") && env.scope().lookup("current") == null) {
            if (!name.equals("mm")) throw new EvalException("current has only ->mm here", f);
            return Fields.currentMm(port, calls, env.task(), f);
        }
        Value target = eval(f.getTarget(), env);
        return Fields.read(port, target, name, f);
    }
}
