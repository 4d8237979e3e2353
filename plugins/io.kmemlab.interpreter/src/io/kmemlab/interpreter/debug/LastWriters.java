package io.kmemlab.interpreter.debug;

import io.kmemlab.emulator.inspect.Provenance;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.SourceLocation;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Provenance for the debugger: which step (file:line) last wrote a frame, a page-table entry,
 * a struct page field or a zone counter. Built from each step's change set as the session
 * steps, and rolled back with it when it steps back, so the answers are always those of the
 * current point of the run. Confined to the engine thread, like the session.
 */
public final class LastWriters {
    /**
     * A step that wrote something.
     *
     * @param step     its index in the run
     * @param location its statement (the machine for a boot phase)
     * @param label    the statement's text, or "boot: PHASE"
     */
    public record Writer(int step, SourceLocation location, String label) {
        /** {@code file:line}. */
        public String where() { return location.where(); }
    }

    private final Provenance<Writer> provenance = new Provenance<>();
    /** The provenance mark before each step that can still be undone, oldest first. */
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final int history;

    /** @param history how many steps the session keeps for stepping back */
    LastWriters(int history) {
        this.history = history;
    }

    /** Records {@code s}, which just ran. */
    void stepped(Step s) {
        marks.addLast(provenance.mark());
        provenance.record(s.changes(), new Writer(s.index(), s.location(), s.label()));
        if (marks.size() > history) {
            marks.pollFirst();
            provenance.forget(marks.isEmpty() ? provenance.mark() : marks.peekFirst());
        }
    }

    /** The last step was undone. */
    void undone() {
        Integer mark = marks.pollLast();
        if (mark != null) provenance.rollback(mark);
    }

    /** The step that last changed frame {@code pfn} (its owner or contents), or null when no step did. */
    public Writer frame(long pfn) { return provenance.frame(pfn); }

    /** The step that last wrote the page-table entry at physical address {@code entryPa}, or null. */
    public Writer entry(long entryPa) { return provenance.entry(entryPa); }

    /** The step that last wrote bytes [offset, offset + bytes) of pfn's struct page, or null. */
    public Writer field(long pfn, int offset, int bytes) { return provenance.field(pfn, offset, bytes); }

    /** The step that last changed a zone counter ({@code nr_free_pages}, {@code free_area[3].nr_free} ...), or null. */
    public Writer counter(int nid, String zone, String counter) { return provenance.counter(nid, zone, counter); }
}
