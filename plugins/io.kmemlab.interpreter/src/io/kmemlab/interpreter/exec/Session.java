package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.interpreter.port.EmulatorException;
import io.kmemlab.interpreter.port.KernelPort;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;

/**
 * A running scenario, one step at a time: first the machine's boot phases, then statement
 * by statement. This is the debugger's engine: {@link #step()} (step into),
 * {@link #stepOver()}, {@link #stepReturn()}, {@link #back()} (restore the checkpoint taken
 * before the last step), the frame stack and the next statement's location. The CLI and
 * the tests call {@link #runToEnd}.
 */
public final class Session {
    private final Scenario scenario;
    private final Limits limits;
    private Machine machine;
    private KernelPort port;
    private StatementRunner runner;
    private final List<Frame> frames = new ArrayList<>();
    private final StepLog steps;
    private final List<Problem> setupProblems = new ArrayList<>();
    private final Deque<Snapshot> history = new ArrayDeque<>();
    private boolean booted;
    private boolean finished;
    private int bootSteps;
    /** The innermost scope when the run ended, so the variables stay inspectable afterwards. */
    private Scope lastScope;

    /** Time spent inside step(): the run-time budget counts it, not the time a debugger sits paused. */
    private long runNanos;

    /** Estimated bytes of the steps and snapshots kept (HistoryCost), held under limits.historyBytes(). */
    private long historyBytes;
    /** Checkpoints dropped to stay within the memory budget (not for the step count). */
    private long droppedForMemory;

    private Session(Scenario scenario, Limits limits) {
        this.scenario = scenario;
        this.limits = limits;
        this.steps = new StepLog(SourceLocation.of(scenario));
    }

    /** Prepares {@code scenario}: builds its machine (not booted yet: booting is the first steps). */
    public static Session start(Scenario scenario, Limits limits) {
        Session s = new Session(scenario, limits);
        s.create();
        return s;
    }

    private void create() {
        io.kmemlab.lang.kmem.Machine m = scenario.getMachine();
        if (m == null || m.eIsProxy()) {
            fail(scenario, "the machine of this scenario is not defined (define it or import the file that does)");
            return;
        }
        MachineSpec spec;
        try {
            spec = MachineSpecs.of(m);
        } catch (EvalException e) {
            fail(e.where() != null ? e.where() : m, e.getMessage());
            return;
        }
        try {
            machine = Machine.create(spec);
        } catch (RuntimeException e) {
            fail(m, EmulatorException.of("machine " + m.getName(), e).getMessage());
            return;
        }
        for (Diagnostic d : machine.diagnostics().all()) {
            if (d.kind() == Diagnostic.Kind.ERROR || d.isOops()) fail(m, "machine " + m.getName() + ": " + d.headline());
        }
        if (finished) return;
        port = new KernelPort(machine);
        runner = new StatementRunner(port);
        frames.add(new Frame(Frame.Kind.SCENARIO, "scenario \"" + scenario.getName() + "\"", scenario,
                scenario.getBody() == null ? List.of() : scenario.getBody().getStatements(), machine.kernel(), new Scope(null)));
    }

    private void fail(EObject where, String message) {
        setupProblems.add(problem(Problem.Severity.ERROR, where, message));
        finished = true;
    }

    static Problem problem(Problem.Severity sev, EObject where, String message) {
        SourceLocation at = SourceLocation.of(where);
        return new Problem(sev, at.file(), at.line(), at.column(), message);
    }

    // ------------------------------------------------------------------ stepping

    public boolean finished() { return finished; }

    /** Executes the next step (a boot phase, a statement, or a block header) and returns it; null when finished. */
    public Step step() {
        if (finished) return null;
        long started = System.nanoTime();
        if (limits.history() > 0) remember();
        Step s = booted ? statementStep() : bootStep();
        if (limits.history() > 0) s = withChanges(s);
        steps.add(s);
        runNanos += System.nanoTime() - started;
        checkLimits(s);
        s = steps.get(steps.size() - 1);    // with the finding of a limit it crossed
        account(s);
        return s;
    }

    /**
     * Adds step {@code s} and the pages its checkpoint now holds to the history's bytes, then
     * brings them back under the budget: first the steps that can no longer be stepped back
     * to are forgotten (their findings stay), then the oldest checkpoints go (the newest one
     * stays, so one step back always works).
     */
    private void account(Step s) {
        historyBytes += HistoryCost.step(s);
        Snapshot last = history.peekLast();
        if (last != null && last.steps == s.index() && last.checkpoint != null) {
            long held = HistoryCost.copiedPages(s.changes());
            history.pollLast();
            history.addLast(last.holding(held));
            historyBytes += held;
        }
        while (historyBytes > limits.historyBytes()) {
            int oldestUndoable = history.isEmpty() ? steps.size() : history.peekFirst().steps;
            if (steps.forgotten() < oldestUndoable - 1) {
                historyBytes -= steps.forgetBelow(oldestUndoable - 1);   // the last step stays: it is where the run stands
            } else if (history.size() > 1) {
                historyBytes -= history.pollFirst().bytes;
                droppedForMemory++;
            } else {
                break;
            }
        }
    }

