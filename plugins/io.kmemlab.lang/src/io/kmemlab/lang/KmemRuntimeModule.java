package io.kmemlab.lang;

import io.kmemlab.lang.conversion.KmemValueConverters;
import io.kmemlab.lang.linking.KmemLinkingDiagnosticMessageProvider;
import io.kmemlab.lang.parser.KmemHiddenTokenHelper;
import io.kmemlab.lang.parser.KmemNestingLimitedParser;
import io.kmemlab.lang.scoping.KmemQualifiedNameProvider;
import io.kmemlab.lang.validation.KmemCompositeEValidator;
import io.kmemlab.lang.serializer.KmemShowSequencer;
import org.eclipse.xtext.serializer.sequencer.ISyntacticSequencer;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.validation.CompositeEValidator;
import org.eclipse.xtext.parsetree.reconstr.IHiddenTokenHelper;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;
import org.eclipse.xtext.scoping.impl.ImportUriGlobalScopeProvider;

/** Guice bindings of the kmem language runtime; the generated defaults are in AbstractKmemRuntimeModule. */
public class KmemRuntimeModule extends AbstractKmemRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return KmemValueConverters.class;
    }

    /** `import "machines.kmem"` makes the machines of that file (relative path) visible. */
    @Override
    public Class<? extends IGlobalScopeProvider> bindIGlobalScopeProvider() {
        return ImportUriGlobalScopeProvider.class;
    }

    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return KmemLinkingDiagnosticMessageProvider.class;
    }

    @Override
    public Class<? extends ISyntacticSequencer> bindISyntacticSequencer() {
        return KmemShowSequencer.class;
    }

    public Class<? extends IHiddenTokenHelper> bindIHiddenTokenHelper() {
        return KmemHiddenTokenHelper.class;
    }

    /** Syntax errors in the language's words, never ANTLR token names. */
    public Class<? extends org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
        return io.kmemlab.lang.parser.KmemSyntaxErrorMessages.class;
    }

    /** Too-deep nesting is a syntax error at its line, not a StackOverflowError in the parser. */
    @Override
    public Class<? extends IParser> bindIParser() {
        return KmemNestingLimitedParser.class;
    }

    /** Only declarations have qualified names: expressions, which nest as deep as they are long, do not. */
    @Override
    public Class<? extends IQualifiedNameProvider> bindIQualifiedNameProvider() {
        return KmemQualifiedNameProvider.class;
    }

    /** A validator that fails reports an error on the element it was checking, not a log line. */
    public Class<? extends CompositeEValidator> bindCompositeEValidator() {
        return KmemCompositeEValidator.class;
    }
}
