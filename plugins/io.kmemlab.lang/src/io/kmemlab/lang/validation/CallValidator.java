package io.kmemlab.lang.validation;

import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.NumberLiteral;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.machine.MachineFacts;
import io.kmemlab.lang.scoping.NameResolver;
import io.kmemlab.lang.scoping.Suggestions;
import io.kmemlab.lang.types.Builtin;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Compatibility;
import io.kmemlab.lang.types.Kind;
import io.kmemlab.lang.types.KindInference;
import io.kmemlab.lang.types.Param;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/**
 * Checks calls of built-ins against the shared table ({@link Builtins}): the function
 * exists (in the machine's kernel profile), the arity, and each argument's kind, with
 * messages that name the conversion the user wants. Deprecated names are warnings naming
 * the current API.
 */
public class CallValidator extends AbstractDeclarativeValidator {

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into KmemValidator; not registered on its own
    }

    @Check
    public void checkCall(Call call) {
        String name = call.getFunction();
        if (name == null) {
            return;
        }
        Builtin b = Builtins.function(name);
        if (b == null) {
            unknownFunction(call, name);
            return;
        }
        MachineFacts machine = MachineFacts.of(NameResolver.machineOf(call));
        if (b.deprecated()) {
            warning(name + "() is deprecated: use " + b.replacement() + "() (" + b.meaning() + ")", call,
                    KmemPackage.Literals.CALL__FUNCTION, IssueCodes.DEPRECATED, b.replacement());
        }
        if (b.since() != null && MachineFacts.compareVersions(machine.kernelVersion(), b.since()) < 0) {
            error(name + "() is not in kernel " + machine.kernelVersion() + " (it appeared in " + b.since() + ")"
                    + olderAlternative(call), call, KmemPackage.Literals.CALL__FUNCTION, IssueCodes.NOT_IN_KERNEL,
                    b.since(), olderCall(call));
        }
        if (Builtins.SECTION_FUNCTIONS.contains(name) && machine.known() && machine.flatmem()) {
            error(name + "() needs SPARSEMEM: this machine is FLATMEM, whose one mem_map has no memory sections"
                    + " (pfn_to_page(pfn) is mem_map + (pfn - ARCH_PFN_OFFSET); or use memory-model sparsemem)", call,
                    KmemPackage.Literals.CALL__FUNCTION, IssueCodes.NEEDS_SPARSEMEM);
        }
        int n = call.getArguments().size();
        if (n < b.minArity() || n > b.maxArity()) {
            String count = b.minArity() == b.maxArity() ? String.valueOf(b.minArity())
                    : b.minArity() + " or " + b.maxArity();
            error(name + "() takes " + count + " argument" + (b.maxArity() == 1 ? "" : "s") + ": " + b.signature()
                    + ", not " + n, call, KmemPackage.Literals.CALL__FUNCTION, IssueCodes.WRONG_ARITY);
            return;
        }
        if (name.equals("kmap_atomic") || name.equals("kunmap_atomic")) {
            checkKmapAtomicType(call, name, machine);
        }
        for (int i = 0; i < n; i++) {
            checkArgument(call, b, i, machine);
        }
    }

    private void unknownFunction(Call call, String name) {
        String hint = Suggestions.didYouMean(name, Builtins.allNames());
        if (hint.isEmpty() && name.startsWith("Page")) {
            hint = "; page tests are Page + a PG_ flag or page type: " + String.join(" ", Builtins.PAGE_TESTS.subList(0, 8))
                    + " ...";
        }
        error("unknown function '" + name + "'" + hint, call, KmemPackage.Literals.CALL__FUNCTION,
                IssueCodes.UNKNOWN_FUNCTION, Suggestions.closest(name, Builtins.allNames()).toArray(String[]::new));
    }

    /** What to write in the older kernel, with the user's own arguments: the message's half of the quick fix. */
    private static String olderAlternative(Call call) {
        String older = olderCall(call);
        if (older.isEmpty()) {
            return "";
        }
        return (call.getFunction().equals("p4d_offset") ? "; 2.6 walks pgd → pud → pmd → pte: " : "; use ") + older;
    }

    /**
     * The call rewritten for a kernel that predates the function, as the message suggests, or
     * "" when there is no mechanical rewrite: the quick fix's replacement of the whole call.
     */
    private static String olderCall(Call call) {
        java.util.List<String> args = call.getArguments().stream().map(CallValidator::text).toList();
        String all = String.join(", ", args);
        return switch (call.getFunction()) {
            case "kmap_local_page" -> "kmap_atomic(" + all + ", KM_USER0)";
            case "kunmap_local" -> "kunmap_atomic(" + all + ", KM_USER0)";
            case "p4d_offset" -> "pud_offset(" + all + ")";
            case "page_ref_count" -> "page_count(" + all + ")";
            case "pin_user_pages" -> "get_user_pages(" + all + ")";
            case "unpin_user_page" -> "put_page(" + all + ")";
            default -> "";
        };
    }

    /**
     * The KM_ slot type: required by 2.6's kmap_atomic, gone (and ignored) since 2.6.37. 2.6's
     * kunmap_atomic(addr, type) takes it too; without one the KM_USER0 slot is meant.
     */
    private void checkKmapAtomicType(Call call, String name, MachineFacts machine) {
        boolean hasType = call.getArguments().size() == 2;
        boolean map = name.equals("kmap_atomic");
        String first = text(call.getArguments().get(0));
        if (hasType && !machine.isKernel26()) {
            warning(name + "() lost its KM_ type argument in 2.6.37; kernel " + machine.kernelVersion()
                    + " ignores it and uses the per-CPU stack of slots: write " + (map ? "kmap_atomic(" + first + "), or better"
                    + " kmap_local_page(" + first + ")" : "kunmap_atomic(" + first + "), or better kmap_local_page() and kunmap_local()"),
                    call, KmemPackage.Literals.CALL__ARGUMENTS, 1, IssueCodes.KM_TYPE_GONE);
        } else if (!hasType && map && machine.isKernel26()) {
            error("in kernel 2.6 kmap_atomic() takes the KM_ slot type: kmap_atomic(" + first + ", KM_USER0)", call,
                    KmemPackage.Literals.CALL__FUNCTION, IssueCodes.KM_TYPE_MISSING);
        }
    }

    /**
     * Functions that ask where an address lives rather than use the memory behind it. A
     * struct page * is also the kernel virtual address of the descriptor (docs/language.md section 3, walk),
     * so asking them about a descriptor is meaningful, not the __pa(page) mistake.
     */
    private static final java.util.Set<String> LOCATES_ADDRESS = java.util.Set.of("virt_to_page", "virt_addr_valid",
            "is_vmalloc_addr", "vmalloc_to_page", "vmalloc_to_pfn", "lookup_address", "slow_virt_to_phys", "offset_in_page", "pgd_offset_k",
            "pgd_index", "p4d_index", "pud_index", "pmd_index", "pte_index");

    private void checkArgument(Call call, Builtin b, int i, MachineFacts machine) {
        Param param = b.params().get(i);
        Expression arg = call.getArguments().get(i);
        if (param.kind() == Kind.SYMBOL || (param.kind() == Kind.ZONE && arg instanceof NameRef)) {
            return; // names resolved (and reported) by the scenario validator
        }
        Kind actual = KindInference.kindOf(arg);
        if (param.kind() == Kind.P4D_PTR && actual == Kind.PGD_PTR && machine.isKernel26()) {
            return; // no p4d level before 4.11: pud_offset(pgd, addr) (arch/x86/include/asm/pgtable.h of 2.6.32)
        }
        if (isNullConstant(arg) && param.kind().isPointer()) {
            return;
        }
        if (param.kind() == Kind.VIRT_ADDR && (actual == Kind.PAGE || actual == Kind.FOLIO) && LOCATES_ADDRESS.contains(b.name())) {
            return; // asking where the descriptor itself lives: virt_to_page(mem_map) is the page holding the array
        }
        if (param.kind() == Kind.VIRT_ADDR && KERNEL_OBJECT_POINTERS.contains(actual)) {
            return; // __pa(pgd), virt_to_page(pmd): a pointer to a page table or other kernel object is its address
        }
        if (param.kind() == Kind.VIRT_ADDR && actual == Kind.PAGE && (b.name().equals("__pa") || b.name().equals("virt_to_phys"))) {
            descriptorAddress(call, b, arg, machine);
            return;
        }
        if (b.name().equals("kunmap") && actual == Kind.VIRT_ADDR) {
            String page = kmappedPage(arg);
            warning("kunmap() takes the page that was kmap()ed, not the address kmap() returned"
                    + (page == null ? ": pass that page" : "; use kunmap(" + page + ")")
                    + " (virt_to_page() of a pkmap address is not that page)", call, KmemPackage.Literals.CALL__ARGUMENTS, i,
                    IssueCodes.SUSPICIOUS_KIND, page == null ? new String[0] : new String[] { page });
            return;
        }
        if ((b.name().equals("kunmap_atomic") || b.name().equals("kunmap_local")) && actual == Kind.PAGE) {
            String addr = kmapAddressOf(arg, b.name().equals("kunmap_atomic") ? "kmap_atomic" : "kmap_local_page");
            String mapper = b.name().equals("kunmap_atomic") ? "kmap_atomic" : "kmap_local_page";
            error(b.name() + "() takes the address " + mapper + "() returned, not the page"
                    + (addr == null ? ": pass the address " + mapper + "(" + text(arg) + ") returned" : "; use " + b.name() + "(" + addr + ")")
                    + " (include/linux/highmem-internal.h: BUILD_BUG_ON(__same_type((__addr), struct page *)))", call,
                    KmemPackage.Literals.CALL__ARGUMENTS, i, IssueCodes.WRONG_KIND, addr == null ? new String[0] : new String[] { addr });
            return;
        }
        Compatibility.Result r = Compatibility.check(param.kind(), actual);
        if (r.verdict() == Compatibility.Verdict.OK) {
            return;
        }
        String text = text(arg);
        String hintTemplate = b.hints().getOrDefault(actual, r.conversion());
        String applied = applied(hintTemplate, text, call, b);
        String fix = applied == null ? "" : "; use " + applied;
        String message = b.name() + "() takes " + article(param.kind()) + " as " + param.name() + ", not "
                + article(actual) + fix;
        String[] data = applied == null ? new String[0] : new String[] { applied };
        if (r.verdict() == Compatibility.Verdict.ERROR) {
            error(message, call, KmemPackage.Literals.CALL__ARGUMENTS, i, IssueCodes.WRONG_KIND, data);
        } else {
            String why = whyWarning(b, param.kind(), actual);
            warning(message + why, call, KmemPackage.Literals.CALL__ARGUMENTS, i, IssueCodes.SUSPICIOUS_KIND, data);
        }
    }

    /**
     * A conversion template with the user's own texts: %s the argument, %a the call's address
     * argument (the one named addr); null when there is no template, or it needs an address the
     * call does not have.
     */
    private static String applied(String template, String argument, Call call, Builtin b) {
        if (template == null) {
            return null;
        }
        String result = template.replace("%s", argument);
        if (result.contains("%a")) {
            int at = -1;
            for (int k = 0; k < b.params().size(); k++) {
                if (b.params().get(k).name().equals("addr")) {
                    at = k;
                }
            }
            if (at < 0 || at >= call.getArguments().size()) {
                return null;
            }
            result = result.replace("%a", text(call.getArguments().get(at)));
        }
        return result;
    }

    /** The name bound by `let NAME = MAPPER(PAGE)` in the scenario, PAGE being the text of arg; else null. */
    private static String kmapAddressOf(Expression arg, String mapper) {
        Scenario sc = EcoreUtil2.getContainerOfType(arg, Scenario.class);
        if (sc == null) return null;
        String page = text(arg);
        for (Let let : EcoreUtil2.getAllContentsOfType(sc, Let.class)) {
            if (let.getValue() instanceof Call c && mapper.equals(c.getFunction()) && !c.getArguments().isEmpty()
                    && page.equals(text(c.getArguments().get(0)))) {
                return let.getName();
            }
        }
        return null;
    }

    /** Pointers to kernel objects: as an address they are where the object is (C converts them to void * silently). */
    private static final java.util.Set<Kind> KERNEL_OBJECT_POINTERS = java.util.EnumSet.of(Kind.PGD_PTR, Kind.P4D_PTR, Kind.PUD_PTR,
            Kind.PMD_PTR, Kind.PTE_PTR, Kind.SLAB, Kind.MM, Kind.TASK, Kind.ZONE);

    /**
     * __pa(p) / virt_to_phys(p) of a struct page *: the physical address of the descriptor, which
     * is the question for __pa(mem_map) on a machine whose memmap is in lowmem (FLATMEM); with a
     * vmemmap the descriptors are outside the direct map and __pa() of them is wrong. Either way
     * the frame's own address is page_to_phys(p). The whole call is marked: the fix replaces it.
     */
    private void descriptorAddress(Call call, Builtin b, Expression arg, MachineFacts machine) {
        String text = text(arg);
        String frame = "page_to_phys(" + text + ")";
        boolean arrayBase = arg instanceof NameRef ref && "mem_map".equals(ref.getName())
                || arg instanceof Call c && "node_mem_map".equals(c.getFunction());
        if (machine.vmemmap()) {
            warning(b.name() + "(" + text + "): struct pages live in the vmemmap on this machine, outside the direct map, so this is"
                    + " no physical address; for the frame the page describes use " + frame + ", for where the descriptor is stored"
                    + " slow_virt_to_phys(" + text + ")", call, null, IssueCodes.SUSPICIOUS_KIND, frame);
        } else if (!arrayBase) {
            warning(b.name() + "(" + text + ") is the physical address of the descriptor in the mem_map (right when that is the"
                    + " question, as in __pa(mem_map)); for the frame the page describes use " + frame,
                    call, null, IssueCodes.SUSPICIOUS_KIND, frame);
        }
    }

    /** The page a kmap() address came from: NAME bound by `let NAME = kmap(PAGE)` in the scenario, else null. */
    private static String kmappedPage(Expression arg) {
        if (!(arg instanceof NameRef ref) || ref.getName() == null) return null;
        Scenario sc = EcoreUtil2.getContainerOfType(arg, Scenario.class);
        if (sc == null) return null;
        for (Let let : EcoreUtil2.getAllContentsOfType(sc, Let.class)) {
            if (ref.getName().equals(let.getName()) && let.getValue() instanceof Call c && "kmap".equals(c.getFunction())
                    && c.getArguments().size() == 1) {
                return text(c.getArguments().get(0));
            }
        }
        return null;
    }

    /** C accepts these silently; say what goes wrong at run time. */
    private static String whyWarning(Builtin b, Kind expected, Kind actual) {
        if (expected == Kind.VIRT_ADDR && actual == Kind.PAGE) {
            return " (C converts struct page * to void * silently: this is the address of the descriptor in the"
                    + " memmap, not of the page's memory)";
        }
        if (expected == Kind.FOLIO && actual == Kind.PAGE) {
            return " (a tail page is no folio: the kernel would read the tail's own words as one; kmemlab reads the"
                    + " compound head, as page_folio() does)";
        }
        if (expected == Kind.VIRT_ADDR && actual == Kind.FOLIO) {
            return " (this is the address of the folio's descriptor, not of its memory)";
        }
        if (expected == Kind.PAGE && actual == Kind.VIRT_ADDR) {
            return " (C converts void * to struct page * silently, but the memory is not a descriptor)";
        }
        if (actual == Kind.GFP || expected == Kind.GFP) {
            return " (gfp_t is a __bitwise type: are the arguments swapped?)";
        }
        return " (C accepts it, but the units differ by PAGE_SHIFT bits)";
    }

    private static boolean isNullConstant(Expression e) {
        return e instanceof NumberLiteral n && n.getValue() == 0;
    }

    private static String article(Kind k) {
        String name = k.cName();
        return (name.startsWith("integer") || name.startsWith("enum") ? "an " : "a ") + name;
    }

    private static String text(Expression e) {
        var node = NodeModelUtils.getNode(e);
        return node == null ? "..." : NodeModelUtils.getTokenText(node);
    }
}
