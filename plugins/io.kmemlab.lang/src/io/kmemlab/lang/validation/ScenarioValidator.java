package io.kmemlab.lang.validation;

import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.ExpressionStatement;
import io.kmemlab.lang.kmem.FieldAccess;
import io.kmemlab.lang.kmem.Identify;
import io.kmemlab.lang.kmem.Index;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.kmem.KthreadBlock;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.Print;
import io.kmemlab.lang.kmem.ProcessBlock;
import io.kmemlab.lang.kmem.Show;
import io.kmemlab.lang.kmem.SizeOf;
import io.kmemlab.lang.kmem.Statement;
import io.kmemlab.lang.kmem.UnaryOp;
import io.kmemlab.lang.kmem.Walk;
import io.kmemlab.lang.machine.ConstantEvaluator;
import io.kmemlab.lang.machine.MachineFacts;
import io.kmemlab.lang.scoping.NameResolver;
import io.kmemlab.lang.scoping.Suggestions;
import io.kmemlab.lang.types.Builtin;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Effect;
import io.kmemlab.lang.types.Kind;
import io.kmemlab.lang.types.KindInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/**
 * Checks the statements and names of scenarios: unknown names with "did you mean", fields,
 * `*` and `[]` on the kinds that have them, `expect oops|warn|sigsegv`, process names,
 * `show` arguments and task nesting. Calls are checked by {@link CallValidator}.
 */
