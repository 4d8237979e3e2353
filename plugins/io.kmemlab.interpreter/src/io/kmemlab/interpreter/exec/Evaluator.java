package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.interpreter.port.Arg;
import io.kmemlab.interpreter.port.Args;
import io.kmemlab.interpreter.port.CallException;
import io.kmemlab.interpreter.port.KernelPort;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.BoolLiteral;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.FieldAccess;
import io.kmemlab.lang.kmem.Index;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.NullLiteral;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.SizeOf;
import io.kmemlab.lang.kmem.StringLiteral;
import io.kmemlab.lang.kmem.UnaryOp;
import io.kmemlab.lang.types.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Evaluates expressions with C's meaning: operators on 64-bit numbers, pointer arithmetic on
 * {@code struct page *} in units of sizeof(struct page), unary {@code *} reading a page-table
 * entry, {@code p->field} through {@link Fields}, and kernel calls through the {@link KernelPort}.
 */
final class Evaluator {
    private final KernelPort port;

    Evaluator(KernelPort port) {
        this.port = port;
    }

    private Machine machine() { return port.machine(); }

    /** Where an expression is evaluated: its variables, its task ({@code current}), the statement's trace. */
    record Env(Scope scope, Task task, TraceSink trace) { }

    Value eval(Expression e, Env env) {
        try {
            return switch (e) {
                case NumberLiteral n -> Value.integer(n.getValue());
                case StringLiteral s -> Value.string(s.getValue());
                case NullLiteral n -> Value.of(Kind.VIRT_ADDR, 0);
                case BoolLiteral b -> Value.bool(b.isValue());
                case SizeOf z -> Value.integer(sizeOf(z));
                case NameRef n -> name(n, env);
                case Call c -> call(c, env);
                case UnaryOp u -> unary(u, env);
                case Binary b -> binary(b, env);
                case FieldAccess f -> Fields.read(port, eval(f.getTarget(), env), f.getField(), f, env.trace());
                case Index i -> index(i, env);
                default -> throw EvalException.notSupported("expression " + e.eClass().getName(), e);
            };
        } catch (EvalException x) {
            throw x.at(e);
        } catch (CallException x) {
            throw new EvalException(x.getMessage(), e);
        }
    }

    /**
     * sizeof(struct page) of the machine's profile and word size (include/linux/mm_types.h); struct
     * slab and struct ptdesc overlay a struct page and have its size on the emulated configuration
     * (mm/slab.h, mm_types.h static_asserts); struct folio spans three struct pages (6.12).
     */
    private long sizeOf(SizeOf z) {
        var layout = port.machine().inspect().structPageLayout();
        if (layout.legacy() && !z.getType().equals("page")) {
            throw new EvalException("struct " + z.getType() + " is not in kernel " + port.machine().profile().version(), z);
        }
        return switch (z.getType()) {
            case "page", "slab", "ptdesc" -> layout.size();
            case "folio" -> 3L * layout.size();
            default -> throw new EvalException("sizeof(struct " + z.getType() + "): unknown struct", z);
        };
    }

    /** A variable, a constant of the language, or a zone of the machine: in that order. */
    private Value name(NameRef n, Env env) {
        String name = n.getName();
        Value v = env.scope().lookup(name);
        if (v != null) return v;
        v = port.constant(name, env.task(), env.trace());
        if (v != null) return v;
        Zone zone = machine().zone(name, 0);
        if (zone != null) return Value.zone(zone);
        throw new EvalException("unknown name '" + name + "': not a variable defined above (let " + name + " = ...), a constant or a zone", n);
    }

    private Value call(Call c, Env env) {
        String fn = c.getFunction();
        List<Arg> args = new ArrayList<>();
        for (Expression a : c.getArguments()) args.add(argument(a, env));
        return port.call(fn, args, env.task(), env.trace(), () -> {
            var node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(c);
            return node == null ? 0 : node.getStartLine();
        });
    }

