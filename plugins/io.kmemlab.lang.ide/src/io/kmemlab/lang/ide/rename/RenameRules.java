package io.kmemlab.lang.ide.rename;

import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;

import com.google.inject.Inject;
import com.google.inject.Singleton;

import io.kmemlab.lang.ide.navigation.Symbol;
import io.kmemlab.lang.ide.navigation.SymbolKind;

/** What can be renamed, and to what. */
@Singleton
public class RenameRules {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
	private static final Set<SymbolKind> RENAMABLE = Set.of(SymbolKind.MACHINE, SymbolKind.VARIABLE, SymbolKind.PROCESS,
			SymbolKind.ZONE, SymbolKind.SYMBOL);

	private final Set<String> keywords;

	@Inject
	public RenameRules(IGrammarAccess grammar) {
		this.keywords = GrammarUtil.getAllKeywords(grammar.getGrammar());
	}

	/** Names the user declared: machines, variables, processes, declared zones and symbols. */
	public boolean canRename(Symbol symbol) {
		return symbol != null && symbol.userDeclared() && RENAMABLE.contains(symbol.kind());
	}

	/** Why the new name cannot be used, or null when it can. */
	public String problemWith(String newName) {
		if (newName == null || !NAME.matcher(newName).matches()) {
			return "a name is letters, digits and _, not starting with a digit";
		}
		if (keywords.contains(newName)) {
			return "'" + newName + "' is a keyword of the language";
		}
		return null;
	}
}
