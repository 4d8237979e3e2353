package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.port.Args;
import io.kmemlab.interpreter.port.CallException;
import io.kmemlab.interpreter.port.EmulatorException;
import io.kmemlab.interpreter.port.KernelPort;
import io.kmemlab.interpreter.render.Identification;
import io.kmemlab.interpreter.render.Identifier;
import io.kmemlab.interpreter.render.IdentifyText;
import io.kmemlab.interpreter.render.MachineSummaryText;
import io.kmemlab.interpreter.render.MemmapText;
import io.kmemlab.interpreter.render.PageTablesText;
import io.kmemlab.interpreter.render.PageText;
import io.kmemlab.interpreter.render.WalkText;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.kmem.Binary;
import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.CpuBlock;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.ExpressionStatement;
import io.kmemlab.lang.kmem.For;
import io.kmemlab.lang.kmem.Identify;
import io.kmemlab.lang.kmem.If;
import io.kmemlab.lang.kmem.KthreadBlock;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Print;
import io.kmemlab.lang.kmem.ProcessBlock;
import io.kmemlab.lang.kmem.Repeat;
import io.kmemlab.lang.kmem.Show;
import io.kmemlab.lang.kmem.Statement;
import io.kmemlab.lang.kmem.Walk;
import io.kmemlab.lang.types.Kind;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Runs one statement: simple statements completely, block statements (repeat, for, if,
 * process, kthread) by evaluating their header and pushing a frame. Turns the emulator's
 * reports into findings with the rules of docs/language.md section 3: an unexpected oops
 * ends the scenario, a WARN is a warning, {@code expect oops|warn|sigsegv} holds when that
 * report came.
 */
final class StatementRunner {
    private final KernelPort port;
    private final Evaluator eval;

    StatementRunner(KernelPort port) {
        this.port = port;
        this.eval = new Evaluator(port);
    }

    private Machine machine() { return port.machine(); }

    record Outcome(Value value, List<StepEvent> events, boolean entered, boolean endsScenario) { }

    /** What one statement collects while it runs. */
    private static final class Ctx {
        final TraceSink rec = new TraceSink();
        final List<StepEvent> events = new ArrayList<>();
        Value value = Value.VOID;
        boolean entered;
        boolean ends;
    }

    /** Evaluates {@code e} outside any statement, in {@code scope} as {@code task} (a breakpoint condition, a debugger's expression). */
    Value evaluate(io.kmemlab.lang.kmem.Expression e, Scope scope, Task task) {
        return eval.eval(e, new Evaluator.Env(scope, task, new TraceSink()));
    }