    /** Estimated bytes of the steps and checkpoints this session keeps (at most {@link Limits#historyBytes()}, give or take a step). */
    public long historyBytes() { return historyBytes; }

    /** How many steps back the session can go now. */
    public int stepsBackKept() {
        int n = 0;
        for (Snapshot snap : history) if (snap.checkpoint != null) n++;
        return n;
    }

    /** True when checkpoints were dropped to stay within {@link Limits#historyBytes()}. */
    public boolean historyTrimmedForMemory() { return droppedForMemory > 0; }

    /** Runs the next statement and, when it opens a block, that whole block. */
    public List<Step> stepOver() {
        int depth = frames.size();
        List<Step> out = new ArrayList<>();
        Step s = step();
        if (s != null) out.add(s);
        while (!finished && frames.size() > depth) out.add(step());
        return out;
    }

    /** Runs until the current frame (loop body, process or kthread block) is left. */
    public List<Step> stepReturn() {
        int depth = frames.size();
        List<Step> out = new ArrayList<>();
        while (!finished && (depth <= 1 || frames.size() >= depth)) out.add(step());
        return out;
    }

    /**
     * Runs every remaining step, handing each to {@code listener}, and returns {@link #steps()}
     * (the session keeps them within its history budget; no second list of them is built).
     */
    public List<Step> runToEnd(java.util.function.Consumer<Step> listener) {
        while (!finished) {
            Step s = step();
            if (s == null) break;
            if (listener != null) listener.accept(s);
        }
        return steps();
    }

    /**
     * Undoes the last step: the emulator's checkpoint and the interpreter's frames are
     * restored together. When the machine does not take the checkpoint back (it says so:
     * {@code Machine.restore} returns false), nothing changes and the answer is false: the
     * session never claims a state the machine is not in.
     */
    public boolean back() {
        Snapshot snap = history.peekLast();
        if (snap == null || snap.checkpoint == null || machine == null) return false;
        if (!restore(snap)) return false;
        history.pollLast();
        historyBytes -= snap.bytes;
        frames.clear();
        frames.addAll(snap.frames);
        while (steps.size() > snap.steps) historyBytes -= HistoryCost.step(steps.remove(steps.size() - 1));
        booted = snap.booted;
        finished = snap.finished;
        bootSteps = snap.bootSteps;
        lastScope = snap.lastScope;
        return true;
    }

    /** Restores the machine to {@code snap}; true when it is then in the snapshot's boot phase. */
    private boolean restore(Snapshot snap) {
        try {
            if (!machine.restore(snap.checkpoint)) return false;
        } catch (RuntimeException e) {
            return false;
        }
        return machine.phase() == snap.phase;
    }

    public boolean canStepBack() { return !history.isEmpty() && history.peekLast().checkpoint != null; }

    /** @param bytes estimated bytes it keeps alive (HistoryCost), counted in historyBytes */
    private record Snapshot(Checkpoint checkpoint, BootPhase phase, List<Frame> frames, int steps, boolean booted, boolean finished,
            int bootSteps, Scope lastScope, long bytes) {
        Snapshot holding(long more) {
            return new Snapshot(checkpoint, phase, frames, steps, booted, finished, bootSteps, lastScope, bytes + more);
        }
    }

    /**
     * {@code s} with what it changed in the machine: the difference between the checkpoint
     * taken before it and now (io.kmemlab.emulator.inspect.ChangeSet), what event breakpoints,
     * provenance and the views' "changed" marks read.
     */
    private Step withChanges(Step s) {
        Snapshot before = history.peekLast();
        if (before == null || before.checkpoint == null || machine == null) return s;
        try {
            return s.withChanges(machine.changesSince(before.checkpoint));
        } catch (RuntimeException e) {
            List<StepEvent> events = new ArrayList<>(s.events());
            events.add(new StepEvent.Finding(problem(Problem.Severity.WARNING, scenario,
                    "the change set of this step could not be computed (" + e + "); event breakpoints and provenance miss it")));
            return new Step(s.index(), s.kind(), s.location(), s.label(), s.stack(), s.value(), List.copyOf(events));
        }
    }

    private void remember() {
        Checkpoint cp = null;
        if (machine != null) {
            try {
                cp = machine.checkpoint();
            } catch (RuntimeException e) {
                cp = null;                                   // this step cannot be undone
            }
        }
        history.addLast(new Snapshot(cp, machine == null ? null : machine.phase(), copyFrames(), steps.size(), booted, finished,
                bootSteps, lastScope, HistoryCost.SNAPSHOT));
        historyBytes += HistoryCost.SNAPSHOT;
        while (history.size() > limits.history()) historyBytes -= history.pollFirst().bytes;
    }

