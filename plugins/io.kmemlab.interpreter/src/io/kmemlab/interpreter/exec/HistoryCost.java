package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.interpreter.load.Problem;
import java.util.HashSet;
import java.util.Set;

/**
 * Estimated heap bytes of what a run keeps of its past, for {@link Limits#historyBytes()}: a
 * step's record and a checkpoint's share of memory. Estimates, not measurements (the JVM has no
 * cheap deep size): object headers and references at 16 and 8 bytes, strings at one byte a
 * character. What matters is that they grow with what is kept, so a long loop meets the budget
 * instead of the heap's end.
 */
final class HistoryCost {
    /** A Step record, its SourceLocation and its lists' shells. */
    static final long STEP = 200;
    /** A snapshot without memory: the interpreter's frames and scopes, the subsystems' state roots. */
    static final long SNAPSHOT = 2048;
    /** Memory is shared copy-on-write: a frame or page-table page written after a checkpoint is a page it keeps. */
    static final long PAGE = 4096;

    private HistoryCost() { }

    static long step(Step s) {
        long bytes = STEP + text(s.label()) + 8L * s.stack().size() + changes(s.changes());
        for (StepEvent e : s.events()) bytes += event(e);
        return bytes;
    }

    /** A forgotten step's finding, which stays. */
    static long finding(Problem p) {
        return 64 + text(p.message()) + text(p.file());
    }

    /** What a checkpoint holds once the step after it has run: the pages that step copied away from it. */
    static long copiedPages(ChangeSet c) {
        Set<Long> tables = new HashSet<>();
        for (ChangeSet.EntryChange e : c.entries()) tables.add(e.entryPa() >>> 12);
        return PAGE * (c.frames().size() + tables.size());
    }

    private static long changes(ChangeSet c) {
        if (c.isEmpty()) return 0;
        return 96 + 48L * (c.owners().size() + c.frames().size() + c.ranges().size() + c.counters().size())
                + 80L * (c.entries().size() + c.fields().size());
    }

    private static long event(StepEvent e) {
        return switch (e) {
            case StepEvent.Output o -> 32 + text(o.text());
            case StepEvent.Finding f -> 64 + text(f.problem().message());
            default -> 64;
        };
    }

    private static long text(String s) {
        return s == null ? 0 : 40 + s.length();
    }
}
