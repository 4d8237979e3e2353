package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.inspect.PageDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The PG_ names of a page->flags word in the order the kernel prints them: the order of
 * pageflag_names[] (__def_pageflag_names, include/trace/events/mmflags.h), which %pGp
 * (format_page_flags(), lib/vsprintf.c) and crash's kmem -p (which reads that same array) walk.
 * That order is not the bit order: PG_waiters comes second, PG_writeback and PG_head after
 * PG_private_2. Names the table does not list keep bit order after the listed ones. 2.6.32
 * has no pageflag_names[] (added in 2.6.33), so crash falls back to enum pageflags: bit order.
 */
public final class PageFlagNames {
    private PageFlagNames() { }

    /** __def_pageflag_names at v6.12 (with IF_HAVE_PG_MLOCK, _HWPOISON, _IDLE (young, idle), _ARCH_X (arch_2)). */
    static final List<String> MMFLAGS_6 = List.of("locked", "waiters", "referenced", "uptodate", "dirty", "lru", "active",
            "workingset", "owner_priv_1", "owner_2", "arch_1", "reserved", "private", "private_2", "writeback", "head",
            "reclaim", "swapbacked", "unevictable", "dropbehind", "mlocked", "hwpoison", "young", "idle", "arch_2");

    /**
     * __def_pageflag_names at v6.1 (include/trace/events/mmflags.h; IF_HAVE_PG_MLOCK, _UNCACHED,
     * _HWPOISON, _IDLE, _ARCH_2): PG_error after PG_waiters, PG_slab after PG_workingset.
     */
    static final List<String> MMFLAGS_61 = List.of("locked", "waiters", "error", "referenced", "uptodate", "dirty", "lru",
            "active", "workingset", "slab", "owner_priv_1", "arch_1", "reserved", "private", "private_2", "writeback", "head",
            "mappedtodisk", "reclaim", "swapbacked", "unevictable", "mlocked", "uncached", "hwpoison", "young", "idle", "arch_2");

    /**
     * The set PG_ bits of {@code d} without the "PG_" prefix, in the kernel's print order;
     * {@code modern} false for the 2.6 layout (bit order).
     */
    public static List<String> ordered(PageDescriptor d, boolean modern) {
        return ordered(d.pgFlags(), modern, PageText.v61(d) ? MMFLAGS_61 : MMFLAGS_6);
    }

    static List<String> ordered(List<String> pgFlags, boolean modern) { return ordered(pgFlags, modern, MMFLAGS_6); }

    private static List<String> ordered(List<String> pgFlags, boolean modern, List<String> table) {
        List<String> bare = new ArrayList<>(pgFlags.size());
        for (String n : pgFlags) bare.add(n.startsWith("PG_") ? n.substring(3) : n);
        if (!modern) return bare;
        List<String> out = new ArrayList<>(bare.size());
        for (String n : table) if (bare.contains(n)) out.add(n);
        for (String n : bare) if (!out.contains(n)) out.add(n);
        return out;
    }
}
