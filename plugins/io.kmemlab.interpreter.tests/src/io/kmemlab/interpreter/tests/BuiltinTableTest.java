package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.interpreter.port.Arg;
import io.kmemlab.interpreter.port.Binding;
import io.kmemlab.interpreter.port.CallException;
import io.kmemlab.interpreter.port.KernelConstants;
import io.kmemlab.interpreter.port.KernelFunctions;
import io.kmemlab.interpreter.port.KernelPort;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.types.Builtin;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Constant;
import io.kmemlab.lang.types.Kind;
import io.kmemlab.lang.types.Param;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The language's built-in table against the interpreter's typed port and the user's
 * reference: every function and constant docs/language.md documents and the language
 * offers is bound, with the same arity and kinds, and every one is called on a real
 * emulated machine with arguments of its declared kinds, giving a value of its declared kind.
 */
class BuiltinTableTest {
    /** x86_64 with 1 GiB, kernel 6.12, and a symbol for symbol(). */
    private static final Box PC64 = new Box(new MachineSpec().name("pc64").arch("x86_64").ram(0x1000, 0x9fbff)
            .ram(0x100000, 0x3fffffffL).symbol("jiffies_buf", "data", 8192));
    /** i386 with highmem: PKMAP_BASE, LAST_PKMAP, ZONE_HIGHMEM exist here. */
    private static final Box PC32 = new Box(new MachineSpec().name("pc32").arch("i386").paging("2-level").ram(0, 0x9ffff)
            .ram(0x100000, 0x7fffffffL));
    /** kernel 2.6 on i386: kmap_atomic's KM_ types, the PG_ bits 6.12 dropped (PG_error). */
    private static final Box OLD = new Box(new MachineSpec().name("old").arch("i386").kernel("2.6").ram(0, 0x9ffff)
            .ram(0x100000, 0x1fffffffL));
    private static final List<Box> ALL = List.of(PC64, PC32, OLD);

    /** The PageXxx / SetPageXxx / ClearPageXxx family, which the table synthesises. */
    private static List<Builtin> builtins() {
        List<Builtin> out = new ArrayList<>(Builtins.functions());
        for (String f : Builtins.PAGE_TESTS) out.add(Builtins.function("Page" + f));
        for (String f : Builtins.SETTABLE_PAGE_FLAGS) {
            out.add(Builtins.function("SetPage" + f));
            out.add(Builtins.function("ClearPage" + f));
        }
        return out;
    }

    @Test
    void everyBuiltinIsBoundWithItsParameterAndResultKinds() {
        Set<String> names = new LinkedHashSet<>();
        for (Builtin b : builtins()) {
            names.add(b.name());
            Binding binding = KernelFunctions.get(b.name());
            assertNotNull(binding, b.name() + " is a built-in of the language but the interpreter does not bind it");
            assertEquals(b.params().stream().map(Param::kind).toList(), binding.params(), b.name() + ": parameter kinds");
            assertEquals(b.minArity(), binding.required(), b.name() + ": required arguments");
            assertEquals(b.returns(), binding.returns(), b.name() + ": result kind");
        }
        List<String> extra = KernelFunctions.all().keySet().stream().filter(n -> !names.contains(n)).toList();
        assertEquals(List.of(), extra, "bound, but not built-ins of the language (the validator rejects them)");
    }

    @Test
    void everyDocumentedFunctionIsABuiltinWithTheDocumentedArity() {
        LanguageDoc doc = LanguageDoc.read();
        for (LanguageDoc.Signature s : doc.functions.values()) {
            Binding b = KernelFunctions.get(s.name());
            if (b == null) fail("docs/language.md documents " + s.name() + "(), which the interpreter does not bind");
            assertEquals(s.required(), b.required(), s.name() + ": required arguments in docs/language.md and in the interpreter");
            assertEquals(s.max(), b.maxArity(), s.name() + ": arguments in docs/language.md and in the interpreter");
        }
        List<String> undocumented = builtins().stream().map(Builtin::name).filter(n -> !doc.functions.containsKey(n)).toList();
        assertEquals(List.of(), undocumented, "built-ins docs/language.md section 5 does not document");
    }

