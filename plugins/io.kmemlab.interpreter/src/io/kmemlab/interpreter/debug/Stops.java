package io.kmemlab.interpreter.debug;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.interpreter.exec.Frame;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.lang.kmem.Statement;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * Decides whether the session stops at its current point: the breakpoints' half of the
 * controller. Line breakpoints are matched against the next statement (before it runs),
 * event breakpoints against the step that just ran. Confined to the engine thread.
 */
final class Stops {
    private final Session session;
    private final Breakpoints breakpoints;
    private final Conditions conditions;
    private final Consumer<Problem> problems;
    /** Landed line of each breakpoint line, per resource (a resource does not change during a run). */
    private final Map<Resource, Map<Integer, Integer>> landed = new IdentityHashMap<>();
    private final Map<Resource, Map<String, Boolean>> sameFile = new IdentityHashMap<>();

    Stops(Session session, Breakpoints breakpoints, Conditions conditions, Consumer<Problem> problems) {
        this.session = session;
        this.breakpoints = breakpoints;
        this.conditions = conditions;
        this.problems = problems;
    }

    /** The statement the session runs next, or null while booting and at the end. */
    Statement nextStatement() {
        if (!session.booted() || session.finished()) return null;
        List<Frame> frames = session.frames();
        return frames.isEmpty() ? null : frames.get(frames.size() - 1).next();
    }

    /** The line breakpoint whose line the next statement starts on and whose condition holds (or is broken: said, and a stop). */
    LineBreakpoint lineHit() {
        List<LineBreakpoint> lines = breakpoints.state().lines();
        if (lines.isEmpty()) return null;
        Statement next = nextStatement();
        if (next == null) return null;
        Resource r = next.eResource();
        int line = BreakpointLines.lineOf(next);
        for (LineBreakpoint b : lines) {
            if (!isAt(b.file(), b.line(), r, line)) continue;
            if (!b.conditional()) return b;
            switch (conditions.test(session, b.condition())) {
                case Conditions.Verdict.Holds h -> { return b; }
                case Conditions.Verdict.Fails f -> { }
                case Conditions.Verdict.Broken broken -> {
                    SourceLocation at = SourceLocation.of(next);
                    problems.accept(new Problem(Problem.Severity.ERROR, at.file(), at.line(), 0,
                            "breakpoint " + b.describe() + ": " + broken.message() + "; the session stops here so you can fix it"));
                    return b;
                }
            }
        }
        return null;
    }

    /** True when the next statement starts on {@code line} of {@code file} (after moving the line to a statement). */
    boolean isAt(String file, int line, Resource r, int statementLine) {
        if (r == null || !sameFile(file, r)) return false;
        Integer to = landed.computeIfAbsent(r, k -> new HashMap<>()).computeIfAbsent(line, l -> {
            OptionalInt o = BreakpointLines.landing(r, l);
            return o.isPresent() ? o.getAsInt() : -1;
        });
        return to == statementLine;
    }

    /** The first event breakpoint {@code step} satisfies, with what happened; null for none. */
    SuspendReason.EventHit eventHit(Step step) {
        if (step == null) return null;
        for (EventBreakpoint b : breakpoints.state().events()) {
            String detail = switch (b) {
                case EventBreakpoint.Report r -> report(step, r.kind());
                case EventBreakpoint.RefcountChanged r -> refcount(step.changes(), r.pfn());
                case EventBreakpoint.EntryWritten e -> entry(step.changes(), e);
                case EventBreakpoint.Allocation a -> allocation(step.changes(), a);
            };
            if (detail != null) return new SuspendReason.EventHit(b, detail);
        }
        return null;
    }

    /** page->_refcount of {@code pfn} written: a field change that overlaps it, or the boot's memmap_init of its descriptor. */
    private String refcount(ChangeSet changes, long pfn) {
        if (changes.fields().isEmpty() && changes.ranges().isEmpty()) return null;
        Machine m = session.machine();
        if (m == null) return null;
        int off = m.inspect().structPageLayout().refcountOffset();
        for (ChangeSet.FieldChange f : changes.fields()) {
            if (f.pfn() != pfn || f.offset() >= off + 4 || off >= f.offset() + f.bytes()) continue;
            return String.format("page_ref_count(pfn 0x%x): %s", pfn, f.offset() == off && f.bytes() == 4
                    ? (int) f.before() + " -> " + (int) f.after() : f.field() + " written");
        }
        for (ChangeSet.DescriptorRange r : changes.ranges()) {
            if (r.contains(pfn)) return String.format("page_ref_count(pfn 0x%x): its struct page was initialised (memmap_init)", pfn);
        }
        return null;
    }

    /** An entry on the path that translates the address, as it is after the step, was written. */
    private String entry(ChangeSet changes, EventBreakpoint.EntryWritten e) {
        if (changes.entries().isEmpty()) return null;
        Machine m = session.machine();
        if (m == null) return null;
        Inspector in = m.inspect();
        Translation t = e.process() == null ? in.walk(e.address()) : in.walk(in.addressSpace(e.process()), e.address());
        if (t == null) return null;
        Set<Long> path = new HashSet<>();
        for (Translation.Level l : t.levels()) path.add(l.entryPa());
        for (ChangeSet.EntryChange c : changes.entries()) {
            if (path.contains(c.entryPa())) {
                return String.format("%s entry at phys 0x%x (mapping 0x%x%s): 0x%x -> 0x%x", c.levelName(), c.entryPa(), e.address(),
                        e.process() == null ? "" : " in " + e.process(), c.before(), c.after());
            }
        }
        return null;
    }

    /** {@code pfn}'s owner went from free to something (allocated) or back (freed). */
    private static String allocation(ChangeSet changes, EventBreakpoint.Allocation a) {
        for (ChangeSet.OwnerChange o : changes.owners()) {
            if (!o.contains(a.pfn())) continue;
            boolean allocated = o.before() == FrameOwner.FREE && o.after() != FrameOwner.FREE;
            boolean freed = o.after() == FrameOwner.FREE && o.before() != FrameOwner.FREE;
            boolean wanted = switch (a.when()) {
                case ALLOCATED -> allocated;
                case FREED -> freed;
                case EITHER -> allocated || freed;
            };
            if (wanted) {
                return String.format("pfn 0x%x %s (%s -> %s, %d frame%s from pfn 0x%x)", a.pfn(), allocated ? "allocated" : "freed",
                        o.before().label, o.after().label, o.count(), o.count() == 1 ? "" : "s", o.startPfn());
            }
        }
        return null;
    }

    private static String report(Step step, EventBreakpoint.ReportKind kind) {
        for (StepEvent e : step.events()) {
            if (e instanceof StepEvent.Report r && kind.matches(r.report().kind())) return r.report().headline();
        }
        return null;
    }

    private boolean sameFile(String file, Resource r) {
        return sameFile.computeIfAbsent(r, k -> new HashMap<>()).computeIfAbsent(file, f -> sameFile(f, r.getURI()));
    }

    /** {@code file} names the resource at {@code uri}: its URI as written, or the same path on disk. */
    static boolean sameFile(String file, URI uri) {
        if (uri == null) return false;
        if (file.equals(uri.toString())) return true;
        if (!uri.isFile()) return false;
        try {
            Path given = file.startsWith("file:") ? Path.of(java.net.URI.create(file)) : Path.of(file);
            return Path.of(uri.toFileString()).toAbsolutePath().normalize().equals(given.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {  // includes InvalidPathException: not a path at all
            return false;
        }
    }
}
