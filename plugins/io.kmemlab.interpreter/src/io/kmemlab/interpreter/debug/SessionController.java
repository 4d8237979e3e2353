package io.kmemlab.interpreter.debug;

import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.interpreter.exec.Frame;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.lang.kmem.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The controls of a debug session over one {@link Session}: step into, over and return, run
 * to line, resume, step back, reverse resume and terminate, with breakpoints, the stop
 * options, and the events of {@link SessionListener}.
 *
 * <p><b>Threading:</b> not thread-safe. A controller and its session are confined to one
 * thread, the engine thread of a {@link SessionDriver}; every method here is called on it.
 * Other threads use the driver. The only things read across threads are the
 * {@link Breakpoints} (thread-safe) and the interruption flag given at construction, which
 * is checked between two steps: that is how a long resume is suspended or cancelled.
 *
 * <p>The commands are consistent across boot phases: a boot phase is a step like a statement
 * (stepping into, over or back over it), step return during the boot runs to the end of the
 * boot, and reverse resume stops wherever a resume would have stopped.
 *
 * <p>Each command returns its last event: a {@link SessionEvent.Suspended} or a
 * {@link SessionEvent.Finished}.
 */
public final class SessionController {
    private final Session session;
    private final DebugOptions options;
    private final Breakpoints breakpoints;
    private final BooleanSupplier interrupted;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Conditions conditions = new Conditions();
    private final Stops stops;
    private final LastWriters lastWriters;
    private boolean terminated;
    private SessionEvent.Finished ended;
    private boolean delivering;

    /**
     * @param interrupted polled between steps; true stops the command running with
     *                    {@link SuspendReason.Requested}
     */
    public SessionController(Session session, DebugOptions options, Breakpoints breakpoints, BooleanSupplier interrupted) {
        this.session = session;
        this.options = options;
        this.breakpoints = breakpoints;
        this.interrupted = interrupted;
        this.stops = new Stops(session, breakpoints, conditions, this::problem);
        this.lastWriters = new LastWriters(session.limits().history());
    }

    /** A controller that is never interrupted, with its own breakpoints (tests, a single-threaded client). */
    public SessionController(Session session, DebugOptions options) {
        this(session, options, new Breakpoints(), () -> false);
    }

    public void addListener(SessionListener l) { listeners.add(l); }

    public void removeListener(SessionListener l) { listeners.remove(l); }

    public Breakpoints breakpoints() { return breakpoints; }

    public DebugOptions options() { return options; }

    /** The session (engine thread only). */
    public Session session() { return session; }

    public boolean terminated() { return terminated; }

    /** Which step last wrote a frame, an entry, a struct page field or a zone counter, at the current point (engine thread only). */
    public LastWriters lastWriters() { return lastWriters; }

    /**
     * The machine's inspection API at the current point: physical map, zones, struct pages,
     * walks (engine thread only: read it in a {@link SessionDriver#read}); null when the
     * machine could not be created.
     */
    public Inspector inspector() { return session.machine() == null ? null : session.machine().inspect(); }

    // ------------------------------------------------------------------ forward

    /** Runs until a breakpoint, a stop option, a suspend request or the end. Also what a launch does first. */
    public SessionEvent resume() {
        return forward(Command.RESUME, () -> false, null);
    }

    /** One step: a boot phase, a statement, or the head of a block (entering it). */
    public SessionEvent stepInto() {
        return forward(Command.STEP_INTO, () -> true, null);
    }

    /** One step; a block statement runs to its end (unless a breakpoint inside it stops first). */
    public SessionEvent stepOver() {
        int depth = depth();
        return forward(Command.STEP_OVER, () -> depth() <= depth, null);
    }

    /**
     * Runs until the current frame (a loop iteration's body, an if branch, a process or
     * kthread block) is left. At the scenario's top level it runs to the end; while the
     * machine boots it runs to the end of the boot.
     */
    public SessionEvent stepReturn() {
        if (!session.booted()) return forward(Command.STEP_RETURN, session::booted, null);
        int depth = depth();
        return forward(Command.STEP_RETURN, () -> depth > 1 && depth() < depth, null);
    }

