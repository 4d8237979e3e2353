package io.kmemlab.emulator.paging;

import io.kmemlab.emulator.arch.TableEntry;
import java.util.List;

/**
 * The outcome of a page-table walk.
 *
 * @param va        the address walked
 * @param steps     every entry read, top level first
 * @param leafLevel level of the leaf that mapped the address, or -1
 * @param pa        the physical address, or -1
 * @param failLevel level whose entry was not present (-1 if the walk reached a leaf)
 */
public record WalkResult(long va, List<Step> steps, int leafLevel, long pa, int failLevel) {
    /**
     * One entry read.
     *
     * @param level     level number (PagingMode.PGD ...)
     * @param name      pgd, p4d, pud, pmd, pte
     * @param tablePa   physical address of the table
     * @param index     index into the table
     * @param entryPa   physical address of the entry
     * @param raw       entry value
     * @param flags     decoded flags
     */
    public record Step(int level, String name, long tablePa, int index, long entryPa, long raw, String flags) implements TableEntry { }

    public boolean mapped() { return pa >= 0; }

    public Step last() { return steps.isEmpty() ? null : steps.get(steps.size() - 1); }
}