    /** Deep copy of the frames with their scope chains (values are immutable). */
    private List<Frame> copyFrames() {
        Map<Scope, Scope> copies = new IdentityHashMap<>();
        List<Frame> out = new ArrayList<>();
        for (Frame f : frames) out.add(f.copy(copyScope(f.scope, copies)));
        return out;
    }

    private static Scope copyScope(Scope s, Map<Scope, Scope> copies) {
        if (s == null) return null;
        Scope c = copies.get(s);
        if (c != null) return c;
        c = new Scope(copyScope(s.parent, copies));
        c.vars.putAll(s.vars);
        copies.put(s, c);
        return c;
    }

    // ------------------------------------------------------------------ boot

    private Step bootStep() {
        TraceSink rec = new TraceSink();
        List<StepEvent> events = new ArrayList<>();
        String label = "boot";
        try {
            boolean more = machine.bootStep(rec);
            BootPhase phase = machine.phase();
            if (phase != null) label = phase.name();
            bootSteps++;
            booted = machine.booted();
            if (!booted && (!more || bootSteps > BootPhase.values().length)) {
                events.add(new StepEvent.Finding(problem(Problem.Severity.ERROR, scenario.getMachine(),
                        "machine " + scenario.getMachine().getName() + " did not boot (stopped after phase " + label + ")")));
                finished = true;
            }
        } catch (RuntimeException e) {
            events.add(new StepEvent.Finding(problem(Problem.Severity.ERROR, scenario.getMachine(),
                    EmulatorException.of("boot", e).getMessage())));
            finished = true;
        }
        for (TraceItem t : rec.items()) {
            if (t instanceof TraceItem.Report r) {
                boolean fatal = r.isOops() || r.kind().equals("ERROR");
                events.add(new StepEvent.Report(r, false));
                if (fatal) {
                    events.add(new StepEvent.Finding(problem(Problem.Severity.ERROR, scenario.getMachine(), "boot: " + r.headline())));
                    finished = true;
                }
            } else {
                events.add(new StepEvent.Trace(t));
            }
        }
        if (booted && frames.isEmpty()) finished = true;
        return new Step(steps.size(), Step.Kind.BOOT, SourceLocation.of(scenario.getMachine()), "boot: " + label,
                List.of("machine " + scenario.getMachine().getName()), Value.VOID, List.copyOf(events));
    }

    // ------------------------------------------------------------------ statements

    private Step statementStep() {
        Frame top = frames.get(frames.size() - 1);
        Statement stmt = top.statements.get(top.pc++);
        List<String> stack = stackLabels();
        StatementRunner.Outcome out = runner.run(stmt, top, frames);
        if (out.endsScenario()) {
            finished = true;
            lastScope = frames.get(frames.size() - 1).scope;
            frames.clear();
        }
        leaveFinishedFrames();
        Step.Kind kind = out.entered() ? Step.Kind.ENTER : Step.Kind.STATEMENT;
        SourceLocation at = SourceLocation.of(stmt);
        return new Step(steps.size(), kind, at, label(stmt, at.text()), stack, out.value(), out.events());
    }

    /**
     * What a step shows of its statement: the statement itself, or for a block statement
     * (process, kthread, repeat, for, if) only its head up to the brace: its body's statements
     * are steps of their own. The source text is whitespace-normalised, hence the brace.
     */
    static String label(Statement stmt, String text) {
        boolean block = stmt.eContents().stream().anyMatch(c -> c instanceof io.kmemlab.lang.kmem.Block);
        int brace = block ? text.indexOf('{') : -1;
        return (brace < 0 ? text : text.substring(0, brace + 1)).strip();
    }

    /** Pops frames that reached their end, starting the next loop iteration where there is one. */
    private void leaveFinishedFrames() {
        while (!frames.isEmpty()) {
            Frame f = frames.get(frames.size() - 1);
            if (f.pc < f.statements.size()) return;
            // counts are unsigned, as the kernel's: repeat 0xffffffffffffffff runs (until a budget stops it)
            if (f.kind == Frame.Kind.REPEAT && Long.compareUnsigned(++f.iteration, f.count) < 0) {
                f.pc = 0;
                f.scope = new Scope(f.scope.parent);
                if (!f.statements.isEmpty()) return;
                continue;
            }
            if (f.kind == Frame.Kind.FOR) {
                long i = f.scope.vars.get(f.var).bits();
                if (Long.compareUnsigned(i, f.to) < 0) {
                    f.pc = 0;
                    f.scope = new Scope(f.scope.parent);
                    f.scope.define(f.var, Value.integer(i + 1));
                    if (!f.statements.isEmpty()) return;
                    continue;
                }
            }
            lastScope = f.scope;
            frames.remove(frames.size() - 1);
        }
        finished = true;
    }