    /**
     * Runs until the next statement is on {@code line} of {@code file} (moved to a statement
     * line as a breakpoint would be); breakpoints on the way stop it first.
     */
    public SessionEvent runToLine(String file, int line) {
        return forward(Command.RUN_TO_LINE, () -> false, new SuspendReason.RunToLine(file, line));
    }

    private int depth() { return session.frames().size(); }

    private SessionEvent forward(Command command, BooleanSupplier done, SuspendReason.RunToLine target) {
        if (terminated) return refuse(command, "the session was terminated");
        if (session.finished()) return finished(false);
        emit(new SessionEvent.Resumed(command));
        while (true) {
            Step s = session.step();
            if (s == null) return finished(false);
            lastWriters.stepped(s);
            emit(new SessionEvent.Stepped(s));
            if (session.finished()) {
                // an oops that ends the scenario is where an event breakpoint matters most: stop there
                SuspendReason.EventHit event = stops.eventHit(s);
                return event != null ? suspend(event) : finished(false);
            }
            SuspendReason why = stopHere(s, target, command == Command.RESUME || command == Command.RUN_TO_LINE);
            if (why == null && done.getAsBoolean()) why = new SuspendReason.StepEnd(command);
            if (why == null && interrupted.getAsBoolean()) why = new SuspendReason.Requested();
            if (why != null) return suspend(why);
        }
    }

    /**
     * Why a resume would stop at this point, after {@code last} ran: an event breakpoint it
     * satisfied, a boot phase or the entry (the stop options, which apply to resuming, not to
     * the step commands: a step return during the boot runs to its end), a line breakpoint or
     * the run-to-line target on the next statement. Null for none.
     */
    private SuspendReason stopHere(Step last, SuspendReason.RunToLine target, boolean options) {
        SuspendReason.EventHit event = stops.eventHit(last);
        if (event != null) return event;
        if (options && last != null && last.kind() == Step.Kind.BOOT) {
            if (this.options.stopAtBootPhases()) return new SuspendReason.BootPhase(phaseOf(last));
            if (this.options.stopAtEntry() && session.booted()) return new SuspendReason.Entry();
        }
        LineBreakpoint line = stops.lineHit();
        if (line != null) return new SuspendReason.LineHit(line);
        if (target != null) {
            Statement next = stops.nextStatement();
            if (next != null && stops.isAt(target.file(), target.line(), next.eResource(), BreakpointLines.lineOf(next))) return target;
        }
        return null;
    }

    private static String phaseOf(Step boot) {
        String l = boot.label();
        return l.startsWith("boot: ") ? l.substring(6) : l;
    }

    // ------------------------------------------------------------------ backwards

    /** Undoes the last step: machine, variables and frames are as they were before it. */
    public SessionEvent stepBack() {
        return backward(Command.STEP_BACK);
    }

    /**
     * Goes back to the last point before this one where a resume would have stopped (a
     * breakpoint, an event, a stop option), or to the start of the run (or of the history).
     */
    public SessionEvent reverseResume() {
        return backward(Command.REVERSE_RESUME);
    }

    private SessionEvent backward(Command command) {
        if (terminated) return refuse(command, "the session was terminated");
        if (!session.canStepBack()) {
            return refuse(command, session.steps().isEmpty() ? "nothing has run yet: there is no step to go back to"
                    : "no earlier step is kept (the session keeps the last " + session.limits().history() + " steps"
                    + (session.historyTrimmedForMemory() ? " within " + (session.limits().historyBytes() >> 20)
                            + " MiB of history; this run filled that budget, so it kept fewer; raise it with " + session.limits().knobs().historyMib()
                            : "") + ")");
        }
        emit(new SessionEvent.Resumed(command));
        while (true) {
            List<Step> steps = session.steps();
            Step undone = steps.get(steps.size() - 1);
            if (!session.back()) {
                problem(problemAt("step back over \"" + undone.label() + "\" failed: the machine could not be restored to the state before it; the session stays where it is"));
                return suspend(new SuspendReason.StepEnd(command));
            }
            lastWriters.undone();
            emit(new SessionEvent.Restored(undone));
            if (command == Command.STEP_BACK) return suspend(new SuspendReason.StepEnd(command));
            steps = session.steps();
            if (steps.isEmpty()) return suspend(new SuspendReason.Start());
            SuspendReason why = stopHere(steps.get(steps.size() - 1), null, true);
            if (why != null) return suspend(why);
            if (!session.canStepBack()) return suspend(new SuspendReason.HistoryLimit(steps.size()));
            if (interrupted.getAsBoolean()) return suspend(new SuspendReason.Requested());
        }
    }

