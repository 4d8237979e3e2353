package io.kmemlab.lang.machine;

import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.UnaryOp;
import java.util.OptionalLong;
import org.eclipse.emf.ecore.EObject;

/**
 * The one evaluator of constant expressions: the values of machine clauses
 * ({@code ram 0x1_0000_0000 size 4G + 512M}), known before any machine exists. The validator
 * compares ranges with it and the interpreter builds the machine with it, so both read a
 * clause the same way. Literals and integer operators only; arithmetic is unsigned 64-bit,
 * as physical addresses are.
 */
public final class ConstantEvaluator {

    private ConstantEvaluator() {
    }

    /** An expression that is not a constant number, with the element to blame and why. */
    public static final class NotConstantException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient EObject where;

        NotConstantException(String message, EObject where) {
            super(message, null, false, false);
            this.where = where;
        }

        /** The part of the expression that is not constant (never null for a non-null expression). */
        public EObject where() {
            return where;
        }
    }

    /** The value, or empty when {@code e} is not a constant number (the validator's question). */
    public static OptionalLong eval(Expression e) {
        try {
            return OptionalLong.of(value(e));
        } catch (NotConstantException x) {
            return OptionalLong.empty();
        }
    }

    /** The value of {@code e}, or why it has none (the interpreter's question). */
    public static long value(Expression e) throws NotConstantException {
        if (e == null) {
            throw new NotConstantException("a machine clause needs a constant number here (like 0x100000, 16M or 4G)", null);
        }
        if (e instanceof NumberLiteral n) {
            return n.getValue();
        }
        if (e instanceof UnaryOp u && u.getOp() != null) {
            long v = value(u.getOperand());
            return switch (u.getOp()) {
                case "-" -> -v;
                case "~" -> ~v;
                case "!" -> v == 0 ? 1 : 0;
                default -> throw notConstant("'" + u.getOp() + "'", e);
            };
        }
        if (e instanceof Binary b && b.getOp() != null) {
            long l = value(b.getLeft());
            long r = value(b.getRight());
            return switch (b.getOp()) {
                case "+" -> l + r;
                case "-" -> l - r;
                case "*" -> l * r;
                case "/" -> Long.divideUnsigned(l, nonZero(r, e));
                case "%" -> Long.remainderUnsigned(l, nonZero(r, e));
                case "<<" -> l << r;
                case ">>" -> l >>> r;
                case "&" -> l & r;
                case "|" -> l | r;
                case "^" -> l ^ r;
                default -> throw notConstant("'" + b.getOp() + "'", e);
            };
        }
        throw new NotConstantException("a machine clause needs a constant number here (like 0x100000, 16M or 4G)", e);
    }

    private static long nonZero(long divisor, Expression at) throws NotConstantException {
        if (divisor == 0) {
            throw new NotConstantException("division by zero", at);
        }
        return divisor;
    }

    private static NotConstantException notConstant(String what, Expression at) {
        return new NotConstantException("a machine clause needs a constant number here, not " + what, at);
    }
}
