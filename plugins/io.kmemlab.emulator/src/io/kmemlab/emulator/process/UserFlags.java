package io.kmemlab.emulator.process;

import java.util.LinkedHashMap;
import java.util.Map;

/** PROT_*, MAP_* (include/uapi/asm-generic/mman*.h) and FOLL_* (include/linux/mm_types.h, 6.x enum). */
public final class UserFlags {
    private UserFlags() { }
    public static final long PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final long MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
            MAP_LOCKED = 0x2000, MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000, MAP_STACK = 0x20000, MAP_HUGETLB = 0x40000;
    public static final long FOLL_WRITE = 1 << 0, FOLL_GET = 1 << 1, FOLL_DUMP = 1 << 2, FOLL_FORCE = 1 << 3,
            FOLL_NOWAIT = 1 << 4, FOLL_NOFAULT = 1 << 5, FOLL_HWPOISON = 1 << 6, FOLL_ANON = 1 << 7, FOLL_LONGTERM = 1 << 8,
            FOLL_SPLIT_PMD = 1 << 9;

    /** Name -> value of the PROT_, MAP_ and FOLL_ flags the language offers: their one definition. */
    public static final Map<String, Long> BY_NAME = names(
            "PROT_NONE", PROT_NONE, "PROT_READ", PROT_READ, "PROT_WRITE", PROT_WRITE, "PROT_EXEC", PROT_EXEC,
            "MAP_SHARED", MAP_SHARED, "MAP_PRIVATE", MAP_PRIVATE, "MAP_FIXED", MAP_FIXED, "MAP_ANONYMOUS", MAP_ANONYMOUS,
            "MAP_LOCKED", MAP_LOCKED, "MAP_NORESERVE", MAP_NORESERVE, "MAP_POPULATE", MAP_POPULATE, "MAP_STACK", MAP_STACK,
            "MAP_HUGETLB", MAP_HUGETLB,
            "FOLL_WRITE", FOLL_WRITE, "FOLL_GET", FOLL_GET, "FOLL_DUMP", FOLL_DUMP, "FOLL_FORCE", FOLL_FORCE,
            "FOLL_NOWAIT", FOLL_NOWAIT, "FOLL_NOFAULT", FOLL_NOFAULT, "FOLL_HWPOISON", FOLL_HWPOISON, "FOLL_ANON", FOLL_ANON,
            "FOLL_LONGTERM", FOLL_LONGTERM, "FOLL_SPLIT_PMD", FOLL_SPLIT_PMD);

    private static Map<String, Long> names(Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Long) pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
