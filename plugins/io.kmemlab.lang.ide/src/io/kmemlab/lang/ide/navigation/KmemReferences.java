package io.kmemlab.lang.ide.navigation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.text.TextParser;

/**
 * Where a symbol is written in a set of files: for find references and rename. The files are
 * parsed into one resource set, so an import of an open file sees its unsaved text and machines
 * are matched across files by their URIs. Names local to a file (variables, processes) are only
 * looked for in their own file.
 */
public class KmemReferences {

	private final TextParser parser;
	private final KmemSymbols symbols;

	@Inject
	public KmemReferences(TextParser parser, KmemSymbols symbols) {
		this.parser = parser;
		this.symbols = symbols;
	}

	/** The texts of the files to search, by URI; the file the symbol was picked in comes first. */
	public record Files(URI origin, Map<URI, String> texts) {
	}

	/** The symbol at the offset of the origin file and every place it is written in the files. */
	public record Result(SymbolAt symbol, List<Occurrence> occurrences) {
	}

	public Result find(Files files, int offset) {
		XtextResourceSet resourceSet = parser.newResourceSet();
		XtextResource origin = parser.parse(files.texts().get(files.origin()), files.origin(), resourceSet);
		for (Map.Entry<URI, String> file : files.texts().entrySet()) {
			if (!file.getKey().equals(files.origin())) {
				parser.parse(file.getValue(), file.getKey(), resourceSet);
			}
		}
		SymbolAt at = symbols.symbolAt(origin, offset).orElse(null);
		if (at == null) {
			return new Result(null, List.of());
		}
		List<Occurrence> occurrences = new ArrayList<>(symbols.occurrences(origin, at.symbol()));
		if (crossesFiles(at.symbol())) {
			for (Resource resource : List.copyOf(resourceSet.getResources())) {
				if (resource != origin && files.texts().containsKey(resource.getURI())) {
					occurrences.addAll(symbols.occurrences(resource, at.symbol()));
				}
			}
		}
		return new Result(at, occurrences);
	}

	/** Machines are used by other files (through imports); kernel names are everywhere. */
	private static boolean crossesFiles(Symbol symbol) {
		return symbol.kind() == SymbolKind.MACHINE || symbol.kind() == SymbolKind.FUNCTION
				|| symbol.kind() == SymbolKind.CONSTANT || symbol.kind() == SymbolKind.ZONE
				|| symbol.kind() == SymbolKind.SYMBOL;
	}
}
