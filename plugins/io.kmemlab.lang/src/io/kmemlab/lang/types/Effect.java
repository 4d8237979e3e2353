package io.kmemlab.lang.types;

/** What a built-in can make the kernel do besides returning: the targets of `expect oops|warn|sigsegv`. */
public enum Effect {
    /** An oops or BUG: a bad kernel access, a BUG_ON/VM_BUG_ON that fires. */
    OOPS("oops"),
    /** A WARN or a splat the kernel prints while carrying on. */
    WARN("warn"),
    /** A user-mode access that gets SIGSEGV (only in a process block). */
    SIGSEGV("sigsegv");

    private final String keyword;

    Effect(String keyword) {
        this.keyword = keyword;
    }

    /** The word after `expect`. */
    public String keyword() {
        return keyword;
    }

    public static Effect ofKeyword(String keyword) {
        for (Effect e : values()) {
            if (e.keyword.equals(keyword)) {
                return e;
            }
        }
        return null;
    }
}
