package io.kmemlab.lang.parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenSource;

/**
 * Finds where a text nests deeper than the parser can follow, before the parser recurses into
 * it: the parser descends a set of Java stack frames per level, and a few hundred levels of
 * parentheses overflow the stack. What nests: parentheses and brackets (each opens a whole
 * expression), blocks, runs of prefixes (unary operators, {@code expect oops} before a
 * statement), else-if chains (each {@code else if} is an if inside the previous one), and
 * block keywords without their block (the parser's error recovery assumes the missing brace
 * and descends). A chain {@code a + b + c ...} does not nest: the parser reads it in a loop.
 *
 * <p>Each region deeper than {@link #MAX_DEPTH} is blanked (spaces; line breaks kept, so
 * offsets and lines stay those of the text) into something that still parses: {@code (0)},
 * {@code [0]}, an empty block, an else with an empty block. The token where the region starts
 * stays, so the error reported there has its exact line and column.
 */
public final class NestingLimit {
    /** Levels the parser follows: far more than any scenario needs (C asks compilers for 63 levels of parentheses, C11 5.2.4.1). */
    public static final int MAX_DEPTH = 128;

    /** The error at the first token of each region that was too deep. */
    public static final String MESSAGE = "nested deeper than " + MAX_DEPTH + " levels (each (, [, {, unary operator and "
            + "else if opens one): split it up, naming inner expressions with let";

    /**
     * Binary operators in one expression. The parser reads a chain a + b + c ... in a loop, but
     * the node model it builds (Xtext's, which locates every element in the text) nests one
     * level per operator, and Xtext walks those levels recursively: thousands of operators
     * overflow the stack wherever a statement's position is asked for.
     */
    public static final int MAX_OPERATORS = 2000;

    /** The error at the first operator too many. */
    public static final String TOO_LONG = "more than " + MAX_OPERATORS + " operators in one expression: split it up, "
            + "naming parts with let";

    /** A region that was too deep or too long: where it starts, and the message for it. */
    public record Finding(int offset, String message) { }

    /** The text the parser should read (the original when nothing was found) and what was found. */
    public record Result(String text, List<Finding> findings) {
        public boolean ok() {
            return findings.isEmpty();
        }
    }

    private enum Kind { OPEN, CLOSE, PREFIX, ELSE, IF, BLOCK_KEYWORD, HIDDEN, OTHER }

    private record Tok(Kind kind, String text, int start, int stop) { }

    /** An open level: a bracket or brace (OPEN; it also holds the prefixes right before it, as in -(-(...))), or an else-if (ELSE). */
    private record Level(Kind kind, int weight) { }

    private final String text;
    private final List<Tok> toks;
    private char[] blanked;
    private final List<Finding> findings = new ArrayList<>();
    private final Deque<Level> open = new ArrayDeque<>();
    private int depth;
    /** Block keywords (and if, else) read since the last brace: each will open a level with its block. */
    private int pending;

    private NestingLimit(String text, List<Tok> toks) {
        this.text = text;
        this.toks = toks;
    }

    /** Scans {@code text} with {@code lexer} (the language's own, so strings and comments are skipped) and blanks what is too deep. */
    public static Result check(String text, Function<CharStream, TokenSource> lexer) {
        NestingLimit depths = new NestingLimit(text, tokens(text, lexer));
        depths.run();
        String afterDepths = depths.blanked == null ? text : new String(depths.blanked);
        NestingLimit chains = new NestingLimit(afterDepths, depths.blanked == null ? depths.toks : tokens(afterDepths, lexer));
        chains.chains();
        List<Finding> all = new ArrayList<>(depths.findings);
        all.addAll(chains.findings);
        return new Result(chains.blanked == null ? afterDepths : new String(chains.blanked), List.copyOf(all));
    }