    private void checkLimits(Step s) {
        if (finished) return;
        if (steps.size() >= limits.maxSteps()) {
            stop(s, "step budget exhausted: " + steps.size() + " steps run (the boot's included), the limit is " + limits.maxSteps()
                    + " (a loop that runs too long?); the scenario stops here. Raise it with " + limits.knobs().steps());
            return;
        }
        if (runNanos / 1_000_000 >= limits.maxRunMillis()) {
            stop(s, "time budget exhausted: " + runNanos / 1_000_000_000 + " s spent running " + steps.size()
                    + " steps (the boot's included), the limit is " + limits.maxRunMillis() / 1000
                    + " s; the scenario stops here. Raise it with " + limits.knobs().seconds());
            return;
        }
        if ((steps.size() & 255) == 0) {
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            if (used > limits.maxHeapBytes()) {
                System.gc();
                used = rt.totalMemory() - rt.freeMemory();
                if (used > limits.maxHeapBytes()) {
                    stop(s, "memory cap reached: " + (used >> 20) + " MiB in use, the limit is " + (limits.maxHeapBytes() >> 20)
                            + " MiB (90% of the JVM's heap); the scenario stops here. Raise it by "
                            + limits.knobs().heap());
                }
            }
        }
    }

    /** Ends the run with a finding attached to the step that crossed a limit. */
    private void stop(Step s, String message) {
        EObject where = frames.isEmpty() ? scenario : frames.get(frames.size() - 1).owner;
        Frame top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        if (top != null && top.pc > 0 && top.pc <= top.statements.size()) where = top.statements.get(top.pc - 1);
        List<StepEvent> events = new ArrayList<>(s.events());
        events.add(new StepEvent.Finding(problem(Problem.Severity.ERROR, where, message)));
        steps.set(steps.size() - 1, new Step(s.index(), s.kind(), s.location(), s.label(), s.stack(), s.value(), List.copyOf(events),
                s.changes()));
        finished = true;
        if (!frames.isEmpty()) lastScope = frames.get(frames.size() - 1).scope;
        frames.clear();
    }

    // ------------------------------------------------------------------ what the debugger reads

    /** Frame labels, outermost first. */
    public List<String> stackLabels() {
        List<String> out = new ArrayList<>();
        for (Frame f : frames) out.add(f.label());
        return out;
    }

    public List<Frame> frames() { return Collections.unmodifiableList(frames); }

    /** Where the next step is: the next statement, or the machine while booting. */
    public SourceLocation currentLocation() {
        if (!booted) return SourceLocation.of(scenario.getMachine());
        if (frames.isEmpty()) return SourceLocation.of(scenario);
        Statement next = frames.get(frames.size() - 1).next();
        return SourceLocation.of(next != null ? next : scenario);
    }

    /** Variables visible in the innermost frame. */
    public Map<String, Value> variables() {
        if (frames.isEmpty()) return lastScope == null ? Map.of() : lastScope.visible();
        return frames.get(frames.size() - 1).scope.visible();
    }

    /**
     * Evaluates {@code expression} where the next statement would run (after the end: where the
     * last one ran), as a breakpoint condition or a debugger's expression is. The machine is
     * restored afterwards, so an expression that allocates or faults leaves no trace.
     *
     * @throws EvalException when the expression cannot be evaluated here (the message says why)
     */
    public Value evaluate(io.kmemlab.lang.kmem.Expression expression) {
        if (runner == null) throw new EvalException("the machine of this scenario could not be created", expression);
        Scope scope = frames.isEmpty() ? (lastScope == null ? new Scope(null) : lastScope) : frames.get(frames.size() - 1).scope;
        Task task = frames.isEmpty() ? machine.kernel() : frames.get(frames.size() - 1).task;
        Checkpoint checkpoint = machine.checkpoint();
        try {
            return runner.evaluate(expression, scope, task);
        } finally {
            machine.restore(checkpoint);
        }
    }

    public List<Step> steps() { return Collections.unmodifiableList(steps); }

    public boolean booted() { return booted; }

    public Scenario scenario() { return scenario; }

    /** The step budget, memory cap and history this session runs with. */
    public Limits limits() { return limits; }

    /**
     * The emulated machine, for the debugger and the views to read (null when the scenario's
     * machine could not be created). Read it between steps, on the thread that steps.
     */
    public Machine machine() { return machine; }

    /** Every finding so far: setup problems and those of the steps run. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>(setupProblems);
        out.addAll(steps.problems());
        return out;
    }

    /** True when no error was found (warnings do not count), so far. */
    public boolean passed() {
        return problems().stream().noneMatch(Problem::isError);
    }
}
