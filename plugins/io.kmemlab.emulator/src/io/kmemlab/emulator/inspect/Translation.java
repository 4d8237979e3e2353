package io.kmemlab.emulator.inspect;

import java.util.List;

/**
 * A page-table walk of one address in one address space, every level decoded: what `walk`
 * prints and the Translations view shows (crash's vtop). An immutable snapshot.
 *
 * @param va        the address walked
 * @param space     the address space's name ("init_mm" or the process)
 * @param pgd       physical address of the pgd walked from
 * @param split     how the address splits into table indexes and the page offset, top first
 * @param levels    every entry read, top level first
 * @param outcome   how the walk ended
 * @param leafLevel level number of the leaf ({@code PagingMode.PGD} .. {@code PTE}), -1 if none
 * @param leafSize  bytes the leaf maps (4K, 2M, 1G, an ARM 1M section), 0 if none
 * @param pa        the physical address, -1 if not mapped
 * @param pfn       pa >> PAGE_SHIFT, -1 if not mapped
 * @param page      struct page * of {@code pfn}, 0 when the pfn has none
 * @param leafPage  struct page * of the leaf's first frame (the head of a huge mapping), 0 if none
 * @param region    the kernel address region the address lies in
 */
public record Translation(long va, String space, long pgd, List<IndexBits> split, List<Level> levels, Outcome outcome,
                          int leafLevel, long leafSize, long pa, long pfn, long page, long leafPage, AddressRegion region) {
    public Translation {
        split = List.copyOf(split);
        levels = List.copyOf(levels);
    }

    public enum Outcome {
        /** A present leaf maps the address. */
        MAPPED,
        /** The walk stopped at an empty or non-present entry (a #PF). */
        NOT_MAPPED,
        /** The pte holds a swap entry (pte_present false, pte_none false). */
        SWAPPED,
        /** The pte is PROT_NONE: present to the kernel, faulting for the MMU. */
        PROT_NONE,
        /** x86_64: the address is not canonical, no walk (#GP). */
        NON_CANONICAL
    }

    /** What an entry holds. */
    public enum EntryKind { TABLE, LEAF, NONE, SWAP, PROT_NONE, NOT_PRESENT }

    /**
     * Bits [lowBit, lowBit + width) of the address index {@code name}'s table ("offset": the page offset).
     */
    public record IndexBits(String name, int lowBit, int width, long value) {
        public int highBit() { return lowBit + width - 1; }
    }

    /**
     * One entry read.
     *
     * @param level     level number ({@code PagingMode.PGD} = 0 .. {@code PTE} = 4)
     * @param name      pgd, p4d, pud, pmd, pte
     * @param tablePa   physical address of the table
     * @param index     index into the table
     * @param entryPa   physical address of the entry
     * @param entryVa   the entry's kernel virtual address (__va(entryPa)), 0 when it has none
     * @param raw       the entry's value
     * @param kind      what the entry holds
     * @param flags     decoded flags, kernel names ("P RW US A D NX pfn=0x1234")
     * @param target    physical address of the next table (TABLE) or of the mapped frame (LEAF, PROT_NONE), else -1
     * @param swapType  swap type of a swap entry, else -1
     * @param swapOffset swap offset of a swap entry, else -1
     */
    public record Level(int level, String name, long tablePa, int index, long entryPa, long entryVa, long raw, EntryKind kind,
                        String flags, long target, int swapType, long swapOffset) { }

    public boolean mapped() { return outcome == Outcome.MAPPED; }

    public Level last() { return levels.isEmpty() ? null : levels.get(levels.size() - 1); }
}
