package io.kmemlab.lang.types;

import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.BoolLiteral;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.FieldAccess;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.Index;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.NullLiteral;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.SizeOf;
import io.kmemlab.lang.kmem.StringLiteral;
import io.kmemlab.lang.kmem.UnaryOp;
import io.kmemlab.lang.scoping.NameResolver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;

/**
 * The kind of any expression, by the kernel's C rules: `struct page * + int` is still a
 * struct page * (pointer arithmetic over descriptors), `phys >> PAGE_SHIFT` is a pfn,
 * comparisons are bool, a let variable has the kind of its value. Unknown names and calls
 * give {@link Kind#UNKNOWN}, which every check accepts, so one mistake is reported once.
 */
public final class KindInference {

    /** Fields of the structures the language can dereference, by the kind of the pointer. */
    public static final Map<Kind, Map<String, Kind>> FIELDS;

    /** struct page's fields; struct folio overlays them on its head page (include/linux/mm_types.h). */
    private static final Map<String, Kind> PAGE_FIELDS = Map.ofEntries(Map.entry("flags", Kind.INTEGER), Map.entry("_refcount", Kind.INTEGER),
                    Map.entry("_mapcount", Kind.INTEGER), Map.entry("mapping", Kind.VIRT_ADDR),
                    Map.entry("index", Kind.INTEGER), Map.entry("private", Kind.INTEGER),
                    Map.entry("lru", Kind.VIRT_ADDR), Map.entry("compound_head", Kind.INTEGER),
                    Map.entry("page_type", Kind.INTEGER), Map.entry("virtual", Kind.VIRT_ADDR),
                    Map.entry("memcg_data", Kind.INTEGER));

    static {
        FIELDS = Map.of(Kind.PAGE, PAGE_FIELDS, Kind.FOLIO, PAGE_FIELDS,
            Kind.SLAB, Map.of("slab_cache", Kind.VIRT_ADDR, "freelist", Kind.VIRT_ADDR, "inuse", Kind.INTEGER,
                    "objects", Kind.INTEGER),
            Kind.ZONE, Map.of("start_pfn", Kind.PFN, "end_pfn", Kind.PFN, "spanned", Kind.INTEGER, "present",
                    Kind.INTEGER, "managed", Kind.INTEGER, "free", Kind.INTEGER),
            Kind.TASK, Map.of("mm", Kind.MM, "active_mm", Kind.MM, "pid", Kind.INTEGER, "stack", Kind.VIRT_ADDR),
            Kind.MM, Map.of("pgd", Kind.PGD_PTR, "total_vm", Kind.INTEGER, "map_count", Kind.INTEGER));
    }

    private KindInference() {
    }

    public static Kind kindOf(Expression e) {
        return kindOf(e, new HashSet<>());
    }

    /** The kind of a let's value or a for variable (an integer). */
    public static Kind kindOfVariable(EObject variable) {
        return kindOfVariable(variable, new HashSet<>());
    }

    private static Kind kindOfVariable(EObject variable, Set<EObject> visiting) {
        if (variable instanceof For) {
            return Kind.INTEGER;
        }
        // visiting holds the lets being inferred on the current path only (a let cannot see
        // itself, but `(c + 3) - c` reads c twice).
        if (variable instanceof Let let && let.getValue() != null && visiting.add(let)) {
            try {
                Kind k = kindOf(let.getValue(), visiting);
                // `let x = put_page(p)` has no value; using x later is unknown, not void.
                return k == Kind.VOID ? Kind.UNKNOWN : k;
            } finally {
                visiting.remove(let);
            }
        }
        return Kind.UNKNOWN;
    }

