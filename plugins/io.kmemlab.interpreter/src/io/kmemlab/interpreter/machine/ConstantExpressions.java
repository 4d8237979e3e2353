package io.kmemlab.interpreter.machine;

import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.UnaryOp;

/**
 * Evaluates the constant integer expressions of machine clauses ({@code ram 0x1_0000_0000
 * size 4G + 512M}) before any machine exists: literals and integer operators only.
 */
public final class ConstantExpressions {
    private ConstantExpressions() { }

    public static long eval(Expression e) {
        if (e instanceof NumberLiteral n) return n.getValue();
        if (e instanceof UnaryOp u) {
            long v = eval(u.getOperand());
            return switch (u.getOp()) {
                case "-" -> -v;
                case "~" -> ~v;
                case "!" -> v == 0 ? 1 : 0;
                default -> throw new EvalException("a machine clause needs a constant number here, not '" + u.getOp() + "'", e);
            };
        }
        if (e instanceof Binary b) {
            long l = eval(b.getLeft()), r = eval(b.getRight());
            return switch (b.getOp()) {
                case "+" -> l + r;
                case "-" -> l - r;
                case "*" -> l * r;
                case "/" -> { if (r == 0) throw new EvalException("division by zero", e); yield l / r; }
                case "%" -> { if (r == 0) throw new EvalException("division by zero", e); yield l % r; }
                case "<<" -> l << r;
                case ">>" -> l >>> r;
                case "|" -> l | r;
                case "&" -> l & r;
                case "^" -> l ^ r;
                default -> throw new EvalException("a machine clause needs a constant number here, not '" + b.getOp() + "'", e);
            };
        }
        throw new EvalException("a machine clause needs a constant number here (like 0x100000, 16M or 4G)", e);
    }
}
