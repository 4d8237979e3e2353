package io.kmemlab.lang.ide.highlighting;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.ITextRegion;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.navigation.KmemSymbols;
import io.kmemlab.lang.ide.text.Regions;
import io.kmemlab.lang.kmem.ConfigOption;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.types.Builtin;
import io.kmemlab.lang.types.Builtins;

/**
 * Semantic highlighting: every name resolved as the validator resolves it ({@link KmemSymbols}),
 * coloured by what it means; config option names by the clause they are in. A word in a comment
 * or an unknown name gets nothing.
 */
public class KmemSemanticHighlighter implements ISemanticHighlightingCalculator {

	private final KmemSymbols symbols;

	@Inject
	public KmemSemanticHighlighter(KmemSymbols symbols) {
		this.symbols = symbols;
	}

	@Override
	public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
			CancelIndicator cancel) {
		if (resource == null || resource.getContents().isEmpty()) {
			return;
		}
		for (KmemSymbols.Site site : symbols.sites(resource)) {
			if (cancel.isCanceled()) {
				return;
			}
			KmemStyle style = switch (site.symbol().kind()) {
			case VARIABLE -> KmemStyle.VARIABLE;
			case MACHINE -> KmemStyle.MACHINE;
			case ZONE -> KmemStyle.ZONE;
			case PROCESS -> KmemStyle.PROCESS;
			case SYMBOL -> KmemStyle.SYMBOL;
			case CONSTANT -> KmemStyle.CONSTANT;
			case FUNCTION -> functionStyle(site.symbol().name());
			case IMPORT -> null;
			};
			if (style != null) {
				acceptor.addPosition(site.offset(), site.length(), style.id());
			}
		}
		TreeIterator<EObject> contents = resource.getAllContents();
		while (contents.hasNext()) {
			if (contents.next() instanceof ConfigOption option) {
				ITextRegion name = Regions.of(option, KmemPackage.Literals.CONFIG_OPTION__NAME);
				if (name != null) {
					acceptor.addPosition(name.getOffset(), name.getLength(), KmemStyle.CONFIG_OPTION.id());
				}
			}
		}
	}

	private static KmemStyle functionStyle(String name) {
		Builtin function = Builtins.function(name);
		return function == null ? null : KmemStyle.of(function);
	}
}
