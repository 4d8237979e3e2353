package io.kmemlab.lang.parser;

import java.util.Map;

import org.antlr.runtime.MismatchedTokenException;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;

/**
 * Syntax errors in the words of the language instead of ANTLR's ("mismatched input '<EOF>'
 * expecting RULE_STRING"): what the construct being written needs, what was found instead, and
 * how the construct is written, e.g. {@code a scenario needs a name in quotes, not 'on':
 * scenario "name" on MACHINE { … }}.
 *
 * <p>The construct is the innermost grammar rule around the error; statements and machine
 * clauses share one rule each, so for them it is the keyword they start with.
 */
public class KmemSyntaxErrorMessages extends SyntaxErrorMessageProvider {

    /** How a construct is named in a sentence and how it is written. */
    record Construct(String noun, String usage) {
    }

    private static final String STATEMENTS = "let, expect, walk, show, print, repeat, for, if, process, kthread, on cpu"
            + " or a kernel call f(...)";
    private static final String CLAUSES = "arch, paging, memory-model, kaslr, kernel, cpus, hugepages, swap, ram,"
            + " reserved, kernel-image, symbol, zones, config, node, page-offset, lowmem-limit, boot-allocator";
    private static final String TOP_LEVEL = "import \"file.kmem\", machine NAME { … } or scenario \"name\" on MACHINE { … }";
    private static final Construct EXPRESSION = new Construct("an expression",
            "a number, a name, a call f(...), or an expression in ( )");

    private static final Map<String, Construct> RULES = Map.ofEntries(
            Map.entry("Model", new Construct("the file", TOP_LEVEL)),
            Map.entry("Import", new Construct("an import", "import \"machines.kmem\"")),
            Map.entry("Machine", new Construct("a machine", "machine NAME { arch x86_64  ram START .. END … }")),
            Map.entry("Scenario", new Construct("a scenario", "scenario \"name\" on MACHINE { … }")),
            Map.entry("Block", new Construct("a block", "{ statements }")),
            Map.entry("If", new Construct("an if", "if CONDITION { … } else { … }")),
            Map.entry("Show", new Construct("a show", "show page|zone|zoneinfo|buddyinfo|pagetypeinfo|slabinfo|memmap|vmas [ARGUMENT]")),
            Map.entry("CallExpression", new Construct("a call", "FUNCTION(ARGUMENT, …)")),
            Map.entry("RamClause", new Construct("a ram range", "ram START .. END or ram START size SIZE")),
            Map.entry("ZonesClause", new Construct("a zones clause", "zones default or zones { NAME until END  NAME rest }")),
            Map.entry("ZoneDecl", new Construct("a zone", "NAME until END, NAME size SIZE or NAME rest")),
            Map.entry("ConfigOption", new Construct("a config option", "OPTION on, OPTION off or OPTION NUMBER")),
            Map.entry("PagingMode", new Construct("a paging mode", "paging 4-level, 5-level, 2-level, 3-level, pae or short")),
            Map.entry("MemoryModel", new Construct("a memory model", "memory-model flatmem, sparsemem or sparsemem-vmemmap")),
            Map.entry("Version", new Construct("a kernel version", "kernel 6.12")),
            Map.entry("Expression", EXPRESSION), Map.entry("LogicalOr", EXPRESSION),
            Map.entry("LogicalAnd", EXPRESSION), Map.entry("BitOr", EXPRESSION), Map.entry("BitXor", EXPRESSION),
            Map.entry("BitAnd", EXPRESSION), Map.entry("Equality", EXPRESSION), Map.entry("Relational", EXPRESSION),
            Map.entry("Shift", EXPRESSION), Map.entry("Additive", EXPRESSION), Map.entry("Multiplicative", EXPRESSION),
            Map.entry("Unary", EXPRESSION), Map.entry("Postfix", EXPRESSION), Map.entry("Primary", EXPRESSION));

