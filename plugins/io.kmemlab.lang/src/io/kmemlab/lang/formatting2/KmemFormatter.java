package io.kmemlab.lang.formatting2;

import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.ConfigClause;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.FieldAccess;
import io.kmemlab.lang.kmem.If;
import io.kmemlab.lang.kmem.Import;
import io.kmemlab.lang.kmem.Index;
import io.kmemlab.lang.kmem.KernelClause;
import io.kmemlab.lang.kmem.MachineClause;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.NodeClause;
import io.kmemlab.lang.kmem.PagingClause;
import io.kmemlab.lang.kmem.RamClause;
import io.kmemlab.lang.kmem.Statement;
import io.kmemlab.lang.kmem.TopLevel;
import io.kmemlab.lang.kmem.UnaryOp;
import io.kmemlab.lang.kmem.ZoneDecl;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextSegment;

/**
 * The kmem formatter: one clause or statement per line, blocks indented by four spaces, a
 * blank line between machines and scenarios, C spacing in expressions (`a + b`, `f(x, y)`,
 * `p->flags`, `*ptep`, `pages[0]`), `config { A on  B off }` kept on one line.
 *
 * It decides the whitespace between every pair of neighbouring tokens in one pass (so no two
 * rules ever fight over a region); comments are kept where they are.
 */
public class KmemFormatter extends AbstractJavaFormatter {

