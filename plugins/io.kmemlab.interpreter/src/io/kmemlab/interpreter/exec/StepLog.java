package io.kmemlab.interpreter.exec;

import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.value.Value;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The steps of a run, whose oldest ones may be forgotten to stay within the history budget
 * ({@link Limits#historyBytes()}): a forgotten step still counts (indices and the size do not
 * change) and its findings stay, but its record is gone; reading it gives a placeholder.
 */
final class StepLog extends AbstractList<Step> implements RandomAccess {
    private final ArrayList<Step> kept = new ArrayList<>();
    private final List<Problem> forgottenFindings = new ArrayList<>();
    private final SourceLocation placeholderAt;
    private int forgotten;

    StepLog(SourceLocation placeholderAt) {
        this.placeholderAt = placeholderAt;
    }

    @Override public int size() { return forgotten + kept.size(); }

    @Override public Step get(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException(i);
        return i < forgotten ? new Step(i, Step.Kind.STATEMENT, placeholderAt,
                "(step " + i + ": no longer kept, beyond the history budget)", List.of(), Value.VOID, List.of()) : kept.get(i - forgotten);
    }

    @Override public boolean add(Step s) {
        kept.add(s);
        return true;
    }

    @Override public Step set(int i, Step s) {
        if (i < forgotten) throw new IllegalStateException("step " + i + " is no longer kept");
        return kept.set(i - forgotten, s);
    }

    @Override public Step remove(int i) {
        if (i != size() - 1 || kept.isEmpty()) throw new IllegalStateException("only the last step kept can be removed");
        return kept.remove(kept.size() - 1);
    }

    /** Steps [0, forgotten()) are no longer kept. */
    int forgotten() { return forgotten; }

    /**
     * Forgets the kept steps below index {@code end}, keeping their findings; returns the
     * HistoryCost bytes this frees.
     */
    long forgetBelow(int end) {
        int n = Math.min(end - forgotten, kept.size());
        if (n <= 0) return 0;
        long freed = 0;
        List<Step> gone = kept.subList(0, n);
        for (Step s : gone) {
            freed += HistoryCost.step(s);
            for (Problem p : s.problems()) {
                forgottenFindings.add(p);
                freed -= HistoryCost.finding(p);
            }
        }
        gone.clear();
        forgotten += n;
        return freed;
    }

    /** Every finding of every step run, forgotten or kept, in order. */
    List<Problem> problems() {
        List<Problem> out = new ArrayList<>(forgottenFindings);
        for (Step s : kept) out.addAll(s.problems());
        return out;
    }
}
