package io.kmemlab.lang.machine;

import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.UnaryOp;
import java.util.OptionalLong;

/**
 * Evaluates the constant expressions of machine clauses (ram 0x100000 .. 4G - 1) so the
 * validator can compare ranges; anything that is not literal arithmetic is "not constant".
 * Arithmetic is unsigned 64-bit, as physical addresses are.
 */
public final class ConstantEvaluator {

    private ConstantEvaluator() {
    }

    public static OptionalLong eval(Expression e) {
        try {
            return OptionalLong.of(value(e));
        } catch (NotConstant | ArithmeticException x) {
            return OptionalLong.empty();
        }
    }

    private static final class NotConstant extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotConstant() {
            super(null, null, false, false);
        }
    }

    private static long value(Expression e) {
        if (e instanceof NumberLiteral n) {
            return n.getValue();
        }
        if (e instanceof UnaryOp u && u.getOp() != null) {
            long v = value(u.getOperand());
            return switch (u.getOp()) {
                case "-" -> -v;
                case "~" -> ~v;
                default -> throw new NotConstant();
            };
        }
        if (e instanceof Binary b && b.getOp() != null) {
            long l = value(b.getLeft());
            long r = value(b.getRight());
            return switch (b.getOp()) {
                case "+" -> l + r;
                case "-" -> l - r;
                case "*" -> l * r;
                case "/" -> Long.divideUnsigned(l, r);
                case "%" -> Long.remainderUnsigned(l, r);
                case "<<" -> l << r;
                case ">>" -> l >>> r;
                case "&" -> l & r;
                case "|" -> l | r;
                case "^" -> l ^ r;
                default -> throw new NotConstant();
            };
        }
        throw new NotConstant();
    }
}