public class ScenarioValidator extends AbstractDeclarativeValidator {

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into KmemValidator; not registered on its own
    }

    @Check
    public void checkName(NameRef ref) {
        if (ref.getName() == null || !NameResolver.resolve(ref).unknown()) {
            return;
        }
        String name = ref.getName();
        if (NameResolver.isSymbolArgument(ref)) {
            List<String> symbols = MachineFacts.of(NameResolver.machineOf(ref)).symbolNames();
            error("unknown symbol '" + name + "': the machine declares " + (symbols.isEmpty() ? "no symbols"
                    : String.join(", ", symbols)) + " (`symbol NAME in data size N`)" + Suggestions.didYouMean(name, symbols),
                    ref, KmemPackage.Literals.NAME_REF__NAME, IssueCodes.UNKNOWN_NAME, FixData.closest(name, symbols));
            return;
        }
        if (NameResolver.isProcessArgument(ref)) {
            unknownProcess(name, ref, KmemPackage.Literals.NAME_REF__NAME);
            return;
        }
        Let later = NameResolver.laterLet(ref);
        if (later != null) {
            error("unknown name '" + name + "': its let is on line " + line(later) + ", after this use; move the let up",
                    ref, KmemPackage.Literals.NAME_REF__NAME, IssueCodes.USED_BEFORE_LET);
            return;
        }
        List<String> candidates = new ArrayList<>(NameResolver.visibleVariables(ref));
        candidates.addAll(MachineFacts.of(NameResolver.machineOf(ref)).zoneNames());
        candidates.addAll(Builtins.allNames());
        String hint = Suggestions.didYouMean(name, candidates);
        if (hint.isEmpty() && Builtins.function(name) != null) {
            hint = "; " + name + " is a function: " + Builtins.function(name).signature();
        }
        error("unknown name '" + name + "'" + hint, ref, KmemPackage.Literals.NAME_REF__NAME, IssueCodes.UNKNOWN_NAME,
                FixData.closest(name, candidates));
    }

    private void unknownProcess(String name, EObject o, org.eclipse.emf.ecore.EStructuralFeature feature) {
        var processes = NameResolver.processNames(o);
        error("unknown process '" + name + "': " + (processes.isEmpty() ? "this scenario has no process blocks"
                : "processes of this scenario: " + String.join(", ", processes)) + Suggestions.didYouMean(name, processes),
                o, feature, IssueCodes.UNKNOWN_PROCESS, FixData.closest(name, processes));
    }

    @Check
    public void checkWalk(Walk walk) {
        if (walk.getProcess() != null && !NameResolver.processNames(walk).contains(walk.getProcess())) {
            unknownProcess(walk.getProcess(), walk, KmemPackage.Literals.WALK__PROCESS);
        }
        Kind k = KindInference.kindOf(walk.getAddress());
        // A struct page * is fine: as in C it is the virtual address of the descriptor.
        if (k == Kind.PFN || k == Kind.PHYS_ADDR) {
            String fix = k == Kind.PFN ? "page_address(pfn_to_page(...))" : "__va(...)";
            error("walk takes a virtual address, not a " + k.cName() + ": page tables translate virtual addresses;"
                    + " use walk " + FixData.applied(fix, walk.getAddress()), walk, KmemPackage.Literals.WALK__ADDRESS, IssueCodes.WRONG_KIND,
                    FixData.applied(fix, walk.getAddress()));
        }
    }

    /** sizeof(struct NAME): the structs whose size the emulator knows, with the version each appeared in. */
    public static final Map<String, String> SIZEOF_STRUCTS = Map.of("page", "1.0", "folio", "5.16", "slab", "5.17", "ptdesc", "6.6");

    @Check
    public void checkSizeOf(SizeOf sizeOf) {
        String type = sizeOf.getType();
        if (type == null) {
            return;
        }
        String since = SIZEOF_STRUCTS.get(type);
        if (since == null) {
            error("sizeof(struct " + type + "): kmemlab knows the sizes of struct " + String.join(", struct ",
                    new TreeSet<>(SIZEOF_STRUCTS.keySet())) + Suggestions.didYouMean(type, SIZEOF_STRUCTS.keySet()), sizeOf,
                    KmemPackage.Literals.SIZE_OF__TYPE, IssueCodes.UNKNOWN_NAME);
            return;
        }
        MachineFacts machine = MachineFacts.of(NameResolver.machineOf(sizeOf));
        if (MachineFacts.compareVersions(machine.kernelVersion(), since) < 0) {
            error("struct " + type + " is not in kernel " + machine.kernelVersion() + " (it appeared in " + since + ")", sizeOf,
                    KmemPackage.Literals.SIZE_OF__TYPE, IssueCodes.UNKNOWN_NAME);
        }
    }

    @Check
    public void checkIdentify(Identify identify) {
        if (identify.getProcess() != null && !NameResolver.processNames(identify).contains(identify.getProcess())) {
            unknownProcess(identify.getProcess(), identify, KmemPackage.Literals.IDENTIFY__PROCESS);
        }
    }

    @Check
    public void checkField(FieldAccess access) {
        Kind target = KindInference.kindOf(access.getTarget());
        if (target == Kind.UNKNOWN || access.getField() == null) {
            return;
        }
        Map<String, Kind> fields = KindInference.FIELDS.get(target);
        if (fields == null) {
            error(target.cName() + " has no fields: -> works on struct page *, struct slab *, struct zone *, current"
                    + " and mm pointers", access, KmemPackage.Literals.FIELD_ACCESS__FIELD, IssueCodes.UNKNOWN_FIELD);
        } else if (!fields.containsKey(access.getField())) {
            String struct = target.cName().replace(" *", "");
            error(struct + " has no field '" + access.getField() + "'" + Suggestions.didYouMean(access.getField(),
                    fields.keySet()) + " (fields: " + String.join(" ", new TreeSet<>(fields.keySet())) + ")", access,
                    KmemPackage.Literals.FIELD_ACCESS__FIELD, IssueCodes.UNKNOWN_FIELD,
                    FixData.closest(access.getField(), fields.keySet()));
        }
    }

    @Check
    public void checkIndex(Index index) {
        Kind target = KindInference.kindOf(index.getTarget());
        if (target != Kind.LIST && target != Kind.UNKNOWN) {
            error("[] indexes the page lists of get_user_pages() and pin_user_pages(); this is a " + target.cName()
                    + (target == Kind.PAGE ? " (for the next descriptors write " + sourceText(index.getTarget()) + " + "
                            + (index.getIndex() == null ? "i" : sourceText(index.getIndex())) + ")" : ""), index,
                    KmemPackage.Literals.INDEX__TARGET, IssueCodes.NOT_A_LIST);
        }
    }

    @Check
    public void checkDereference(UnaryOp op) {
        if (!"*".equals(op.getOp())) {
            return;
        }
        Kind k = KindInference.kindOf(op.getOperand());
        if (k != Kind.UNKNOWN && k.pointee() == null) {
            String operand = sourceText(op.getOperand());
            String hint = k == Kind.PAGE ? "; read memory with read8/16/32/64(page_address(" + operand + "))"
                    : k == Kind.VIRT_ADDR ? "; read memory with read8/16/32/64(" + operand + ")" : "";
            error("unary * reads the entry a page-table pointer (pgd_t * ... pte_t *) points to; this is a "
                    + k.cName() + hint, op, KmemPackage.Literals.UNARY_OP__OPERAND, IssueCodes.NOT_AN_ENTRY_POINTER);
        }
    }

    @Check
    public void checkLet(Let let) {
        if (let.getValue() != null && KindInference.kindOf(let.getValue()) == Kind.VOID) {
            error(describe(let.getValue()) + " returns nothing (void) to keep in '" + let.getName()
                    + "'; call it on its own", let, KmemPackage.Literals.LET__VALUE, IssueCodes.NO_VALUE);
        }
    }

    @Check
    public void checkPrint(Print print) {
        if (print.getValue() != null && KindInference.kindOf(print.getValue()) == Kind.VOID) {
            error(describe(print.getValue()) + " returns nothing (void) to print", print,
                    KmemPackage.Literals.PRINT__VALUE, IssueCodes.NO_VALUE);
        }
    }

    @Check
    public void checkExpect(Expect expect) {
        if (expect.getCondition() != null) {
            if (KindInference.kindOf(expect.getCondition()) == Kind.VOID) {
                error(describe(expect.getCondition()) + " returns nothing (void): expect needs a condition, or"
                        + " `expect oops|warn STATEMENT`", expect, KmemPackage.Literals.EXPECT__CONDITION, IssueCodes.NO_VALUE);
            }
            return;
        }
        Effect effect = Effect.ofKeyword(expect.getKind());
        Statement statement = expect.getStatement();
        if (effect == null || statement == null) {
            return;
        }
        if (effect == Effect.SIGSEGV && EcoreUtil2.getContainerOfType(expect, ProcessBlock.class) == null) {
            error("expect sigsegv is for user-mode accesses, inside a process block; at scenario level and in a"
                    + " kthread a bad access is an oops (expect oops)", expect, KmemPackage.Literals.EXPECT__KIND,
                    IssueCodes.SIGSEGV_OUTSIDE_PROCESS, "oops");
            return;
        }
        // *ptep reads through a pointer that may be NULL (pte_offset_map() of a huge or bad pmd, follow_pte()'s
        // -EINVAL): a NULL dereference is an oops. A none pte (*ptep == 0) is no oops: pte_page() of it is
        // pfn_to_page(0) (include/linux/pgtable.h, arch/x86/include/asm/pgtable.h pte_pfn).
        boolean can = effect == Effect.OOPS && dereferences(statement);
        for (Call call : calls(statement)) {
            Builtin b = Builtins.function(call.getFunction());
            if (b == null || b.can(effect)) {
                can = true; // an unknown call is reported elsewhere; do not pile on
            }
        }
        if (!can) {
            String what = switch (effect) {
                case OOPS -> "an oops or BUG (a memory access, a free, a refcount or kmap misuse)";
                case WARN -> "a WARN or splat (an allocation over MAX_PAGE_ORDER, virt_to_page of a vmalloc address, a bad free)";
                case SIGSEGV -> "a SIGSEGV (a user-mode read*, write* or memset)";
            };
            error("expect " + effect.keyword() + " needs a statement that can end in " + what + "; nothing in it can",
                    expect, KmemPackage.Literals.EXPECT__STATEMENT, IssueCodes.EXPECT_CANNOT_HAPPEN);
        }
    }

    /** Whether the statement reads through an entry pointer (`*ptep`), which oopses when the pointer is NULL. */
    private static boolean dereferences(Statement statement) {
        List<UnaryOp> ops = new ArrayList<>(EcoreUtil2.getAllContentsOfType(statement, UnaryOp.class));
        if (statement instanceof ExpressionStatement es && es.getExpression() instanceof UnaryOp u) {
            ops.add(u);
        }
        return ops.stream().anyMatch(u -> "*".equals(u.getOp()) && KindInference.kindOf(u.getOperand()).pointee() != null);
    }

    private static List<Call> calls(Statement statement) {
        List<Call> calls = new ArrayList<>(EcoreUtil2.getAllContentsOfType(statement, Call.class));
        if (statement instanceof ExpressionStatement es && es.getExpression() instanceof Call c) {
            calls.add(c);
        }
        return calls;
    }

    @Check
    public void checkShow(Show show) {
        String kind = show.getKind();
        Expression arg = show.getArgument();
        if (kind == null) {
            return;
        }
        if (show.getCount() != null && !"page".equals(kind)) {
            error("only show page takes a count (show page p 8 lists 8 pages as crash's kmem -p does); show " + kind
                    + " takes at most one argument", show, KmemPackage.Literals.SHOW__COUNT, IssueCodes.SHOW_ARGUMENT);
        }
        switch (kind) {
            case "page" -> {
                if (arg == null) {
                    error("show page needs the struct page to show: show page p", show, KmemPackage.Literals.SHOW__KIND,
                            IssueCodes.SHOW_ARGUMENT);
                } else {
                    Kind k = KindInference.kindOf(arg);
                    if (k == Kind.PFN || k == Kind.VIRT_ADDR || k == Kind.PHYS_ADDR || k == Kind.INTEGER) {
                        String fix = k == Kind.VIRT_ADDR ? "virt_to_page(...)" : k == Kind.PHYS_ADDR
                                ? "pfn_to_page(PHYS_PFN(...))" : "pfn_to_page(...)";
                        error("show page takes a struct page *, not a " + k.cName() + "; use show page " + FixData.applied(fix, arg), show,
                                KmemPackage.Literals.SHOW__ARGUMENT, IssueCodes.WRONG_KIND, FixData.applied(fix, arg));
                    }
                }
            }
            case "zone" -> {
                if (arg == null) {
                    error("show zone needs a zone: show zone Normal", show, KmemPackage.Literals.SHOW__KIND,
                            IssueCodes.SHOW_ARGUMENT);
                } else {
                    Kind k = KindInference.kindOf(arg);
                    if (k != Kind.ZONE && k != Kind.UNKNOWN) {
                        error("show zone takes a zone (a zone name, zone(NAME) or page_zone(p)), not a " + k.cName(), show,
                                KmemPackage.Literals.SHOW__ARGUMENT, IssueCodes.WRONG_KIND);
                    }
                }
            }
            default -> {
                // zoneinfo, buddyinfo, pagetypeinfo, memmap and vmas take an optional argument
            }
        }
    }

    /**
     * {@code on cpu N}: N is one of the machine's CPUs, 0 to cpus - 1 (cpus 1 when the machine
     * does not say), when both are constants.
     */
    @Check
    public void checkCpu(io.kmemlab.lang.kmem.CpuBlock block) {
        java.util.OptionalLong cpu = ConstantEvaluator.eval(block.getCpu());
        io.kmemlab.lang.kmem.Scenario scenario = EcoreUtil2.getContainerOfType(block, io.kmemlab.lang.kmem.Scenario.class);
        io.kmemlab.lang.kmem.Machine machine = scenario == null ? null : scenario.getMachine();
        if (cpu.isEmpty() || machine == null || machine.eIsProxy()) return;
        long cpus = 1;
        for (io.kmemlab.lang.kmem.MachineClause c : machine.getClauses()) {
            if (c instanceof io.kmemlab.lang.kmem.CpusClause k) {
                java.util.OptionalLong n = ConstantEvaluator.eval(k.getCount());
                if (n.isEmpty()) return;
                cpus = n.getAsLong();
            }
        }
        long n = cpu.getAsLong();
        if (n < 0 || n >= cpus) {
            error("on cpu " + n + ": machine " + machine.getName() + " has " + (cpus == 1 ? "one CPU, cpu 0" : "CPUs 0 to " + (cpus - 1))
                    + " (cpus " + cpus + ")" + (n >= cpus ? "; write cpus " + (n + 1) + " in the machine for cpu " + n : ""),
                    block, KmemPackage.Literals.CPU_BLOCK__CPU, IssueCodes.NO_SUCH_CPU);
        }
    }

    @Check
    public void checkTaskNesting(ProcessBlock block) {
        nesting(block, "process");
    }

    @Check
    public void checkTaskNesting(KthreadBlock block) {
        nesting(block, "kthread");
    }

    private void nesting(EObject block, String word) {
        for (EObject p = block.eContainer(); p != null; p = p.eContainer()) {
            if (p instanceof ProcessBlock || p instanceof KthreadBlock) {
                error("a " + word + " block cannot be inside a " + (p instanceof ProcessBlock ? "process" : "kthread")
                        + " block: each runs as its own task at scenario level", block, null, IssueCodes.NESTED_TASK);
                return;
            }
        }
    }

    static String describe(Expression e) {
        if (e instanceof Call c) {
            return c.getFunction() + "()";
        }
        var node = NodeModelUtils.getNode(e);
        return node == null ? "this expression" : "'" + NodeModelUtils.getTokenText(node) + "'";
    }

    /** The expression as the user wrote it, for a suggestion that names it. */
    static String sourceText(Expression e) {
        var node = NodeModelUtils.getNode(e);
        return node == null ? "..." : NodeModelUtils.getTokenText(node);
    }

    static int line(EObject o) {
        var node = NodeModelUtils.getNode(o);
        return node == null ? 0 : node.getStartLine();
    }
}