    private static Kind kindOf(Expression e, Set<EObject> visiting) {
        if (e == null) {
            return Kind.UNKNOWN;
        } else if (e instanceof NumberLiteral) {
            return Kind.INTEGER;
        } else if (e instanceof StringLiteral) {
            return Kind.STRING;
        } else if (e instanceof NullLiteral) {
            return Kind.NULL;
        } else if (e instanceof BoolLiteral) {
            return Kind.BOOL;
        } else if (e instanceof SizeOf) {
            return Kind.INTEGER;
        } else if (e instanceof NameRef ref) {
            NameResolver.Resolution r = NameResolver.resolve(ref);
            return r.variable() != null ? kindOfVariable(r.variable(), visiting) : NameResolver.kindOf(r);
        } else if (e instanceof Call call) {
            Builtin b = Builtins.function(call.getFunction());
            return b == null ? Kind.UNKNOWN : b.returns();
        } else if (e instanceof FieldAccess access) {
            Map<String, Kind> fields = FIELDS.get(kindOf(access.getTarget(), visiting));
            Kind k = fields == null ? null : fields.get(access.getField());
            return k == null ? Kind.UNKNOWN : k;
        } else if (e instanceof Index index) {
            return kindOf(index.getTarget(), visiting) == Kind.LIST ? Kind.PAGE : Kind.UNKNOWN;
        } else if (e instanceof UnaryOp unary) {
            return unaryKind(unary.getOp(), kindOf(unary.getOperand(), visiting));
        } else if (e instanceof Binary binary) {
            return chainKind(binary, visiting);
        }
        return Kind.UNKNOWN;
    }

    /**
     * A chain {@code a + b - c ...} is a left spine of Binary nodes as deep as it is long: its
     * kind is folded in a loop from the innermost left operand outwards, in the order the
     * recursion would take, so a chain of any length costs no stack.
     */
    private static Kind chainKind(Binary outermost, Set<EObject> visiting) {
        Deque<Binary> spine = new ArrayDeque<>();
        Expression left = outermost;
        while (left instanceof Binary b) {
            spine.push(b);
            left = b.getLeft();
        }
        Kind kind = kindOf(left, visiting);
        while (!spine.isEmpty()) {
            Binary b = spine.pop();
            kind = binaryKind(b, kind, kindOf(b.getRight(), visiting));
        }
        return kind;
    }

    private static Kind unaryKind(String op, Kind operand) {
        return switch (op) {
            case "!" -> Kind.BOOL;
            // *ptep reads the entry; * of anything else is not something the language reads.
            case "*" -> operand.pointee() != null ? operand.pointee() : Kind.UNKNOWN;
            // ~__GFP_RECLAIM is still a gfp mask.
            case "~" -> operand == Kind.GFP ? Kind.GFP : Kind.INTEGER;
            default -> Kind.INTEGER;
        };
    }

    private static Kind binaryKind(Binary b, Kind left, Kind right) {
        String op = b.getOp();
        switch (op) {
            case "==", "!=", "<", "<=", ">", ">=", "&&", "||":
                return Kind.BOOL;
            case "+":
                if (isAddressLike(left) && isPlainInteger(right)) {
                    return left;
                }
                if (isPlainInteger(left) && isAddressLike(right)) {
                    return right;
                }
                return Kind.INTEGER;
            case "-":
                if (isAddressLike(left) && isPlainInteger(right)) {
                    return left;
                }
                // page - page is a ptrdiff_t: the number of descriptors between them.
                return Kind.INTEGER;
            case ">>":
                return left == Kind.PHYS_ADDR && isPageShift(b.getRight()) ? Kind.PFN : Kind.INTEGER;
            case "<<":
                return left == Kind.PFN && isPageShift(b.getRight()) ? Kind.PHYS_ADDR : Kind.INTEGER;
            case "|", "^":
                return left == Kind.GFP || right == Kind.GFP ? Kind.GFP : Kind.INTEGER;
            case "&":
                // addr & PAGE_MASK is still an address; flags & __GFP_HIGHMEM still a mask.
                return isAddressLike(left) || left == Kind.GFP ? left : Kind.INTEGER;
            default:
                return Kind.INTEGER;
        }
    }

    /** Kinds that keep their kind under + and - with an integer (C pointer arithmetic, or offsets). */
    private static boolean isAddressLike(Kind k) {
        return k == Kind.PAGE || k == Kind.VIRT_ADDR || k == Kind.PHYS_ADDR || k == Kind.PFN
                || k == Kind.PGD_PTR || k == Kind.P4D_PTR || k == Kind.PUD_PTR || k == Kind.PMD_PTR
                || k == Kind.PTE_PTR;
    }

    private static boolean isPlainInteger(Kind k) {
        return k == Kind.INTEGER || k == Kind.BOOL || k == Kind.UNKNOWN;
    }

    private static boolean isPageShift(Expression e) {
        return e instanceof NameRef ref && "PAGE_SHIFT".equals(ref.getName());
    }
}
