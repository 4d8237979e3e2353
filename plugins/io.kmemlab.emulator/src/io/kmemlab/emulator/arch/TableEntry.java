package io.kmemlab.emulator.arch;

/** One page-table entry as a walk read it: what the arch's fault reports print. */
public interface TableEntry {
    /** Level number ({@link PagingMode#PGD} ...). */
    int level();

    /** Physical address of the entry. */
    long entryPa();

    /** The entry's value. */
    long raw();
}