    /** Bare names are passed by name too, for parameters that take one ({@code symbol(jiffies_buf)}, {@code zone(NewMem)}). */
    private Arg argument(Expression a, Env env) {
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
            case "~": return Value.of(v.kind() == Kind.BOOL ? Kind.INTEGER : v.kind(), ~number(v, u.getOperand(), "~"));
            case "-": return Value.integer(-number(v, u.getOperand(), "-"));
            case "*": return deref(v, u, env);
            default: throw EvalException.notSupported("operator " + u.getOp(), u);
        }
    }

    /** {@code *ptep}: the entry an entry pointer points to, read from the emulated table. */
    private Value deref(Value ptr, UnaryOp at, Env env) {
        Kind pointee = ptr.kind().pointee();
        if (pointee == null) {
            throw new EvalException("unary * reads a page-table entry through an entry pointer (pgd_t * ... pte_t *, from pgd_offset() ... pte_offset_map()); "
                    + "this is " + Args.describe(ptr), at);
        }
        if (ptr.bits() == 0) {
            // *ptep with ptep NULL is a kernel read of address 0, whatever the context (page-table code is kernel
            // code): the kernel oopses ("BUG: kernel NULL pointer dereference", arch/x86/mm/fault.c); the read goes
            // through the machine so the oops is the arch's own. pte_offset_map() returns NULL for a huge or bad pmd.
            int bytes = machine().arch().paging().level(level(pointee)).entryBytes();
            port.guard("*" + pointee.cName() + " *", () -> machine().read(machine().kernel(), 0, bytes, env.trace()));
            return Value.of(pointee, 0);
        }
        return Value.of(pointee, port.guard("*" + pointee.cName() + " *", () -> machine().readEntry(ptr.bits(), level(pointee), env.trace())));
    }

    /** Linux's level numbers, pgd 0 .. pte 4, as {@link PagingMode} numbers them. */
    static int level(Kind entry) {
        return switch (entry) {
            case PGD, PGD_PTR -> PagingMode.PGD;
            case P4D, P4D_PTR -> PagingMode.P4D;
            case PUD, PUD_PTR -> PagingMode.PUD;
            case PMD, PMD_PTR -> PagingMode.PMD;
            default -> PagingMode.PTE;
        };
    }

    /**
     * A chain {@code a + b - c ...} is a left spine of Binary nodes as deep as it is long: it is
     * evaluated in a loop from the innermost left operand outwards (in the order the recursion
     * would take), so a chain of any length costs no stack.
     */
    private Value binary(Binary outermost, Env env) {
        Deque<Binary> spine = new ArrayDeque<>();
        Expression left = outermost;
        while (left instanceof Binary b) {
            spine.push(b);
            left = b.getLeft();
        }
        Value v = eval(left, env);
        while (!spine.isEmpty()) {
            Binary b = spine.pop();
            try {
                v = step(b, v, env);
            } catch (EvalException x) {
                throw x.at(b);
            } catch (CallException x) {
                throw new EvalException(x.getMessage(), b);
            }
        }
        return v;
    }

    /** {@code left OP right} with left already evaluated; && and || evaluate their right side only when needed. */
    private Value step(Binary b, Value left, Env env) {
        String op = b.getOp();
        if (op.equals("&&") || op.equals("||")) {
            boolean l = left.truthy();
            if (op.equals("&&") ? !l : l) return Value.bool(l);
            return Value.bool(eval(b.getRight(), env).truthy());
        }
        return apply(b, left, eval(b.getRight(), env));
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
            case "-" -> add(l, r, x, y, b, -1);
            case "*" -> Value.integer(x * y);
            case "/" -> { if (y == 0) throw new EvalException("division by zero", b); yield Value.integer(Long.divideUnsigned(x, y)); }
            case "%" -> { if (y == 0) throw new EvalException("division by zero", b); yield Value.integer(Long.remainderUnsigned(x, y)); }
            case "<<" -> Value.integer(x << y);
            case ">>" -> Value.integer(x >>> y);
            case "&" -> Value.of(keepKind(l, r), x & y);
            case "|" -> Value.of(keepKind(l, r), x | y);
            case "^" -> Value.of(keepKind(l, r), x ^ y);
            default -> throw EvalException.notSupported("operator " + op, b);
        };
    }

    /** C pointer arithmetic: struct page * and entry pointers step by the size of what they point to. */
    private Value add(Value l, Value r, long x, long y, Binary at, int sign) {
        Kind lk = l.kind(), rk = r.kind();
        if (l.isPointer() && r.isPointer()) {
            if (sign > 0) throw new EvalException("adding two pointers (" + lk.cName() + " + " + rk.cName() + ") means nothing in C; add a number", at);
            return Value.integer((x - y) / unit(lk));                        // ptrdiff_t, in elements
        }
        if (r.isPointer() && sign > 0) return add(r, l, y, x, at, sign);
        Kind kind = lk == Kind.BOOL || lk == Kind.NULL ? Kind.INTEGER : lk;
        return Value.of(kind, x + sign * y * unit(lk));
    }

    /** sizeof what a pointer of kind {@code k} points to: struct page, or the entry of its level. */
    private long unit(Kind k) {
        if (k == Kind.PAGE) return machine().arch().structPageSize();
        if (k.pointee() != null) return machine().arch().paging().level(level(k)).entryBytes();
        return 1;
    }

    private static Kind keepKind(Value l, Value r) {
        if (l.kind() != Kind.INTEGER && l.kind() != Kind.BOOL) return l.kind();
        if (r.kind() != Kind.INTEGER && r.kind() != Kind.BOOL) return r.kind();
        return Kind.INTEGER;
    }

    /** Addresses, pfns and entries compare unsigned (0xffff888000000000 > 0); plain integers signed. */
    private static int compare(Value l, Value r, Binary at) {
        if (!l.isNumeric() || !r.isNumeric()) {
            throw new EvalException("'" + at.getOp() + "' compares numbers; this compares " + Args.describe(l) + " with " + Args.describe(r), at);
        }
        boolean signed = isPlain(l) && isPlain(r);
        return signed ? Long.compare(l.bits(), r.bits()) : Long.compareUnsigned(l.bits(), r.bits());
    }

    private static boolean isPlain(Value v) {
        return v.kind() == Kind.INTEGER || v.kind() == Kind.BOOL;
    }

    private static long number(Value v, Expression at, String op) {
        if (!v.isNumeric()) throw new EvalException("'" + op + "' needs a number here; this is " + Args.describe(v), at);
        return v.bits();
    }

    private Value index(Index i, Env env) {
        Value list = eval(i.getTarget(), env);
        Value idx = eval(i.getIndex(), env);
        if (list.kind() != Kind.LIST) throw new EvalException("[ ] indexes a list (get_user_pages() returns one); this is " + Args.describe(list), i);
        long k = number(idx, i.getIndex(), "[]");
        if (k < 0 || k >= list.items().size()) {
            throw new EvalException("index " + k + " is outside the list (it has " + list.items().size() + " element" + (list.items().size() == 1 ? "" : "s") + ")", i);
        }
        return list.items().get((int) k);
    }
}
