package io.kmemlab.interpreter.debug;

/**
 * Suspends after a step in which something happened in the kernel: a report (oops, BUG,
 * WARN), or a change seen in the step's change set (a pfn's reference count, a page-table
 * entry on the path of an address, a pfn allocated or freed).
 */
public sealed interface EventBreakpoint extends Breakpoint {
    /** The kernel printed a report of this kind. */
    record Report(ReportKind kind) implements EventBreakpoint {
        @Override public String describe() { return "on " + kind.label(); }
    }

    /** page->_refcount of the frame {@code pfn} changed. */
    record RefcountChanged(long pfn) implements EventBreakpoint {
        @Override public String describe() { return "when the refcount of pfn 0x" + Long.toHexString(pfn) + " changes"; }
    }

    /**
     * A page-table entry on the path that translates {@code address} was written: in
     * init_mm's tables when {@code process} is null, else in that process's.
     */
    record EntryWritten(long address, String process) implements EventBreakpoint {
        @Override public String describe() {
            return "when an entry mapping 0x" + Long.toHexString(address) + (process == null ? "" : " in " + process) + " is written";
        }
    }

    /** The frame {@code pfn} went from free to allocated, or back, as {@code when} says. */
    record Allocation(long pfn, When when) implements EventBreakpoint {
        public enum When { ALLOCATED, FREED, EITHER }

        @Override public String describe() {
            String what = switch (when) {
                case ALLOCATED -> "allocated";
                case FREED -> "freed";
                case EITHER -> "allocated or freed";
            };
            return "when pfn 0x" + Long.toHexString(pfn) + " is " + what;
        }
    }

    /** The kernel reports an event breakpoint can wait for. */
    enum ReportKind {
        /**
         * An oops: a page fault or general protection fault the kernel cannot handle, and a
         * BUG, whose ud2 is not a WARN for report_bug() and so reaches die() as an "invalid
         * opcode" oops (arch/x86/kernel/traps.c, handle_bug() and handle_invalid_op(), 6.12).
         */
        OOPS("an oops"),
        /** BUG() / BUG_ON(). */
        BUG("a BUG"),
        /** WARN() / WARN_ON(). */
        WARN("a WARN");

        private final String label;

        ReportKind(String label) { this.label = label; }

        public String label() { return label; }

        /** True when a report of the emulator's {@code kind} (OOPS, GENERAL_PROTECTION, BUG, WARN ...) is of this kind. */
        public boolean matches(String kind) {
            return switch (this) {
                case OOPS -> kind.equals("OOPS") || kind.equals("GENERAL_PROTECTION") || kind.equals("BUG");
                case BUG -> kind.equals("BUG");
                case WARN -> kind.equals("WARN");
            };
        }
    }
}
