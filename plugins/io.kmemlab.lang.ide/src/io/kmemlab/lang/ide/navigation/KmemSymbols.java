package io.kmemlab.lang.ide.navigation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.util.ITextRegion;

import io.kmemlab.lang.ide.text.Regions;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.Identify;
import io.kmemlab.lang.kmem.Import;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.kmem.KthreadBlock;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.ProcessBlock;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.SymbolClause;
import io.kmemlab.lang.kmem.Walk;
import io.kmemlab.lang.kmem.ZoneDecl;
import io.kmemlab.lang.scoping.NameResolver;
import io.kmemlab.lang.types.Builtins;

/**
 * Which symbol every name of a file stands for: the base of hyperlinks, mark occurrences, find
 * references and rename. Names are resolved as the validator resolves them
 * ({@link NameResolver} for bare names, Xtext linking for machines), so a word in a comment or
 * a variable that merely shares a name with another is never taken for it.
 */
public class KmemSymbols {

	/** A name written in the text and what it means. */
	public record Site(Symbol symbol, int offset, int length, boolean declaration) {
	}

	/** Every name of the resource that stands for a symbol, in text order. */
	public List<Site> sites(Resource resource) {
		List<Site> sites = new ArrayList<>();
		TreeIterator<EObject> contents = resource.getAllContents();
		while (contents.hasNext()) {
			EObject o = contents.next();
			collect(o, sites);
		}
		sites.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
		return sites;
	}

	/** The symbol whose name the offset is in, or just after (the caret at the end of a word). */
	public Optional<SymbolAt> symbolAt(Resource resource, int offset) {
		Site after = null;
		for (Site site : sites(resource)) {
			if (offset >= site.offset() && offset < site.offset() + site.length()) {
				return Optional.of(new SymbolAt(site.symbol(), site.offset(), site.length()));
			}
			if (site.offset() + site.length() == offset) {
				after = site;
			}
		}
		return Optional.ofNullable(after).map(s -> new SymbolAt(s.symbol(), s.offset(), s.length()));
	}

	/** The site at the offset (as {@link #symbolAt}), telling whether it is the declaration. */
	public Optional<Site> siteAt(Resource resource, int offset) {
		Site after = null;
		for (Site site : sites(resource)) {
			if (offset >= site.offset() && offset < site.offset() + site.length()) {
				return Optional.of(site);
			}
			if (site.offset() + site.length() == offset) {
				after = site;
			}
		}
		return Optional.ofNullable(after);
	}

	/** Where the symbol is written in the resource, its declaration included. */
	public List<Occurrence> occurrences(Resource resource, Symbol symbol) {
		URI uri = resource.getURI();
		return sites(resource).stream().filter(s -> s.symbol().equals(symbol))
				.map(s -> new Occurrence(uri, s.offset(), s.length(), s.declaration())).toList();
	}

	/** Where the symbol is declared (loading the declaring file into the resource set if needed). */
	public Optional<Occurrence> declaration(ResourceSet resourceSet, Symbol symbol) {
		if (symbol.declaration() == null) {
			return Optional.empty();
		}
		if (symbol.kind() == SymbolKind.IMPORT) {
			return Optional.of(new Occurrence(symbol.declaration(), 0, 0, true));
		}
		EObject declaring;
		try {
			declaring = resourceSet.getEObject(symbol.declaration(), true);
		} catch (RuntimeException e) {
			return Optional.empty(); // the file is gone or unreadable
		}
		if (declaring == null) {
			return Optional.empty();
		}
		ITextRegion name = Regions.of(declaring, nameFeature(declaring));
		if (name == null) {
			return Optional.empty();
		}
		return Optional.of(new Occurrence(declaring.eResource().getURI(), name.getOffset(), name.getLength(), true));
	}

	private void collect(EObject o, List<Site> sites) {
		if (o instanceof Import imp && imp.getImportURI() != null) {
			URI imported = URI.createURI(imp.getImportURI()).resolve(o.eResource().getURI());
			add(sites, new Symbol(SymbolKind.IMPORT, imp.getImportURI(), null, imported), o, KmemPackage.Literals.IMPORT__IMPORT_URI, false);
		} else if (o instanceof Machine m) {
			add(sites, declared(SymbolKind.MACHINE, m.getName(), m, m), m, KmemPackage.Literals.TOP_LEVEL__NAME, true);
		} else if (o instanceof Scenario s) {
			Machine m = s.getMachine();
			if (m != null && !m.eIsProxy()) {
				add(sites, declared(SymbolKind.MACHINE, m.getName(), m, m), s, KmemPackage.Literals.SCENARIO__MACHINE, false);
			}
		} else if (o instanceof Let let) {
			add(sites, declared(SymbolKind.VARIABLE, let.getName(), let, let), let, KmemPackage.Literals.LET__NAME, true);
		} else if (o instanceof For f) {
			add(sites, declared(SymbolKind.VARIABLE, f.getName(), f, f), f, KmemPackage.Literals.FOR__NAME, true);
		} else if (o instanceof ProcessBlock p) {
			Scenario s = EcoreUtil2.getContainerOfType(p, Scenario.class);
			add(sites, new Symbol(SymbolKind.PROCESS, p.getName(), uriOf(s), processDeclaration(s, p.getName())), p,
					KmemPackage.Literals.PROCESS_BLOCK__NAME, true);
		} else if (o instanceof KthreadBlock k) {
			add(sites, declared(SymbolKind.PROCESS, k.getName(), k, k), k, KmemPackage.Literals.KTHREAD_BLOCK__NAME, true);
		} else if (o instanceof ZoneDecl z) {
			Machine m = EcoreUtil2.getContainerOfType(z, Machine.class);
			add(sites, new Symbol(SymbolKind.ZONE, z.getName(), uriOf(m), uriOf(z)), z, KmemPackage.Literals.ZONE_DECL__NAME, true);
		} else if (o instanceof SymbolClause c) {
			Machine m = EcoreUtil2.getContainerOfType(c, Machine.class);
			add(sites, new Symbol(SymbolKind.SYMBOL, c.getName(), uriOf(m), uriOf(c)), c, KmemPackage.Literals.SYMBOL_CLAUSE__NAME, true);
		} else if (o instanceof NameRef ref && ref.getName() != null) {
			Symbol symbol = symbolOf(ref);
			if (symbol != null) {
				add(sites, symbol, ref, KmemPackage.Literals.NAME_REF__NAME, false);
			}
		} else if (o instanceof Walk w && w.getProcess() != null) {
			Scenario s = EcoreUtil2.getContainerOfType(w, Scenario.class);
			URI declaration = processDeclaration(s, w.getProcess());
			if (declaration != null) {
				add(sites, new Symbol(SymbolKind.PROCESS, w.getProcess(), uriOf(s), declaration), w, KmemPackage.Literals.WALK__PROCESS, false);
			}
		} else if (o instanceof Identify id && id.getProcess() != null) {
			Scenario s = EcoreUtil2.getContainerOfType(id, Scenario.class);
			URI declaration = processDeclaration(s, id.getProcess());
			if (declaration != null) {
				add(sites, new Symbol(SymbolKind.PROCESS, id.getProcess(), uriOf(s), declaration), id, KmemPackage.Literals.IDENTIFY__PROCESS, false);
			}
		} else if (o instanceof Call c && c.getFunction() != null && Builtins.function(c.getFunction()) != null) {
			add(sites, new Symbol(SymbolKind.FUNCTION, c.getFunction(), null, null), c, KmemPackage.Literals.CALL__FUNCTION, false);
		}
	}

