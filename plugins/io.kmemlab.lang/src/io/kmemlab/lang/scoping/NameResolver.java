package io.kmemlab.lang.scoping;

import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.ProcessBlock;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.Show;
import io.kmemlab.lang.kmem.Statement;
import io.kmemlab.lang.machine.MachineFacts;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Constant;
import io.kmemlab.lang.types.Kind;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.util.OnChangeEvictingCache;

/**
 * What a bare name in an expression means. Names are plain strings in the model (a name can
 * be a variable, a built-in constant, a zone, a symbol or a process, and built-ins are not
 * EObjects), so this class is the single place that resolves them, for the validator, the
 * kind inference, the editor and the interpreter.
 *
 * Rules: a `let` is visible from the statement after it to the end of its block (nested
 * blocks included); a `for` variable inside its body; then the constants of the built-in
 * table; then the zones of the scenario's machine; symbol names only as the argument of
 * symbol(); process names only as the argument of `show vmas`.
 */
public final class NameResolver {

    /** What a name resolved to. Exactly one of the fields is set, unless {@link #unknown()}. */
    public record Resolution(EObject variable, Constant constant, String zone, String symbol, String process) {

        public boolean unknown() {
            return variable == null && constant == null && zone == null && symbol == null && process == null;
        }

        static final Resolution UNKNOWN = new Resolution(null, null, null, null, null);
    }

    private NameResolver() {
    }

    public static Resolution resolve(NameRef ref) {
        String name = ref.getName();
        if (name == null) {
            return Resolution.UNKNOWN;
        }
        if (isSymbolArgument(ref)) {
            MachineFacts facts = MachineFacts.of(machineOf(ref));
            return !facts.known() || facts.symbolNames().contains(name)
                    ? new Resolution(null, null, null, name, null) : Resolution.UNKNOWN;
        }
        if (isProcessArgument(ref)) {
            return processNames(ref).contains(name) ? new Resolution(null, null, null, null, name) : Resolution.UNKNOWN;
        }
        EObject variable = findVariable(ref, name);
        if (variable != null) {
            return new Resolution(variable, null, null, null, null);
        }
        Constant constant = Builtins.constant(name);
        if (constant != null) {
            return new Resolution(null, constant, null, null, null);
        }
        if (MachineFacts.of(machineOf(ref)).zoneNames().contains(name)) {
            return new Resolution(null, null, name, null, null);
        }
        return Resolution.UNKNOWN;
    }

    /** The kind of a name that is not a variable (variables are typed by their value). */
    public static Kind kindOf(Resolution r) {
        if (r.constant() != null) {
            return r.constant().kind();
        } else if (r.zone() != null) {
            return Kind.ZONE;
        } else if (r.symbol() != null) {
            return Kind.SYMBOL;
        } else if (r.process() != null) {
            return Kind.PROCESS;
        }
        return Kind.UNKNOWN;
    }

    /** The `let` or `for` that declares the name visible at ref, or null. */
    public static EObject findVariable(EObject ref, String name) {
        if (!variableNames(ref).contains(name)) {
            return null; // GFP_KERNEL, PAGE_SHIFT, zones...: no let or for of that name anywhere in the file
        }
        EObject child = outermostExpression(ref);
        for (EObject parent = child.eContainer(); parent != null; child = parent, parent = parent.eContainer()) {
            if (parent instanceof For f && f.getBody() == child && name.equals(f.getName())) {
                return f;
            }
            if (parent instanceof Block block) {
                BlockIndex index = BlockIndex.of(block);
                Let let = index.lastBefore(name, index.position(child));
                if (let != null) {
                    return let;
                }
            }
        }
        return null;
    }