    @Test
    void everyDocumentedConstantIsAConstantOfTheLanguage() {
        LanguageDoc doc = LanguageDoc.read();
        List<String> unknown = doc.constants.stream().filter(c -> Builtins.constant(c) == null).toList();
        assertEquals(List.of(), unknown, "documented in docs/language.md section 5 but unknown to the language");
        List<String> undocumented = Builtins.constants().stream().map(Constant::name).filter(c -> !doc.constants.contains(c)).toList();
        assertEquals(List.of(), undocumented, "constants docs/language.md section 5 does not document");
    }

    /** Each constant has a value of its kind on some machine; where it does not exist, the message says so. */
    @Test
    void everyConstantHasAValueOfItsKind() {
        List<String> failures = new ArrayList<>();
        for (Constant c : Builtins.constants()) {
            List<String> why = new ArrayList<>();
            boolean found = false;
            for (Box box : ALL) {
                try {
                    Value v = box.port.constant(c.name(), null, new Recorder());
                    assertNotNull(v, c.name() + " is not bound on " + box.name());
                    assertEquals(c.kind(), v.kind(), c.name() + " on " + box.name());
                    found = true;
                } catch (CallException e) {
                    why.add(box.name() + ": " + e.getMessage());
                }
            }
            if (!found) failures.add(c.name() + " has a value on no machine: " + why);
        }
        assertEquals(List.of(), failures);
        assertTrue(KernelConstants.machineDependent().keySet().stream().allMatch(n -> Builtins.constant(n) != null),
                "every machine-dependent constant bound is one of the language");
    }

    /** Each function, called with arguments of its declared kinds, returns a value of its declared kind. */
    @Test
    void everyFunctionRunsOnARealMachine() {
        List<String> failures = new ArrayList<>();
        for (Builtin b : builtins()) {
            List<String> why = new ArrayList<>();
            boolean ran = false;
            for (Box box : machinesFor(b)) {
                try {
                    Value v = box.call(b, b.params().size());
                    assertEquals(b.returns(), v.kind(), b.name() + " on " + box.name() + " returned " + v);
                    if (b.minArity() < b.maxArity()) box.call(b, b.minArity());
                    ran = true;
                } catch (CallException e) {
                    why.add(box.name() + ": " + e.getMessage());
                }
            }
            if (!ran) failures.add(b.name() + " ran on no machine: " + why);
        }
        assertEquals(List.of(), failures);
    }

    /** Page flags exist per kernel version; KM_ types only in 2.6. */
    private static List<Box> machinesFor(Builtin b) {
        if (b.params().stream().anyMatch(p -> p.kind() == Kind.KM_TYPE)) return List.of(OLD);
        if (b.since() != null) return List.of(PC64, PC32);
        return ALL;
    }

    /** One booted machine, its port, and sample arguments of every kind. */
    private static final class Box {
        final Machine m;
        final KernelPort port;
        final Task app;
        final long user;

        Box(MachineSpec spec) {
            m = Machine.boot(spec);
            assertTrue(m.booted(), () -> spec.name() + " did not boot: " + m.diagnostics().all());
            port = new KernelPort(m);
            app = m.process("app");
            user = m.mmap(app, 16 * 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, UserFlags.MAP_PRIVATE | UserFlags.MAP_ANONYMOUS,
                    new Recorder());
        }

        String name() { return m.spec().name(); }

        /** {@code b} with its first {@code arity} parameters filled; user-memory calls run in the process. */
        Value call(Builtin b, int arity) {
            List<Arg> args = new ArrayList<>();
            for (int i = 0; i < arity; i++) args.add(sample(b, b.params().get(i)));
            Task task = b.group().equals("user memory") ? app : null;
            return port.call(b.name(), args, task, new Recorder());
        }