    protected void format(Model model, IFormattableDocument doc) {
        List<ISemanticRegion> tokens = new java.util.ArrayList<>();
        getTextRegionAccess().regionForRootEObject().getAllSemanticRegions().forEach(tokens::add);
        if (tokens.isEmpty()) {
            return;
        }
        IHiddenRegion head = tokens.get(0).getPreviousHiddenRegion();
        if (!head.containsComment()) {
            doc.set(head, hf -> hf.noSpace()); // a leading comment keeps its own lines
        }
        Deque<ISemanticRegion> openBraces = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            ISemanticRegion token = tokens.get(i);
            if (isNewlineToken(token)) {
                ISemanticRegion next = nextToken(tokens, i);
                int depth = openBraces.size() - (next != null && isKeyword(next, "}") ? 1 : 0);
                normalizeNewlineToken(token, depth, next == null, doc);
                continue;
            }
            if (isKeyword(token, "{")) {
                openBraces.push(token);
            } else if (isKeyword(token, "}") && !openBraces.isEmpty()) {
                ISemanticRegion open = openBraces.pop();
                if (!(open.getSemanticElement() instanceof ConfigClause)) {
                    doc.interior(open, token, hf -> hf.indent());
                }
            }
            ISemanticRegion next = nextToken(tokens, i);
            if (next == null) {
                doc.set(token.getNextHiddenRegion(), hf -> hf.newLine());
            } else {
                spaceBetween(token, next, doc);
            }
        }
    }

    private static ISemanticRegion nextToken(List<ISemanticRegion> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            if (!isNewlineToken(tokens.get(j))) {
                return tokens.get(j);
            }
        }
        return null;
    }

    private void spaceBetween(ISemanticRegion a, ISemanticRegion b, IFormattableDocument doc) {
        ISemanticRegion newlineToken = a.getNextSemanticRegion();
        if (newlineToken != null && newlineToken != b && isNewlineToken(newlineToken)) {
            // `show KIND` ended by its line-break token: that token carries the line break and
            // the indentation (see normalizeNewlineToken); nothing may follow it on its line.
            IHiddenRegion after = newlineToken.getNextHiddenRegion();
            if (!after.containsComment()) {
                doc.set(after, hf -> hf.noSpace());
            }
            return;
        }
        final IHiddenRegion region = a.getNextHiddenRegion();
        EObject startsAt = startedElement(b);
        if (startsAt instanceof TopLevel && !(b.getSemanticElement() instanceof Model && isKeyword(b, "}"))) {
            doc.set(region, hf -> hf.setNewLines(2));
        } else if (startsAt != null || isKeyword(b, "}") && !(b.getSemanticElement() instanceof ConfigClause)) {
            doc.set(region, hf -> hf.newLine());
        } else if (isKeyword(a, "{") && !(a.getSemanticElement() instanceof ConfigClause)) {
            doc.set(region, hf -> hf.newLine());
        } else if (noSpace(a, b)) {
            doc.set(region, hf -> hf.noSpace());
        } else {
            doc.set(region, hf -> hf.oneSpace());
        }
    }

    /** The clause, statement or top-level element whose first token is b, if b starts one on its own line. */
    private static EObject startedElement(ISemanticRegion b) {
        EObject element = b.getSemanticElement();
        for (EObject e = element; e != null && !(e instanceof Model); e = e.eContainer()) {
            var r = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(e);
            if (r == null || r.getOffset() != b.getOffset()) {
                return null;
            }
            if (isLineElement(e)) {
                return e;
            }
        }
        return null;
    }

    private static boolean isLineElement(EObject e) {
        EObject c = e.eContainer();
        if (e instanceof TopLevel || e instanceof Import || e instanceof ZoneDecl) {
            return true;
        }
        if (e instanceof MachineClause) {
            return true;
        }
        if (e instanceof RamClause) {
            return c instanceof NodeClause || c instanceof io.kmemlab.lang.kmem.Machine;
        }
        if (e instanceof Statement) {
            // `expect oops STATEMENT` and `else if` keep their inner statement on the line.
            return !(c instanceof Expect) && !(c instanceof If);
        }
        return false;
    }

    private static boolean noSpace(ISemanticRegion a, ISemanticRegion b) {
        EObject ea = a.getSemanticElement();
        EObject eb = b.getSemanticElement();
        if (a.getNextHiddenRegion().getLength() == 0 && ea == eb
                && (ea instanceof KernelClause || ea instanceof PagingClause)) {
            return true; // 6.12 and 4-level are single words
        }
        if (isKeyword(b, ",") || isKeyword(b, ")") || isKeyword(b, "]") || isKeyword(b, "->")
                || isKeyword(a, "(") || isKeyword(a, "[") || isKeyword(a, "->")) {
            return true;
        }
        if ((isKeyword(a, ".") || isKeyword(b, ".")) && (ea instanceof FieldAccess || eb instanceof FieldAccess)) {
            return true;
        }
        if (isKeyword(b, "(") && eb instanceof Call && ea == eb) {
            return true; // f(x)
        }
        if (isKeyword(b, "[") && eb instanceof Index) {
            return true;
        }
        // unary operators stick to their operand: *ptep, !x, ~mask, -1
        return ea instanceof UnaryOp u && a.getGrammarElement() instanceof Keyword
                && a.getOffset() == org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(u).getOffset();
    }

    private static boolean isKeyword(ISemanticRegion r, String text) {
        return r.getGrammarElement() instanceof Keyword k && text.equals(k.getValue());
    }

    private static boolean isNewlineToken(ISemanticRegion r) {
        return r.getGrammarElement() instanceof RuleCall rc && rc.getRule() != null && "NL".equals(rc.getRule().getName());
    }

    /**
     * `show KIND` keeps its ending line break as a token (see the grammar), which the formatter
     * cannot treat as whitespace. Its text becomes exactly one line break (blank lines after a
     * show are dropped), so the result re-parses the same way.
     */
    private void normalizeNewlineToken(ISemanticRegion nl, int depth, boolean last, IFormattableDocument doc) {
        IHiddenRegion before = nl.getPreviousHiddenRegion();
        if (!before.containsComment()) {
            doc.set(before, hf -> hf.noSpace()); // a trailing // comment stays as written
        }
        // The formatter indents the line after the token itself (the block's interior).
        String text = "\n";
        doc.addReplacer(new ITextReplacer() {
            @Override
            public ITextSegment getRegion() {
                return nl;
            }

            @Override
            public ITextReplacerContext createReplacements(ITextReplacerContext context) {
                context.addReplacement(nl.replaceWith(text));
                return context;
            }
        });
    }

    /** One level of indentation, as kernel-adjacent DSLs in this project are written. */
    static final String INDENT = "    ";

    @Override
    protected void initialize(org.eclipse.xtext.formatting2.FormatterRequest request) {
        var indentation = java.util.Map.of(org.eclipse.xtext.formatting2.FormatterPreferenceKeys.indentation.getId(), INDENT);
        request.setPreferences(org.eclipse.xtext.preferences.TypedPreferenceValues.castOrWrap(
                new org.eclipse.xtext.preferences.MapBasedPreferenceValues(request.getPreferences(), indentation)));
        super.initialize(request);
    }
}
