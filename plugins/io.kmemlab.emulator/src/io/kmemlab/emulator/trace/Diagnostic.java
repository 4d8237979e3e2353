package io.kmemlab.emulator.trace;

/**
 * What the kernel would print when something goes wrong. Never an exception: the
 * operation returns, the machine stays usable, and the diagnostic is recorded in the
 * machine's {@link Diagnostics} log and in the operation's trace.
 *
 * @param kind     the class of report
 * @param headline first line, exactly as the kernel prints it
 * @param text     the whole report (headline, #PF lines, page-table dump ...)
 */
public record Diagnostic(Kind kind, String headline, String text) {
    public enum Kind {
        /** Kernel-mode bad access: "BUG: unable to handle page fault for address: ...". */
        OOPS,
        /** "general protection fault, probably for non-canonical address ...". */
        GENERAL_PROTECTION,
        /** BUG()/VM_BUG_ON: "BUG: Bad page state", double free ... */
        BUG,
        /** WARN() / WARN_ON_ONCE splat: the statement still completes. */
        WARN,
        /** A user-mode bad access: "app[1]: segfault at ...". */
        SIGSEGV,
        /** A misuse the kernel has no message for (bad argument, out of range): emulator note. */
        ERROR
    }

    public static Diagnostic of(Kind kind, String headline) {
        return new Diagnostic(kind, headline, headline);
    }

    /**
     * What the kernel would not print (no WARN or BUG in this configuration), said by kmemlab:
     * kind {@link Kind#ERROR}, headline "kmemlab note: ...".
     */
    public static Diagnostic note(String text) {
        return of(Kind.ERROR, "kmemlab note: " + text);
    }

    /** True for reports that end a kernel code path (oops, GP, BUG). */
    public boolean isOops() {
        return kind == Kind.OOPS || kind == Kind.GENERAL_PROTECTION || kind == Kind.BUG;
    }
}