        private Arg sample(Builtin b, Param p) {
            Recorder t = new Recorder();
            long page = m.allocPage(Gfp.GFP_KERNEL, t);
            long vmalloc = m.vmalloc(4096, t);
            return switch (p.kind()) {
                case GFP -> Arg.of(Value.of(Kind.GFP, Gfp.GFP_KERNEL));
                case INTEGER -> Arg.of(Value.integer(integer(p.name())));
                case PAGE -> Arg.of(Value.of(Kind.PAGE, page));
                case FOLIO -> Arg.of(Value.of(Kind.FOLIO, page));
                case MEM_SECTION -> Arg.of(Value.of(Kind.MEM_SECTION, m.pfnToSectionNr(m.pageToPfn(page, t), t)));
                case VIRT_ADDR -> Arg.of(Value.of(Kind.VIRT_ADDR, address(b.name(), b.group(), page, vmalloc)));
                case PHYS_ADDR -> Arg.of(Value.of(Kind.PHYS_ADDR, m.pageToPhys(page, t)));
                case PFN -> Arg.of(Value.of(Kind.PFN, m.pageToPfn(page, t)));
                case MM -> Arg.of(Value.of(Kind.MM, m.initMm()));
                case PGD_PTR, P4D_PTR, PUD_PTR, PMD_PTR, PTE_PTR -> Arg.of(Value.of(p.kind(), entryPointer(p.kind(), vmalloc)));
                case PGD, P4D, PUD, PMD, PTE -> {
                    int level = level(p.kind());
                    yield Arg.of(Value.of(p.kind(), m.readEntry(entryPointer(p.kind().pointerTo(), vmalloc), level, t)));
                }
                case ZONE -> Arg.named(Value.zone(m.zones().get(0)), m.zones().get(0).name());
                case STRING -> Arg.of(Value.string("slab"));
                case SYMBOL -> Arg.unresolvedName("jiffies_buf");
                case KM_TYPE -> Arg.named(Value.of(Kind.KM_TYPE, 3), "KM_USER0");
                default -> throw new AssertionError(b.name() + ": no sample for a parameter of kind " + p.kind());
            };
        }

        /** A sensible integer for a parameter, by its kernel name. */
        private static long integer(String name) {
            return switch (name) {
                case "order", "nid" -> 0;
                case "size", "align" -> 64;
                case "n" -> 1;
                case "len" -> 4096;
                case "prot" -> UserFlags.PROT_READ | UserFlags.PROT_WRITE;
                case "flags" -> UserFlags.MAP_PRIVATE | UserFlags.MAP_ANONYMOUS;
                case "gup_flags" -> UserFlags.FOLL_WRITE;
                case "byte", "value" -> 0x5a;
                default -> 1;
            };
        }

        /** The address each function expects: a user address, a vmalloc area, a kmap ... */
        private long address(String fn, String group, long page, long vmalloc) {
            Recorder t = new Recorder();
            if (group.equals("user memory")) return user;
            return switch (fn) {
                case "vfree", "vmalloc_to_page", "vmalloc_to_pfn", "is_vmalloc_addr", "lookup_address" -> vmalloc;
                case "free_pages", "free_page" -> m.getFreePages(Gfp.GFP_KERNEL, 0, t);
                case "kunmap_atomic" -> m.kmapAtomic(m.kernel(), page, m.profile().kmapTypes() ? "KM_USER0" : null, t);
                case "kunmap_local" -> m.kmapLocalPage(m.kernel(), page, t);
                case "kmap_to_page" -> m.kmap(m.kernel(), page, t);
                case "__pa_symbol" -> m.symbol("_text");
                default -> m.kmalloc(64, Gfp.GFP_KERNEL, t);
            };
        }

        /** pgd_offset_k(addr) and down to the level asked, through the kernel page tables. */
        private long entryPointer(Kind pointer, long addr) {
            Recorder t = new Recorder();
            long p = m.pgdOffsetK(addr, t);
            if (pointer == Kind.PGD_PTR) return p;
            p = m.p4dOffset(p, addr, t);
            if (pointer == Kind.P4D_PTR) return p;
            p = m.pudOffset(p, addr, t);
            if (pointer == Kind.PUD_PTR) return p;
            p = m.pmdOffset(p, addr, t);
            if (pointer == Kind.PMD_PTR) return p;
            return m.pteOffsetKernel(p, addr, t);
        }

        private static int level(Kind entry) {
            return switch (entry) {
                case PGD -> PagingMode.PGD;
                case P4D -> PagingMode.P4D;
                case PUD -> PagingMode.PUD;
                case PMD -> PagingMode.PMD;
                default -> PagingMode.PTE;
            };
        }
    }
}
