package io.kmemlab.interpreter.exec;

/**
 * One thing the emulator reported while a statement ran, in the interpreter's own types
 * (the printers and the debugger read these, never the emulator's classes).
 */
public sealed interface TraceItem {
    /** A kernel formula applied: {@code __pa(x) = x - PAGE_OFFSET = 0x1234}. */
    record Formula(String text) implements TraceItem { }

    /** A remark: which leaf a walk hit, which zone served an allocation ... */
    record Note(String text) implements TraceItem { }

    /** A page-table entry read: level, table physical address, index, entry address, raw value, decoded flags. */
    record EntryRead(String level, long tableAddr, int index, long entryAddr, long raw, String flags) implements TraceItem { }

    /**
     * A report the kernel would print.
     *
     * @param kind     OOPS, GENERAL_PROTECTION, BUG, WARN, SIGSEGV or ERROR (an emulator note about a misuse)
     * @param headline its first line, as the kernel prints it
     * @param text     the whole report
     */
    record Report(String kind, String headline, String text) implements TraceItem {
        /** Reports that end a kernel code path: oops, general protection fault, BUG. */
        public boolean isOops() { return kind.equals("OOPS") || kind.equals("GENERAL_PROTECTION") || kind.equals("BUG"); }

        public boolean isWarn() { return kind.equals("WARN"); }

        public boolean isSigsegv() { return kind.equals("SIGSEGV"); }
    }
}
