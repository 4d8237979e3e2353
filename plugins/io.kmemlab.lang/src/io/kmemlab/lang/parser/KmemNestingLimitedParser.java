package io.kmemlab.lang.parser;

import io.kmemlab.lang.parser.antlr.KmemParser;
import io.kmemlab.lang.validation.IssueCodes;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.nodemodel.impl.NodeModelBuilder;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.ParseResult;

/**
 * The generated parser behind a {@link NestingLimit}: a text nested deeper than the parser's
 * stack can follow (or with expressions longer than the node model's) is parsed with those
 * regions blanked, and each gets a syntax error at its line instead of a StackOverflowError. The node model keeps the real text, so every offset
 * and line outside the blanked regions is that of the document.
 */
public class KmemNestingLimitedParser extends KmemParser {

    @Override
    protected IParseResult doParse(String ruleName, CharStream in, NodeModelBuilder builder, int initialLookAhead) {
        String text = in.substring(0, in.size() - 1);
        NestingLimit.Result limited = NestingLimit.check(text, this::createLexer);
        if (limited.ok()) {
            return super.doParse(ruleName, in, builder, initialLookAhead);
        }
        IParseResult parsed = super.doParse(ruleName, new ANTLRStringStream(limited.text()), builder, initialLookAhead);
        ICompositeNode root = parsed.getRootNode();
        builder.setCompleteContent(root, text);
        for (NestingLimit.Finding f : limited.findings()) {
            ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(root, f.offset());
            if (leaf != null) {
                String code = f.message().equals(NestingLimit.TOO_LONG) ? IssueCodes.EXPRESSION_TOO_LONG : IssueCodes.NESTING_TOO_DEEP;
                builder.setSyntaxError(leaf, new SyntaxErrorMessage(f.message(), code));
            }
        }
        return new ParseResult(parsed.getRootASTElement(), root, true);
    }
}
