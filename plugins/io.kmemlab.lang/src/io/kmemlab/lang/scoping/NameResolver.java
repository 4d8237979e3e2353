package io.kmemlab.lang.scoping;

import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expect;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;

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
        EObject child = ref;
        for (EObject parent = ref.eContainer(); parent != null; child = parent, parent = parent.eContainer()) {
            if (parent instanceof For f && f.getBody() == child && name.equals(f.getName())) {
                return f;
            }
            if (parent instanceof Block block) {
                int index = block.getStatements().indexOf(child);
                for (int i = index - 1; i >= 0; i--) {
                    Let let = declaredLet(block.getStatements().get(i));
                    if (let != null && name.equals(let.getName())) {
                        return let;
                    }
                }
            }
        }
        return null;
    }

    /** The variables visible at ref, innermost first: the "did you mean" candidates. */
    public static List<String> visibleVariables(EObject ref) {
        Set<String> names = new LinkedHashSet<>();
        EObject child = ref;
        for (EObject parent = ref.eContainer(); parent != null; child = parent, parent = parent.eContainer()) {
            if (parent instanceof For f && f.getBody() == child && f.getName() != null) {
                names.add(f.getName());
            }
            if (parent instanceof Block block) {
                int index = block.getStatements().indexOf(child);
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
        EObject child = ref;
        for (EObject parent = ref.eContainer(); parent != null; child = parent, parent = parent.eContainer()) {
            if (parent instanceof Block block) {
                int index = block.getStatements().indexOf(child);
                for (int i = Math.max(index, 0); i < block.getStatements().size(); i++) {
                    Let let = declaredLet(block.getStatements().get(i));
                    if (let != null && ref.getName().equals(let.getName())) {
                        return let;
                    }
                }
            }
        }
        return null;
    }

    public static Machine machineOf(EObject o) {
        Scenario s = EcoreUtil2.getContainerOfType(o, Scenario.class);
        return s == null ? null : s.getMachine();
    }

    public static boolean isSymbolArgument(NameRef ref) {
        return ref.eContainer() instanceof Call call && "symbol".equals(call.getFunction())
                && call.getArguments().indexOf(ref) == 0;
    }

    public static boolean isProcessArgument(NameRef ref) {
        return ref.eContainer() instanceof Show show && "vmas".equals(show.getKind()) && show.getArgument() == ref;
    }

    /** The names of the process blocks of the scenario around o. */
    public static Set<String> processNames(EObject o) {
        Set<String> names = new LinkedHashSet<>();
        Scenario s = EcoreUtil2.getContainerOfType(o, Scenario.class);
        if (s != null) {
            for (ProcessBlock p : EcoreUtil2.getAllContentsOfType(s, ProcessBlock.class)) {
                names.add(p.getName());
            }
        }
        return names;
    }
}
