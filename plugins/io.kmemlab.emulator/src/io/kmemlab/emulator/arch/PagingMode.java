package io.kmemlab.emulator.arch;

import java.util.List;

/**
 * A paging mode: the levels Linux walks, top (pgd) first, and the entry format.
 *
 * @param name   "4-level", "5-level", "2-level", "pae", "short"
 * @param levels pgd, p4d, pud, pmd, pte - always five, folded ones marked, so generic
 *               code can call pud_offset() etc. on every arch as Linux does
 * @param format the entry encoding
 * @param vaBits implemented virtual address bits (48, 57, 32)
 */
public record PagingMode(String name, List<PageTableLevel> levels, EntryFormat format, int vaBits) {
    public static final int PGD = 0, P4D = 1, PUD = 2, PMD = 3, PTE = 4;

    public PageTableLevel level(int i) { return levels.get(i); }

    /**
     * Physical address of entry {@code index} in the table at {@code tablePhys}. ARM's
     * folded pgd and its 512-entry pte page (hardware tables at +2048) override this.
     */
    public long entryAddress(int level, long tablePhys, int index) {
        return tablePhys + (long) index * levels.get(level).entryBytes();
    }
}