    /** The variables visible at ref, innermost first: the "did you mean" candidates. */
    public static List<String> visibleVariables(EObject ref) {
        Set<String> names = new LinkedHashSet<>();
        EObject child = outermostExpression(ref);
        for (EObject parent = child.eContainer(); parent != null; child = parent, parent = parent.eContainer()) {
            if (parent instanceof For f && f.getBody() == child && f.getName() != null) {
                names.add(f.getName());
            }
            if (parent instanceof Block block) {
                int index = BlockIndex.of(block).position(child);
                for (int i = index - 1; i >= 0; i--) {
                    Let let = declaredLet(block.getStatements().get(i));
                    if (let != null && let.getName() != null) {
                        names.add(let.getName());
                    }
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** A let declares its name; so does `expect warn let x = ...`. */
    private static Let declaredLet(Statement s) {
        if (s instanceof Let let) {
            return let;
        }
        if (s instanceof Expect e && e.getStatement() != null) {
            return declaredLet(e.getStatement());
        }
        return null;
    }

    /** A `let` of the same name later in an enclosing block: for "declared later" messages. */
    public static Let laterLet(NameRef ref) {
        EObject child = outermostExpression(ref);
        for (EObject parent = child.eContainer(); parent != null; child = parent, parent = parent.eContainer()) {
            if (parent instanceof Block block) {
                BlockIndex index = BlockIndex.of(block);
                Let let = index.firstFrom(ref.getName(), Math.max(index.position(child), 0));
                if (let != null) {
                    return let;
                }
            }
        }
        return null;
    }

    /*
     * Lookups are linear in the file, not quadratic: each block's lets are indexed by name with
     * their positions once, and the names of all lets and for variables of the file are
     * collected once, both cached on the resource and dropped by any change to it (Xtext's
     * OnChangeEvictingCache, the cache XtextResource uses; proxy resolution does not evict it).
     * Objects outside a resource are indexed afresh on each call.
     */
    private static final OnChangeEvictingCache CACHE = new OnChangeEvictingCache();

    private record BlockKey(Block block) {
    }

    private static final Object VARIABLE_NAMES = new Object() {
        @Override
        public String toString() {
            return "NameResolver.variableNames";
        }
    };

    /** The names declared by any let or for in the file of o. */
    private static Set<String> variableNames(EObject o) {
        Resource resource = outermostExpression(o).eResource();
        if (resource == null) {
            return collectVariableNames(EcoreUtil.getRootContainer(o).eAllContents());
        }
        return CACHE.get(VARIABLE_NAMES, resource, () -> collectVariableNames(resource.getAllContents()));
    }

    private static Set<String> collectVariableNames(TreeIterator<EObject> contents) {
        Set<String> names = new HashSet<>();
        while (contents.hasNext()) {
            EObject o = contents.next();
            if (o instanceof Let let && let.getName() != null) {
                names.add(let.getName());
            } else if (o instanceof For f && f.getName() != null) {
                names.add(f.getName());
            }
        }
        return names;
    }

    /** A block's statements by position, and its lets by name in statement order. */
    private static final class BlockIndex {
        private final Map<EObject, Integer> positions = new IdentityHashMap<>();
        private final Map<String, int[]> letPositions = new HashMap<>();
        private final Map<String, Let[]> lets = new HashMap<>();

        static BlockIndex of(Block block) {
            Resource resource = block.eResource();
            return resource == null ? new BlockIndex(block) : CACHE.get(new BlockKey(block), resource, () -> new BlockIndex(block));
        }

        private BlockIndex(Block block) {
            Map<String, List<Integer>> at = new HashMap<>();
            Map<String, List<Let>> byName = new HashMap<>();
            List<Statement> statements = block.getStatements();
            for (int i = 0; i < statements.size(); i++) {
                positions.put(statements.get(i), i);
                Let let = declaredLet(statements.get(i));
                if (let != null && let.getName() != null) {
                    at.computeIfAbsent(let.getName(), k -> new ArrayList<>()).add(i);
                    byName.computeIfAbsent(let.getName(), k -> new ArrayList<>()).add(let);
                }
            }
            at.forEach((name, list) -> letPositions.put(name, list.stream().mapToInt(Integer::intValue).toArray()));
            byName.forEach((name, list) -> lets.put(name, list.toArray(new Let[0])));
        }

        /** The position of a statement of the block, -1 for anything else. */
        int position(EObject statement) {
            Integer i = positions.get(statement);
            return i == null ? -1 : i;
        }

        /** The last let of the name at a position before end, or null. */
        Let lastBefore(String name, int end) {
            int[] at = letPositions.get(name);
            if (at == null) {
                return null;
            }
            int i = firstAtOrAfter(at, end) - 1;
            return i >= 0 ? lets.get(name)[i] : null;
        }

        /** The first let of the name at a position from start on, or null. */
        Let firstFrom(String name, int start) {
            int[] at = letPositions.get(name);
            if (at == null) {
                return null;
            }
            int i = firstAtOrAfter(at, start);
            return i < at.length ? lets.get(name)[i] : null;
        }

        /** The index of the first element of the sorted array that is >= value (its length if none). */
        private static int firstAtOrAfter(int[] sorted, int value) {
            int i = Arrays.binarySearch(sorted, value);
            return i >= 0 ? i : -i - 1;
        }
    }

    /*
     * A chain a + b + c ... is as deep as it is long: walking from each of its names (or calls)
     * up to the statement would make resolving all of them quadratic in the chain's length
     * (and so would eResource(), which walks up the same way). The way from an expression to
     * the outermost expression around it is remembered and shared along the chain, so each
     * node is climbed once. Weakly: models come and go with every edit in an editor.
     */
    private static final Map<EObject, WeakReference<EObject>> OUTERMOST = Collections.synchronizedMap(new WeakHashMap<>());

    /** The outermost expression around o, whose container is a statement or clause; o itself when o is no sub-expression. */
    public static EObject outermostExpression(EObject o) {
        if (!(o.eContainer() instanceof Expression)) {
            return o;
        }
        List<EObject> climbed = new ArrayList<>();
        EObject top = o;
        while (top.eContainer() instanceof Expression parent) {
            EObject known = remembered(top);
            if (known != null) {
                top = known;
                break;
            }
            climbed.add(top);
            top = parent;
        }
        WeakReference<EObject> found = new WeakReference<>(top);
        for (EObject c : climbed) {
            OUTERMOST.put(c, found);
        }
        return top;
    }

    /** The outermost expression remembered for o, if it still is one (a model edited in place is climbed again). */
    private static EObject remembered(EObject o) {
        WeakReference<EObject> ref = OUTERMOST.get(o);
        EObject top = ref == null ? null : ref.get();
        return top != null && !(top.eContainer() instanceof Expression) ? top : null;
    }

    public static Machine machineOf(EObject o) {
        Scenario s = EcoreUtil2.getContainerOfType(outermostExpression(o), Scenario.class);
        return s == null ? null : s.getMachine();
    }

    public static boolean isSymbolArgument(NameRef ref) {
        return ref.eContainer() instanceof Call call && "symbol".equals(call.getFunction())
                && call.getArguments().indexOf(ref) == 0;
    }

    public static boolean isProcessArgument(NameRef ref) {
        return ref.eContainer() instanceof Show show && ("vmas".equals(show.getKind()) || "pagetables".equals(show.getKind())) && show.getArgument() == ref;
    }

    /** The names of the process blocks of the scenario around o. */
    public static Set<String> processNames(EObject o) {
        Set<String> names = new LinkedHashSet<>();
        Scenario s = EcoreUtil2.getContainerOfType(outermostExpression(o), Scenario.class);
        if (s != null) {
            for (ProcessBlock p : EcoreUtil2.getAllContentsOfType(s, ProcessBlock.class)) {
                names.add(p.getName());
            }
        }
        return names;
    }
}