    Outcome run(Statement stmt, Frame top, List<Frame> frames) {
        Ctx ctx = new Ctx();
        machine().setCpu(top.cpu);                                        // smp_processor_id() of the statement's calls
        Evaluator.Env env = new Evaluator.Env(top.scope, top.task, ctx.rec);
        String expectKind = null;
        try {
            if (stmt instanceof Expect ex && ex.getKind() != null) {
                expectKind = ex.getKind();
                if (ex.getStatement() == null || isBlock(ex.getStatement())) {
                    throw EvalException.notSupported("expect " + expectKind + " of a block; put the expect on the statement inside it", stmt);
                }
                simple(ex.getStatement(), env, top, ctx);
            } else if (isBlock(stmt)) {
                enter(stmt, env, top, frames, ctx);
            } else {
                simple(stmt, env, top, ctx);
            }
        } catch (EvalException e) {
            EObject where = e.where() != null ? e.where() : stmt;
            ctx.events.add(new StepEvent.Finding(Session.problem(Problem.Severity.ERROR, where, e.getMessage())));
        } catch (CallException | EmulatorException e) {
            ctx.events.add(new StepEvent.Finding(Session.problem(Problem.Severity.ERROR, stmt, e.getMessage())));
        } catch (RuntimeException e) {
            // A bug in the interpreter: say where, keep the session alive, no stack trace for the user.
            ctx.events.add(new StepEvent.Finding(Session.problem(Problem.Severity.ERROR, stmt,
                    "internal error of the interpreter: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))));
        }
        List<StepEvent> events = new ArrayList<>();
        for (TraceItem t : ctx.rec.items()) if (!(t instanceof TraceItem.Report)) events.add(new StepEvent.Trace(t));
        events.addAll(ctx.events);
        reports(stmt, expectKind, ctx.rec.reports(), events, ctx);
        return new Outcome(ctx.value, List.copyOf(events), ctx.entered, ctx.ends);
    }

    private static boolean isBlock(Statement s) {
        return s instanceof Repeat || s instanceof For || s instanceof If || s instanceof ProcessBlock || s instanceof KthreadBlock
                || s instanceof CpuBlock;
    }

    /** Applies the rules of docs/language.md section 3 (expect oops|warn|sigsegv) to the reports the statement produced. */
    private static void reports(Statement stmt, String expectKind, List<TraceItem.Report> reports, List<StepEvent> events, Ctx ctx) {
        boolean satisfied = false;
        for (TraceItem.Report d : reports) {
            boolean expected = expectKind != null && matches(expectKind, d);
            satisfied |= expected;
            events.add(new StepEvent.Report(d, expected));
            if (expected) continue;
            if (d.isOops()) {
                if (expectKind != null && expectKind.equals("warn")) {
                    events.add(finding(Problem.Severity.ERROR, stmt, "expected a WARN, but the kernel oopsed: " + d.headline()));
                } else {
                    events.add(finding(Problem.Severity.ERROR, stmt, "oops: " + d.headline() + " (the scenario ends here; write `expect oops` if the oops is the point)"));
                }
                ctx.ends = true;
            } else if (d.isSigsegv()) {
                events.add(finding(Problem.Severity.ERROR, stmt, "unexpected SIGSEGV: " + d.headline() + " (write `expect sigsegv` if the fault is the point)"));
            } else if (d.isWarn()) {
                events.add(finding(Problem.Severity.WARNING, stmt, "kernel warning: " + d.headline()));
            } else {
                events.add(finding(Problem.Severity.WARNING, stmt, "emulator: " + d.headline()));
            }
        }
        boolean alreadyFailed = events.stream().anyMatch(e -> e instanceof StepEvent.Finding f && f.problem().isError());
        if (expectKind != null && !satisfied && !alreadyFailed) {
            String what = switch (expectKind) {
                case "oops" -> "an oops or BUG";
                case "warn" -> "a WARN";
                default -> "SIGSEGV";
            };
            events.add(finding(Problem.Severity.ERROR, stmt, "expect " + expectKind + " failed: the statement completed without " + what));
        }
    }

    private static boolean matches(String kind, TraceItem.Report d) {
        return switch (kind) {
            case "oops" -> d.isOops();
            case "warn" -> d.isWarn();
            case "sigsegv" -> d.isSigsegv();
            default -> false;
        };
    }

    private static StepEvent finding(Problem.Severity sev, EObject where, String message) {
        return new StepEvent.Finding(Session.problem(sev, where, message));
    }

    // ------------------------------------------------------------------ simple statements

    private void simple(Statement stmt, Evaluator.Env env, Frame top, Ctx ctx) {
        switch (stmt) {
            case Let let -> {
                Value v = eval.eval(let.getValue(), env);
                if (v.kind() == Kind.VOID) throw new EvalException("let " + let.getName() + ": the call returns nothing (void)", let.getValue());
                top.scope.define(let.getName(), v);
                ctx.value = v;
                ctx.events.add(new StepEvent.Bound(let.getName(), v));
            }
            case ExpressionStatement es -> {
                ctx.value = eval.eval(es.getExpression(), env);
                for (String text : ctx.rec.takePrinted()) ctx.events.add(new StepEvent.Output(text));
            }
            case Expect ex -> expect(ex, env, ctx);
            case Print p -> {
                Value v = eval.eval(p.getValue(), env);
                ctx.value = v;
                ctx.events.add(new StepEvent.Output(ValueFormat.typed(v)));
            }
            case Walk w -> walk(w, env, ctx);
            case Identify id -> identify(id, env, ctx);
            case Show s -> show(s, env, ctx);
            default -> throw EvalException.notSupported("statement " + stmt.eClass().getName(), stmt);
        }
    }

    private void expect(Expect ex, Evaluator.Env env, Ctx ctx) {
        Value l = null, r = null, v;
        if (ex.getCondition() instanceof Binary b && isComparison(b.getOp())) {
            // Each side runs once (they may allocate or fault); both are shown when the expect fails.
            l = eval.eval(b.getLeft(), env);
            r = eval.eval(b.getRight(), env);
            try {
                v = eval.apply(b, l, r);
            } catch (EvalException x) {
                throw x.at(b);
            }
        } else {
            v = eval.eval(ex.getCondition(), env);
        }
        ctx.value = Value.bool(v.truthy());
        if (v.truthy()) return;
        StringBuilder msg = new StringBuilder("expect failed: ").append(text(ex.getCondition()));
        if (l != null) {
            msg.append(" (left: ").append(ValueFormat.typed(l)).append(", right: ").append(ValueFormat.typed(r)).append(')');
        } else {
            msg.append(" (is ").append(ValueFormat.typed(v)).append(')');
        }
        ctx.events.add(finding(Problem.Severity.ERROR, ex, msg.toString()));
    }

    private static boolean isComparison(String op) {
        return switch (op) { case "==", "!=", "<", "<=", ">", ">=" -> true; default -> false; };
    }

    static String text(EObject o) {
        var node = NodeModelUtils.findActualNodeFor(o);
        return node == null ? o.eClass().getName() : NodeModelUtils.getTokenText(node);
    }

    private void walk(Walk w, Evaluator.Env env, Ctx ctx) {
        Value addr = eval.eval(w.getAddress(), env);
        if (!addr.isNumeric()) throw new EvalException("walk takes an address; this is " + Args.describe(addr), w.getAddress());
        Task task = w.getProcess() != null ? task(w.getProcess(), "process", w) : env.task();
        WalkResult r = port.guard("walk", () -> machine().walk(task, addr.bits(), ctx.rec));
        if (r == null) throw new EvalException("walk: the machine has no page tables yet", w);
        // the trace shows one line per level as the CPU reads them; the output is crash's vtop
        // of the same walk, which ends with the struct page of the physical address
        ctx.value = r.mapped() ? Value.of(Kind.PHYS_ADDR, r.pa()) : Value.VOID;
        Inspector in = machine().inspect();
        Translation t = port.guard("walk", () -> in.walk(space(in, task), addr.bits()));
        ctx.events.add(new StepEvent.Output(t == null ? conclusion(r) : conclusion(r) + "\n" + WalkText.vtop(in, t)));
    }

    /** `identify ADDR [in PROCESS]`: crash's kmem ADDR; the value is the physical address when the address is mapped. */
    private void identify(Identify id, Evaluator.Env env, Ctx ctx) {
        Value addr = eval.eval(id.getAddress(), env);
        if (!addr.isNumeric()) throw new EvalException("identify takes an address; this is " + Args.describe(addr), id.getAddress());
        Task task = id.getProcess() != null ? task(id.getProcess(), "process", id) : env.task();
        Inspector in = machine().inspect();
        Identification found = port.guard("identify", () -> Identifier.identify(machine(), addr.bits(), space(in, task)));
        ctx.value = found.mapped() ? Value.of(Kind.PHYS_ADDR, found.pa()) : Value.VOID;
        ctx.events.add(new StepEvent.Output(IdentifyText.of(found)));
    }

    /** The address space a task's accesses go through: its process's mm, init_mm for the kernel and kthreads. */
    static AddressSpace space(Inspector in, Task task) {
        AddressSpace s = task != null && task.kind() == Task.Kind.PROCESS ? in.addressSpace(task.name()) : null;
        return s != null ? s : in.addressSpace("init_mm");
    }

    /** "0x... -> phys 0x... (pte)" or "0x... is not mapped: no pmd entry", as a person would sum up the walk. */
    static String conclusion(WalkResult r) {
        WalkResult.Step last = r.last();
        if (r.mapped()) {
            return String.format("0x%x -> phys 0x%x (mapped by the %s entry)", r.va(), r.pa(), last == null ? "leaf" : last.name());
        }
        return String.format("0x%x is not mapped: %s", r.va(), last == null ? "no page table" : "the " + last.name() + " entry is not present");
    }

    private void show(Show s, Evaluator.Env env, Ctx ctx) {
        String kind = s.getKind();
        String text = switch (kind) {
            case "page" -> {
                Value p = argument(s, env, "show page takes a struct page *: show page virt_to_page(addr)");
                if (p.kind() != Kind.PAGE && p.kind() != Kind.FOLIO && p.kind() != Kind.INTEGER) {
                    String written = text(s.getArgument());
                    throw new EvalException("show page takes a struct page *; this is " + Args.describe(p)
                            + (p.kind() == Kind.PFN ? " (use show page pfn_to_page(" + written + "))"
                                    : p.kind() == Kind.VIRT_ADDR ? " (use show page virt_to_page(" + written + "))" : ""), s.getArgument());
                }
                Inspector in = machine().inspect();
                PageDescriptor d = port.guard("show page", () -> in.pageAt(p.bits()));
                if (d == null) throw new EvalException("show page: " + ValueFormat.hex(p.bits()) + " is not a struct page of this machine", s.getArgument());
                if (s.getCount() != null) {
                    Value n = eval.eval(s.getCount(), env);
                    if (!n.isNumeric() || n.bits() < 1 || n.bits() > MAX_PAGES_LISTED) {
                        throw new EvalException("show page P COUNT lists 1 to " + MAX_PAGES_LISTED + " pages; this count is "
                                + Args.describe(n), s.getCount());
                    }
                    yield port.guard("show page", () -> PageText.kmemLines(in, d.pfn(), n.bits()));
                }
                yield port.guard("show page", () -> PageText.dumpPage(in, d));
            }
            case "slabinfo" -> {
                if (s.getArgument() == null) yield port.guard("show slabinfo", machine()::slabinfo);
                Value name = eval.eval(s.getArgument(), env);
                if (name.kind() != Kind.STRING) {
                    throw new EvalException("show slabinfo takes a cache name in quotes: show slabinfo \"kmalloc-64\"; this is "
                            + Args.describe(name), s.getArgument());
                }
                String cache = port.guard("show slabinfo", () -> machine().slabinfo(name.text()));
                if (cache == null) {
                    List<String> names = machine().slabCacheNames();
                    throw new EvalException("show slabinfo: no slab cache named \"" + name.text() + "\" (the caches: "
                            + String.join(" ", names.subList(0, Math.min(names.size(), 8))) + (names.size() > 8 ? " ..." : "")
                            + "; show slabinfo lists the ones with slabs)", s.getArgument());
                }
                yield cache;
            }
            case "machine" -> {
                if (s.getArgument() != null) throw new EvalException("show machine takes no argument: it shows the scenario's machine", s.getArgument());
                yield port.guard("show machine", () -> MachineSummaryText.of(machine()));
            }
            case "pagetables" -> {
                Task t = vmasOf(s, env);
                Inspector in = machine().inspect();
                yield port.guard("show pagetables", () -> PageTablesText.of(in, space(in, t)));
            }
            case "zone" -> {
                Value z = argument(s, env, "show zone takes a zone: show zone Normal");
                if (z.kind() != Kind.ZONE || z.zone() == null) {
                    throw new EvalException("show zone takes a zone (DMA, Normal, zone(NewMem) ...); this is " + Args.describe(z), s.getArgument());
                }
                yield port.guard("show zone", () -> MachineText.zone(z.zone()));
            }
            case "vmas" -> {
                Task t = vmasOf(s, env);
                yield port.guard("show vmas", () -> MachineText.vmas(t.name(), machine().vmas(t)));
            }
            // the /proc-style views
            case "zoneinfo" -> { noArgument(s, kind); yield port.guard("show zoneinfo", machine()::zoneinfo); }
            case "buddyinfo" -> { noArgument(s, kind); yield port.guard("show buddyinfo", machine()::buddyinfo); }
            case "pagetypeinfo" -> { noArgument(s, kind); yield port.guard("show pagetypeinfo", machine()::pagetypeinfo); }
            // the emulator's summary, then the per-section table of crash's kmem -n
            case "memmap" -> { noArgument(s, kind); yield port.guard("show memmap", () -> machine().memmap() + MemmapText.of(machine())); }
            default -> throw new EvalException("show " + kind + ": unknown view (page, zone, zoneinfo, buddyinfo, pagetypeinfo, slabinfo, memmap, vmas, pagetables or machine)", s);
        };
        ctx.events.add(new StepEvent.Output(text));
    }

    /**
     * The optional argument of {@code show zoneinfo|buddyinfo|pagetypeinfo|memmap}: the emulator's views
     * take none yet, so an argument is a "not supported yet" that says what it would select
     * (it is never silently ignored).
     */
    private static void noArgument(Show s, String kind) {
        if (s.getArgument() == null) return;
        String meaning = switch (kind) {
            case "memmap" -> "where the struct page of that pfn or page lives (its descriptor address and the memmap block holding it)";
            case "zoneinfo" -> "only that zone's block of /proc/zoneinfo";
            case "pagetypeinfo" -> "only that zone's lines of /proc/pagetypeinfo";
            default -> "only that zone's line of /proc/buddyinfo";
        };
        throw EvalException.notSupported("show " + kind + " " + text(s.getArgument()) + ": the argument would select " + meaning
                + ", and the emulator's " + kind + " view takes no argument yet; `show " + kind + "` shows the whole view", s.getArgument());
    }

    /** Upper bound of {@code show page P COUNT}: a listing that stays readable (crash's kmem -p has none). */
    static final long MAX_PAGES_LISTED = 4096;

    private Value argument(Show s, Evaluator.Env env, String usage) {
        if (s.getArgument() == null) throw new EvalException(usage, s);
        return eval.eval(s.getArgument(), env);
    }

    // ------------------------------------------------------------------ block statements

    private void enter(Statement stmt, Evaluator.Env env, Frame top, List<Frame> frames, Ctx ctx) {
        ctx.entered = true;
        Scope inner = new Scope(top.scope);
        int before = frames.size();
        int cpu = top.cpu;                                                // blocks inherit the CPU of the block around them
        switch (stmt) {
            case CpuBlock c -> {
                cpu = cpuOf(c, env);
                ctx.value = Value.integer(cpu);
                if (!body(c.getBody()).isEmpty()) frames.add(new Frame(Frame.Kind.CPU, "on cpu " + cpu, c, body(c.getBody()), top.task, inner));
            }
            case Repeat r -> {
                Value n = eval.eval(r.getCount(), env);
                if (!n.isNumeric()) throw new EvalException("repeat needs a count; this is " + Args.describe(n), r.getCount());
                ctx.value = n;
                if (n.bits() != 0 && !body(r.getBody()).isEmpty()) {   // an unsigned count
                    Frame f = new Frame(Frame.Kind.REPEAT, "repeat " + Long.toUnsignedString(n.bits()), r, body(r.getBody()), top.task, inner);
                    f.count = n.bits();
                    frames.add(f);
                }
            }
            case For f -> {
                Value from = eval.eval(f.getFrom(), env), to = eval.eval(f.getTo(), env);
                if (!from.isNumeric() || !to.isNumeric()) throw new EvalException("for needs numbers: for i in 0 .. 3", f);
                ctx.value = from;
                if (Long.compareUnsigned(from.bits(), to.bits()) <= 0 && !body(f.getBody()).isEmpty()) {   // unsigned bounds
                    Frame fr = new Frame(Frame.Kind.FOR, "for " + f.getName() + " in " + Long.toUnsignedString(from.bits()) + " .. "
                            + Long.toUnsignedString(to.bits()), f, body(f.getBody()), top.task, inner);
                    fr.var = f.getName();
                    fr.to = to.bits();
                    inner.define(f.getName(), Value.integer(from.bits()));
                    ctx.events.add(new StepEvent.Bound(f.getName(), Value.integer(from.bits())));
                    frames.add(fr);
                }
            }
            case If i -> {
                Value c = eval.eval(i.getCondition(), env);
                ctx.value = Value.bool(c.truthy());
                if (c.truthy()) {
                    if (!body(i.getThen()).isEmpty()) frames.add(new Frame(Frame.Kind.IF, "if (true)", i, body(i.getThen()), top.task, inner));
                } else if (i.getElseIf() != null) {
                    frames.add(new Frame(Frame.Kind.IF, "else", i, List.of(i.getElseIf()), top.task, inner));
                } else if (i.getElse() != null && !body(i.getElse()).isEmpty()) {
                    frames.add(new Frame(Frame.Kind.IF, "else", i, body(i.getElse()), top.task, inner));
                }
            }
            case ProcessBlock p -> frames.add(new Frame(Frame.Kind.PROCESS, "process " + p.getName(), p, body(p.getBody()),
                    task(p.getName(), "process", p), inner));
            case KthreadBlock k -> frames.add(new Frame(Frame.Kind.KTHREAD, "kthread " + k.getName(), k, body(k.getBody()),
                    task(k.getName(), "kthread", k), inner));
            default -> throw EvalException.notSupported("statement " + stmt.eClass().getName(), stmt);
        }
        if (frames.size() > before) frames.get(frames.size() - 1).cpu = cpu;
    }

    /** The CPU of {@code on cpu N}: a number from 0 to the machine's cpus - 1. */
    private int cpuOf(CpuBlock c, Evaluator.Env env) {
        Value n = eval.eval(c.getCpu(), env);
        if (!n.isNumeric()) throw new EvalException("on cpu needs a CPU number: on cpu 1 { ... }; this is " + Args.describe(n), c.getCpu());
        int cpus = Math.max(1, machine().spec().cpus());
        if (Long.compareUnsigned(n.bits(), cpus) >= 0) {
            throw new EvalException("on cpu " + ValueFormat.integer(n.bits()) + ": the machine has "
                    + (cpus == 1 ? "one CPU, cpu 0" : "CPUs 0 to " + (cpus - 1)) + " (write cpus N in the machine for more)", c.getCpu());
        }
        return (int) n.bits();
    }

    private static List<Statement> body(Block b) {
        return b == null ? List.of() : b.getStatements();
    }

    /** `show vmas|pagetables` shows the current task's mm; `show vmas NAME` that process's, as `walk ... in NAME` does. */
    private Task vmasOf(Show s, Evaluator.Env env) {
        if (s.getArgument() == null) return env.task();
        if (s.getArgument() instanceof io.kmemlab.lang.kmem.NameRef ref) return task(ref.getName(), "process", s.getArgument());
        throw new EvalException("show " + s.getKind() + " takes a process name: show " + s.getKind() + " app", s.getArgument());
    }

    /** The emulator's task for {@code process NAME} / {@code kthread NAME}: the same name re-enters the same task. */
    private Task task(String name, String kind, EObject at) {
        Task t = port.guard(kind + " " + name, () -> kind.equals("process") ? machine().process(name) : machine().kthread(name));
        if (t == null) throw new EvalException("the emulator could not create " + kind + " " + name, at);
        return t;
    }
}
