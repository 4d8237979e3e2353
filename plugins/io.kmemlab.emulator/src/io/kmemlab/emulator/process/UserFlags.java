package io.kmemlab.emulator.process;

import java.util.LinkedHashMap;
import java.util.Map;

/** PROT_*, MAP_* (include/uapi/asm-generic/mman*.h) and FOLL_* (include/linux/mm_types.h, 6.x enum). */
public final class UserFlags {
    private UserFlags() { }
    public static final long PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final long MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
            MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000, MAP_HUGETLB = 0x40000;
    public static final long FOLL_WRITE = 1 << 0, FOLL_GET = 1 << 1, FOLL_DUMP = 1 << 2, FOLL_FORCE = 1 << 3,
            FOLL_NOWAIT = 1 << 4, FOLL_NOFAULT = 1 << 5, FOLL_HWPOISON = 1 << 6, FOLL_ANON = 1 << 7, FOLL_LONGTERM = 1 << 8;

    public static final Map<String, Long> BY_NAME = new LinkedHashMap<>();

    static {
        for (java.lang.reflect.Field f : UserFlags.class.getFields()) {
            if (f.getType() == long.class) {
                try { BY_NAME.put(f.getName(), f.getLong(null)); } catch (IllegalAccessException e) { throw new AssertionError(e); }
            }
        }
    }
}
