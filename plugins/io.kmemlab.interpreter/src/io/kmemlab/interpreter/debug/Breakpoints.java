package io.kmemlab.interpreter.debug;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The breakpoints of one debug session. Safe to change from any thread at any time: the engine
 * reads an immutable snapshot between two steps, so a breakpoint added during a long resume
 * stops that resume.
 */
public final class Breakpoints {
    /** One consistent view: the set, split by kind for the engine's per-step checks. */
    record State(Set<Breakpoint> all, List<LineBreakpoint> lines, List<EventBreakpoint> events) {
        static final State EMPTY = new State(Set.of(), List.of(), List.of());

        static State of(Collection<? extends Breakpoint> bps) {
            Set<Breakpoint> all = new LinkedHashSet<>(bps);
            List<LineBreakpoint> lines = new ArrayList<>();
            List<EventBreakpoint> events = new ArrayList<>();
            for (Breakpoint b : all) {
                switch (b) {
                    case LineBreakpoint l -> lines.add(l);
                    case EventBreakpoint e -> events.add(e);
                }
            }
            return new State(java.util.Collections.unmodifiableSet(all), List.copyOf(lines), List.copyOf(events));
        }
    }

    private volatile State state = State.EMPTY;

    /** Adds {@code b}; false when it was there already. */
    public synchronized boolean add(Breakpoint b) {
        if (state.all.contains(b)) return false;
        List<Breakpoint> next = new ArrayList<>(state.all);
        next.add(b);
        state = State.of(next);
        return true;
    }

    /** Removes {@code b}; false when it was not there. */
    public synchronized boolean remove(Breakpoint b) {
        if (!state.all.contains(b)) return false;
        List<Breakpoint> next = new ArrayList<>(state.all);
        next.remove(b);
        state = State.of(next);
        return true;
    }

    /** Replaces every breakpoint. */
    public synchronized void replaceAll(Collection<? extends Breakpoint> bps) {
        state = State.of(bps);
    }

    /** Replaces the line breakpoints of {@code file} (as a Debug Adapter's setBreakpoints does), keeping the others. */
    public synchronized void replaceLines(String file, Collection<LineBreakpoint> lines) {
        List<Breakpoint> next = new ArrayList<>();
        for (Breakpoint b : state.all) if (!(b instanceof LineBreakpoint l && l.file().equals(file))) next.add(b);
        next.addAll(lines);
        state = State.of(next);
    }

    /** The breakpoints now, in the order they were added. */
    public Set<Breakpoint> all() { return state.all; }

    State state() { return state; }
}