    /** Statements by their first keyword (a statement without one is a call). */
    private static final Map<String, Construct> STATEMENT_KEYWORDS = Map.ofEntries(
            Map.entry("let", new Construct("a let", "let NAME = VALUE")),
            Map.entry("expect", new Construct("an expect", "expect CONDITION, or expect oops|warn|sigsegv STATEMENT")),
            Map.entry("walk", new Construct("a walk", "walk ADDRESS [in PROCESS]")),
            Map.entry("show", RULES.get("Show")),
            Map.entry("print", new Construct("a print", "print VALUE")),
            Map.entry("repeat", new Construct("a repeat", "repeat COUNT { … }")),
            Map.entry("for", new Construct("a for loop", "for NAME in FROM .. TO { … }")),
            Map.entry("if", RULES.get("If")),
            Map.entry("process", new Construct("a process block", "process NAME { … }")),
            Map.entry("kthread", new Construct("a kthread block", "kthread NAME { … }")),
            Map.entry("on", new Construct("an on cpu block", "on cpu N { … }")));

    /** Machine clauses by their keyword. */
    private static final Map<String, Construct> CLAUSE_KEYWORDS = Map.ofEntries(
            Map.entry("arch", new Construct("an arch clause", "arch x86_64, arch i386 or arch arm")),
            Map.entry("paging", RULES.get("PagingMode")),
            Map.entry("memory-model", RULES.get("MemoryModel")),
            Map.entry("kaslr", new Construct("a kaslr clause", "kaslr off, kaslr seed N or kaslr text 0xffffffff9a000000")),
            Map.entry("kernel", RULES.get("Version")),
            Map.entry("cpus", new Construct("a cpus clause", "cpus N")),
            Map.entry("hugepages", new Construct("a hugepages clause", "hugepages N")),
            Map.entry("swap", new Construct("a swap clause", "swap SIZE")),
            Map.entry("ram", RULES.get("RamClause")),
            Map.entry("reserved", new Construct("a reserved range", "reserved START .. END [\"label\"] or reserved START size SIZE")),
            Map.entry("kernel-image", new Construct("a kernel-image clause", "kernel-image at START size SIZE")),
            Map.entry("symbol", new Construct("a symbol", "symbol NAME in text|rodata|data|bss size SIZE")),
            Map.entry("zones", RULES.get("ZonesClause")),
            Map.entry("config", new Construct("a config clause", "config { OPTION on  OPTION off … }")),
            Map.entry("node", new Construct("a node", "node ID { ram START .. END … }")),
            Map.entry("page-offset", new Construct("a page-offset clause", "page-offset ADDRESS")),
            Map.entry("lowmem-limit", new Construct("a lowmem-limit clause", "lowmem-limit SIZE")),
            Map.entry("boot-allocator", new Construct("a boot-allocator clause", "boot-allocator memblock or boot-allocator bootmem")));

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
        RecognitionException e = context.getRecognitionException();
        if (e == null) {
            return super.getSyntaxErrorMessage(context);
        }
        String expected = e instanceof MismatchedTokenException m ? expected(m.expecting, context.getTokenNames()) : null;
        Token token = e.token;
        boolean atEnd = token == null || token.getType() == Token.EOF;
        String found = atEnd ? "the end of the file" : found(token);
        Construct construct = atEnd || "'}'".equals(expected) ? null : startedOnTheLine(context.getCurrentNode(), token);
        if (construct == null) {
            construct = construct(context.getCurrentNode(), context.getCurrentContext());
        }
        if ("a string in quotes".equals(expected) && construct == RULES.get("Scenario")) {
            expected = "a name in quotes";
        } else if ("a string in quotes".equals(expected) && construct == RULES.get("Import")) {
            expected = "a file name in quotes";
        }
        return new SyntaxErrorMessage(message(construct, expected, found, atEnd), Diagnostic.SYNTAX_DIAGNOSTIC);
    }

    static String message(Construct construct, String expected, String found, boolean atEnd) {
        String noun = construct.noun();
        if (atEnd && "'}'".equals(expected)) {
            return "the file ends before the '}' that closes " + the(noun) + ": " + construct.usage();
        }
        if (atEnd) {
            return the(noun) + " is cut short by the end of the file" + (expected == null ? "" : ": it needs " + expected)
                    + "; write " + construct.usage();
        }
        if ("'}'".equals(expected) && noun.equals("a machine")) {
            return found + " is not a machine clause: " + CLAUSES + "; '}' ends the machine";
        }
        if ("'}'".equals(expected) && (noun.equals("a block") || noun.equals("a scenario"))) {
            return found + " does not start a statement: " + STATEMENTS + "; '}' ends the block";
        }
        if ("the end of the file".equals(expected) || noun.equals("the file")) {
            return found + " cannot start a top-level element: write " + TOP_LEVEL;
        }
        if (expected != null) {
            return noun + " needs " + expected + ", not " + found + ": " + construct.usage();
        }
        return "unexpected " + found + " in " + noun + ": " + construct.usage();
    }

    /** The construct being written: the innermost rule the language has words for. */
    static Construct construct(INode node, EObject current) {
        for (INode n = node; n != null; n = n.getParent()) {
            if (!(n instanceof ICompositeNode composite)) {
                continue;
            }
            String rule = ruleName(composite);
            if (rule == null) {
                continue;
            }
            if (rule.equals("Statement")) {
                String keyword = firstKeyword(composite);
                return keyword == null ? RULES.get("CallExpression")
                        : STATEMENT_KEYWORDS.getOrDefault(keyword, RULES.get("Block"));
            }
            if (rule.equals("MachineClause")) {
                String keyword = firstKeyword(composite);
                Construct clause = keyword == null ? null : CLAUSE_KEYWORDS.get(keyword);
                return clause != null ? clause : RULES.get("Machine");
            }
            if (RULES.containsKey(rule)) {
                return RULES.get(rule);
            }
        }
        return RULES.get("Model");
    }

    /**
     * The statement or clause whose keyword starts the error's line ({@code let = 3}: a let).
     * Statements and clauses are written one per line, so the keyword before the error on its
     * line names what is being written; a brace in between means a block is.
     */
    static Construct startedOnTheLine(INode node, Token token) {
        if (node == null || !(token instanceof org.antlr.runtime.CommonToken error)) {
            return null;
        }
        // Read backwards from the error: the last statement keyword after the line's last brace
        // wins, else its first clause keyword. Bounded: thousands of errors on one long line must
        // not make the parse quadratic, and a keyword that far back no longer names the construct.
        Construct clause = null;
        int seen = 0;
        for (INode n : node.getRootNode().getAsTreeIterable().reverse()) {
            if (!(n instanceof ILeafNode leaf) || leaf.getOffset() >= error.getStartIndex() || leaf.isHidden()) {
                continue;
            }
            if (++seen > MAX_LEAVES_BACK || leaf.getStartLine() != error.getLine()) {
                break;
            }
            if (leaf.getGrammarElement() instanceof Keyword k) {
                String word = k.getValue();
                if (word.equals("{") || word.equals("}")) {
                    break;
                } else if (STATEMENT_KEYWORDS.containsKey(word)) {
                    return STATEMENT_KEYWORDS.get(word);
                } else if (CLAUSE_KEYWORDS.containsKey(word)) {
                    clause = CLAUSE_KEYWORDS.get(word);
                }
            }
        }
        return clause;
    }

    /** How far back on its line an error looks for the keyword that names what is being written. */
    private static final int MAX_LEAVES_BACK = 64;

    private static String ruleName(ICompositeNode node) {
        EObject grammar = node.getGrammarElement();
        AbstractRule rule = grammar instanceof RuleCall call ? call.getRule()
                : grammar instanceof ParserRule parserRule ? parserRule : null;
        return rule == null ? null : rule.getName();
    }

    private static String firstKeyword(ICompositeNode node) {
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (leaf.isHidden()) {
                continue;
            }
            return leaf.getGrammarElement() instanceof Keyword k ? k.getValue() : null;
        }
        return null;
    }

    /** A token type in words: "'on'", "a name", "a string in quotes". */
    static String expected(int type, String[] tokenNames) {
        if (type == Token.EOF) {
            return "the end of the file";
        }
        if (tokenNames == null || type < 0 || type >= tokenNames.length) {
            return null;
        }
        String name = tokenNames[type];
        return switch (name) {
            case "RULE_ID" -> "a name";
            case "RULE_STRING" -> "a string in quotes";
            case "RULE_NUMBER" -> "a number";
            case "RULE_NL" -> "the end of the line";
            default -> name.startsWith("'") ? name : null;
        };
    }

    private static String found(Token token) {
        String text = token.getText();
        if (text == null || text.isBlank()) {
            return text != null && text.contains("\n") ? "the end of the line" : "nothing";
        }
        return "'" + text + "'";
    }

    private static String the(String noun) {
        if (noun.startsWith("a ")) {
            return "the " + noun.substring(2);
        }
        if (noun.startsWith("an ")) {
            return "the " + noun.substring(3);
        }
        return noun;
    }
}