    // ------------------------------------------------------------------ end

    /** Ends the session: no command runs after this. */
    public SessionEvent terminate() {
        if (terminated) return ended;
        terminated = true;
        ended = (SessionEvent.Finished) finished(true);
        return ended;
    }

    /** A command that cannot run: said as a problem, and the session stays suspended where it is. */
    private SessionEvent refuse(Command command, String why) {
        problem(problemAt(command.name().toLowerCase().replace('_', ' ') + ": " + why));
        if (terminated || session.finished() && !command.backwards()) return finished(terminated);
        return suspend(new SuspendReason.StepEnd(command));
    }

    private Problem problemAt(String message) {
        SourceLocation at = session.currentLocation();
        return new Problem(Problem.Severity.ERROR, at.file(), at.line(), 0, message);
    }

    private SessionEvent suspend(SuspendReason why) {
        SessionEvent.Suspended e = new SessionEvent.Suspended(why, position());
        emit(e);
        return e;
    }

    private SessionEvent finished(boolean byClient) {
        SessionEvent.Finished e = new SessionEvent.Finished(byClient, session.passed(), session.problems(), position());
        emit(e);
        return e;
    }

    private void problem(Problem p) {
        emit(new SessionEvent.ProblemFound(p));
    }

    private void emit(SessionEvent e) {
        for (SessionListener l : listeners) {
            try {
                l.on(e);
            } catch (RuntimeException failure) {
                // A listener's bug must not stop the engine; the other listeners hear of it once.
                if (delivering) continue;
                delivering = true;
                try {
                    Problem p = new Problem(Problem.Severity.ERROR, "?", 0, 0, "a session listener failed on " + e.getClass().getSimpleName()
                            + ": " + failure);
                    for (SessionListener o : listeners) {
                        if (o != l) {
                            try { o.on(new SessionEvent.ProblemFound(p)); } catch (RuntimeException ignored) { /* said once */ }
                        }
                    }
                } finally {
                    delivering = false;
                }
            }
        }
    }

    // ------------------------------------------------------------------ where the session is

    /**
     * Evaluates an expression of the language where the session stands, in the scope of the
     * next statement ({@code page_to_pfn(p)}, {@code zone(Normal)}); the machine is left as
     * it was even when the expression allocates.
     */
    public Evaluation evaluate(String expression) {
        return conditions.evaluate(session, expression.strip());
    }

    /** A copy of where the session stands, safe to hand to another thread. */
    public Position position() {
        List<Step> steps = session.steps();
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        return new Position(steps.size(), session.currentLocation(), session.booted(), session.finished(), stack(last),
                last, session.canStepBack() && !terminated);
    }

    private List<FrameState> stack(Step last) {
        List<FrameState> out = new ArrayList<>();
        if (session.finished()) {
            SourceLocation at = last != null ? last.location() : SourceLocation.of(session.scenario());
            out.add(new FrameState(FrameState.Kind.SCENARIO, "scenario \"" + session.scenario().getName() + "\" (ended)", at,
                    session.variables()));
            return out;
        }
        if (!session.booted()) {
            String name = session.scenario().getMachine() == null ? "?" : session.scenario().getMachine().getName();
            String label = "machine " + name + (last == null ? " (not booted)" : " (boot: after " + phaseOf(last) + ")");
            out.add(new FrameState(FrameState.Kind.BOOT, label, session.currentLocation(), Map.of()));
            return out;
        }
        List<Frame> frames = session.frames();
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            Statement at = i == frames.size() - 1 ? f.next() : f.previous();
            SourceLocation loc = at != null ? SourceLocation.of(at) : SourceLocation.of(f.owner());
            out.add(new FrameState(FrameState.Kind.valueOf(f.kind().name()), f.label(), loc, f.variables()));
        }
        return out;
    }
}