    private void run() {
        int prefixes = 0;
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.kind == Kind.HIDDEN) continue;
            if (t.kind == Kind.PREFIX) {
                if (depth + pending + prefixes < MAX_DEPTH) {
                    prefixes++;
                    continue;
                }
                // the first prefix too many stays (one level over is harmless) and carries the error; the rest go
                findings.add(new Finding(t.start, MESSAGE));
                int j = i + 1;
                for (; j < toks.size() && (toks.get(j).kind == Kind.PREFIX || toks.get(j).kind == Kind.HIDDEN); j++) {
                    blank(toks.get(j).start, toks.get(j).stop);
                }
                i = j - 1;
                continue;
            }
            int weight = 1 + prefixes;
            prefixes = 0;
            switch (t.kind) {
                case OPEN -> {
                    boolean brace = t.text.equals("{");
                    if (depth + weight + (brace ? 0 : pending) <= MAX_DEPTH) {
                        push(Kind.OPEN, weight);
                        if (brace) pending = 0;
                        continue;
                    }
                    int close = matching(i);
                    int end = close < 0 ? text.length() - 1 : toks.get(close).start - 1;
                    blank(t.stop + 1, end);
                    if (!brace && t.stop + 1 <= end) blanked[t.stop + 1] = '0';
                    findings.add(new Finding(t.start, MESSAGE));
                    if (close < 0) return;
                    i = close;
                    if (brace) {
                        pending = 0;
                        endChainsUnlessElse(close);
                    }
                }
                case CLOSE -> {
                    popElseIfs();
                    if (!open.isEmpty()) depth -= open.pop().weight;
                    if (t.text.equals("}")) {
                        pending = 0;
                        endChainsUnlessElse(i);
                    }
                }
                case ELSE -> {
                    int next = nextVisible(i);
                    if (next < 0 || toks.get(next).kind != Kind.IF) {
                        blockKeyword(i);
                        continue;
                    }
                    // room for the else-if and its block
                    if (depth + pending + 2 <= MAX_DEPTH) {
                        push(Kind.ELSE, 1);
                        i = next;
                        pending++;     // the if's own block
                        continue;
                    }
                    // the else stays and gets an empty block instead of the rest of the chain
                    int end = endOfChain(i);
                    int from = toks.get(next).start;
                    int to = end < 0 ? text.length() - 1 : toks.get(end).stop;
                    blank(from, to);
                    blanked[from] = '{';
                    if (end >= 0) blanked[to] = '}';
                    findings.add(new Finding(t.start, MESSAGE));
                    if (end < 0) return;
                    i = end;
                    pending = 0;
                    endChainsUnlessElse(end);
                }
                case IF, BLOCK_KEYWORD -> blockKeyword(i);
                default -> { }
            }
        }
    }

    /**
     * Counts the binary operators of each statement's expression (those inside brackets too:
     * the node model nests them under the outer ones), and blanks the rest of an expression
     * from its first operator too many.
     */
    private void chains() {
        int operators = 0;
        boolean afterOperand = false;
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.kind == Kind.HIDDEN) continue;
            boolean binary = afterOperand && isOperator(t.text);
            if (binary && ++operators > MAX_OPERATORS) {
                // the operator stays, with 0 as its right operand, and carries the error; the rest goes
                int end = endOfExpression(i);
                int next = nextVisible(i);
                if (next >= 0 && next <= end) {
                    blank(toks.get(next).start, toks.get(end).stop);
                    blanked[toks.get(next).start] = '0';
                }
                findings.add(new Finding(t.start, TOO_LONG));
                i = end;
                operators = 0;
                afterOperand = true;
                continue;
            }
            boolean startsOperand = isOperandStart(t);
            if (startsOperand && afterOperand || isStatementBoundary(t)) operators = 0;   // a new statement
            afterOperand = isOperandEnd(t);
        }
    }

    /** From the operator at {@code i}: the last token of the expression it continues (brackets are skipped whole). */
    private int endOfExpression(int i) {
        int last = i;
        boolean afterOperand = false;
        for (int k = i; k < toks.size(); k++) {
            Tok t = toks.get(k);
            if (t.kind == Kind.HIDDEN) continue;
            if (t.kind == Kind.CLOSE || isStatementBoundary(t) || afterOperand && isOperandStart(t)) return last;
            if (t.kind == Kind.OPEN) {
                int close = matching(k);
                if (close < 0) return last;
                k = close;
                last = close;
                afterOperand = true;
                continue;
            }
            if (!afterOperand || isOperator(t.text) || t.text.equals("->") || t.text.equals(".")) {
                last = k;
                afterOperand = isOperandEnd(t);
                continue;
            }
            return last;
        }
        return last;
    }

    private static boolean isOperator(String s) {
        return switch (s) {
            case "+", "-", "*", "/", "%", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "&", "|", "^", "&&", "||" -> true;
            default -> false;
        };
    }

    /** A name, number, string or literal: what an operand starts (and, but for a call's name, ends) with. */
    private static boolean isOperandStart(Tok t) {
        if (t.kind != Kind.OTHER || t.text.isEmpty()) return false;
        char c = t.text.charAt(0);
        return Character.isLetterOrDigit(c) || c == '_' || c == '"';
    }

    private static boolean isOperandEnd(Tok t) {
        return isOperandStart(t) || t.text.equals(")") || t.text.equals("]");
    }

    /** Tokens that end a statement's expression: a block, or a keyword that starts a statement or clause. */
    private static boolean isStatementBoundary(Tok t) {
        if (t.text.equals("{") || t.text.equals("}")) return true;
        return switch (t.text) {
            case "let", "expect", "walk", "show", "print", "repeat", "for", "if", "else", "process", "kthread", "scenario",
                 "machine", "import", "in", "on", "size", "until", "rest", "at" -> true;
            default -> false;
        };
    }

    /**
     * A keyword that opens a block at its {@code {}: with many of them and no brace (garbage),
     * the parser's error recovery assumes each brace and descends, so they count before it.
     */
    private void blockKeyword(int i) {
        // the first keyword's block is checked at its brace; only keywords piling up before one count here
        if (pending == 0 || depth + pending < MAX_DEPTH) {
            pending++;
            return;
        }
        Tok t = toks.get(i);
        if (depth + pending == MAX_DEPTH) {
            findings.add(new Finding(t.start, MESSAGE));    // the first one too many stays and carries the error
            pending++;
        } else {
            blank(t.start, t.stop);
        }
    }

    /** After the } at {@code i}: unless an else follows, the else-if chains ending here close. */
    private void endChainsUnlessElse(int i) {
        int next = nextVisible(i);
        if (next >= 0 && toks.get(next).kind == Kind.ELSE) return;
        popElseIfs();
    }

    private void push(Kind kind, int weight) {
        open.push(new Level(kind, weight));
        depth += weight;
    }

    private void popElseIfs() {
        while (!open.isEmpty() && open.peek().kind == Kind.ELSE) depth -= open.pop().weight;
    }

    /** Index of the token closing the one opened at {@code i} (any kind of bracket counts), or -1. */
    private int matching(int i) {
        int level = 0;
        for (int k = i; k < toks.size(); k++) {
            Kind kind = toks.get(k).kind;
            if (kind == Kind.OPEN) level++;
            else if (kind == Kind.CLOSE && --level == 0) return k;
        }
        return -1;
    }

    /** From the else at {@code i}: index of the } that ends the chain (its last block), or -1. */
    private int endOfChain(int i) {
        int k = i;
        while (k >= 0 && toks.get(k).kind == Kind.ELSE) {
            int brace = k + 1;
            // the next { at this level: the condition's brackets are skipped whole
            while (brace < toks.size() && !toks.get(brace).text.equals("{")) {
                if (toks.get(brace).kind == Kind.OPEN) {
                    brace = matching(brace);
                    if (brace < 0) return -1;
                }
                brace++;
            }
            if (brace >= toks.size()) return -1;
            int close = matching(brace);
            if (close < 0) return -1;
            int next = nextVisible(close);
            if (next < 0 || toks.get(next).kind != Kind.ELSE) return close;
            k = next;
        }
        return -1;
    }

    private int nextVisible(int i) {
        for (int k = i + 1; k < toks.size(); k++) if (toks.get(k).kind != Kind.HIDDEN) return k;
        return -1;
    }

    /** Spaces over [from, to], line breaks kept. */
    private void blank(int from, int to) {
        if (blanked == null) blanked = text.toCharArray();
        for (int k = from; k <= to && k < blanked.length; k++) {
            if (blanked[k] != '\n' && blanked[k] != '\r') blanked[k] = ' ';
        }
    }

    private static List<Tok> tokens(String text, Function<CharStream, TokenSource> lexer) {
        TokenSource source = lexer.apply(new ANTLRStringStream(text));
        List<Tok> out = new ArrayList<>();
        for (Token t = source.nextToken(); t != null && t.getType() != Token.EOF; t = source.nextToken()) {
            if (t instanceof CommonToken c) {
                out.add(new Tok(kindOf(c.getText()), c.getText(), c.getStartIndex(), c.getStopIndex()));
            }
        }
        return out;
    }

    private static Kind kindOf(String s) {
        if (s == null || s.isBlank() || s.startsWith("//") || s.startsWith("/*")) return Kind.HIDDEN;
        return switch (s) {
            case "(", "[", "{" -> Kind.OPEN;
            case ")", "]", "}" -> Kind.CLOSE;
            // prefixes: unary operators, and `expect oops` before the statement it expects of
            case "!", "~", "-", "*", "expect" -> Kind.PREFIX;
            case "oops", "warn", "sigsegv" -> Kind.HIDDEN;
            case "else" -> Kind.ELSE;
            case "if" -> Kind.IF;
            case "process", "kthread", "repeat", "for" -> Kind.BLOCK_KEYWORD;
            default -> Kind.OTHER;
        };
    }
}
