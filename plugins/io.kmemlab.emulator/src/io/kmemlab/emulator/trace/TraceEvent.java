package io.kmemlab.emulator.trace;

/** One thing an operation did, for the CLI printers and the IDE views. */
public sealed interface TraceEvent {
    /** The kernel formula applied, e.g. {@code __pa(x) = x - PAGE_OFFSET = 0x1234}. */
    record Formula(String text) implements TraceEvent { }

    /** A free-form remark (which leaf a walk hit, which zone was used, ...). */
    record Note(String text) implements TraceEvent { }

    /**
     * One page-table entry read during a walk: level name (pgd, p4d, pud, pmd, pte), the
     * physical address of the table, the index, the physical address of the entry, its raw
     * value and its decoded flags ("P RW US A D NX pfn=0x1234").
     */
    record EntryRead(String level, long tableAddr, int index, long entryAddr, long raw, String flags)
            implements TraceEvent { }

    /** A report the kernel would print (oops, BUG, WARN, SIGSEGV) or a misuse note. */
    record Report(Diagnostic diagnostic) implements TraceEvent { }
}