	/** What a bare name means, as the validator resolves it; null when it is unknown. */
	private static Symbol symbolOf(NameRef ref) {
		NameResolver.Resolution r = NameResolver.resolve(ref);
		String name = ref.getName();
		if (r.variable() != null) {
			return declared(SymbolKind.VARIABLE, name, r.variable(), r.variable());
		}
		if (r.constant() != null) {
			return new Symbol(SymbolKind.CONSTANT, name, null, null);
		}
		Machine machine = NameResolver.machineOf(ref);
		if (r.zone() != null) {
			return new Symbol(SymbolKind.ZONE, name, uriOf(machine), zoneDeclaration(machine, name));
		}
		if (r.symbol() != null) {
			return new Symbol(SymbolKind.SYMBOL, name, uriOf(machine), symbolDeclaration(machine, name));
		}
		if (r.process() != null) {
			Scenario s = EcoreUtil2.getContainerOfType(ref, Scenario.class);
			return new Symbol(SymbolKind.PROCESS, name, uriOf(s), processDeclaration(s, name));
		}
		return null;
	}

	private static Symbol declared(SymbolKind kind, String name, EObject scope, EObject declaration) {
		return new Symbol(kind, name, uriOf(scope), uriOf(declaration));
	}

	private static URI zoneDeclaration(Machine machine, String name) {
		if (machine == null || machine.eIsProxy()) {
			return null;
		}
		for (ZoneDecl z : EcoreUtil2.getAllContentsOfType(machine, ZoneDecl.class)) {
			if (name.equals(z.getName())) {
				return uriOf(z);
			}
		}
		return null; // a default zone of the arch
	}

	private static URI symbolDeclaration(Machine machine, String name) {
		if (machine == null || machine.eIsProxy()) {
			return null;
		}
		for (SymbolClause c : EcoreUtil2.getAllContentsOfType(machine, SymbolClause.class)) {
			if (name.equals(c.getName())) {
				return uriOf(c);
			}
		}
		return null;
	}

	/** The first process block of that name in the scenario: what `show vmas NAME` and `walk ... in NAME` mean. */
	private static URI processDeclaration(Scenario scenario, String name) {
		if (scenario == null || name == null) {
			return null;
		}
		for (ProcessBlock p : EcoreUtil2.getAllContentsOfType(scenario, ProcessBlock.class)) {
			if (name.equals(p.getName())) {
				return uriOf(p);
			}
		}
		return null;
	}

	private static URI uriOf(EObject o) {
		return o == null || o.eIsProxy() || o.eResource() == null ? null : EcoreUtil.getURI(o);
	}

	private static void add(List<Site> sites, Symbol symbol, EObject owner, EStructuralFeature feature, boolean declaration) {
		if (symbol.name() == null) {
			return;
		}
		ITextRegion region = Regions.of(owner, feature);
		if (region != null) {
			sites.add(new Site(symbol, region.getOffset(), region.getLength(), declaration));
		}
	}

	/** The feature holding the name of a declaring object. */
	static EStructuralFeature nameFeature(EObject declaring) {
		if (declaring instanceof Let) {
			return KmemPackage.Literals.LET__NAME;
		} else if (declaring instanceof For) {
			return KmemPackage.Literals.FOR__NAME;
		} else if (declaring instanceof ProcessBlock) {
			return KmemPackage.Literals.PROCESS_BLOCK__NAME;
		} else if (declaring instanceof KthreadBlock) {
			return KmemPackage.Literals.KTHREAD_BLOCK__NAME;
		} else if (declaring instanceof ZoneDecl) {
			return KmemPackage.Literals.ZONE_DECL__NAME;
		} else if (declaring instanceof SymbolClause) {
			return KmemPackage.Literals.SYMBOL_CLAUSE__NAME;
		}
		return KmemPackage.Literals.TOP_LEVEL__NAME; // machines and scenarios
	}
}
