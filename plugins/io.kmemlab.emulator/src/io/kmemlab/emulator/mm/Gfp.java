package io.kmemlab.emulator.mm;

import java.util.LinkedHashMap;
import java.util.Map;

/** GFP bits (include/linux/gfp_types.h, 6.x ___GFP_*_BIT enum) and the common masks. */
public final class Gfp {
    private Gfp() { }
    public static final long __GFP_DMA = 0x01, __GFP_HIGHMEM = 0x02, __GFP_DMA32 = 0x04, __GFP_MOVABLE = 0x08,
            __GFP_RECLAIMABLE = 0x10, __GFP_HIGH = 0x20, __GFP_IO = 0x40, __GFP_FS = 0x80, __GFP_ZERO = 0x100,
            __GFP_DIRECT_RECLAIM = 0x400, __GFP_KSWAPD_RECLAIM = 0x800, __GFP_WRITE = 0x1000,
            __GFP_NOWARN = 0x2000, __GFP_RETRY_MAYFAIL = 0x4000, __GFP_NOFAIL = 0x8000, __GFP_NORETRY = 0x10000,
            __GFP_MEMALLOC = 0x20000, __GFP_COMP = 0x40000, __GFP_NOMEMALLOC = 0x80000,
            __GFP_HARDWALL = 0x100000, __GFP_THISNODE = 0x200000, __GFP_ACCOUNT = 0x400000, __GFP_ZEROTAGS = 0x800000;
    public static final long __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
    public static final long GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;              // 0x820
    public static final long GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;             // 0xcc0
    public static final long GFP_NOWAIT = __GFP_KSWAPD_RECLAIM;
    public static final long GFP_NOIO = __GFP_RECLAIM;
    public static final long GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
    public static final long GFP_USER = GFP_KERNEL | __GFP_HARDWALL;                       // 0x100cc0
    public static final long GFP_DMA = __GFP_DMA;
    public static final long GFP_DMA32 = __GFP_DMA32;
    public static final long GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;                      // 0x100cc2
    public static final long GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;          // 0x100cca
    public static final long GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
    public static final long GFP_ZONEMASK = __GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE;
    // include/linux/gfp_types.h: THP allocations, light = without direct reclaim
    public static final long GFP_TRANSHUGE_LIGHT = (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM;
    public static final long GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM;

    /**
     * Name -> value of every GFP flag and mask the language offers, in the header's order:
     * the one definition the language's constants read their values from.
     */
    public static final Map<String, Long> BY_NAME = names(
            "__GFP_DMA", __GFP_DMA, "__GFP_HIGHMEM", __GFP_HIGHMEM, "__GFP_DMA32", __GFP_DMA32,
            "__GFP_MOVABLE", __GFP_MOVABLE, "__GFP_RECLAIMABLE", __GFP_RECLAIMABLE, "__GFP_HIGH", __GFP_HIGH,
            "__GFP_IO", __GFP_IO, "__GFP_FS", __GFP_FS, "__GFP_ZERO", __GFP_ZERO,
            "__GFP_DIRECT_RECLAIM", __GFP_DIRECT_RECLAIM, "__GFP_KSWAPD_RECLAIM", __GFP_KSWAPD_RECLAIM,
            "__GFP_RECLAIM", __GFP_RECLAIM, "__GFP_WRITE", __GFP_WRITE, "__GFP_NOWARN", __GFP_NOWARN,
            "__GFP_RETRY_MAYFAIL", __GFP_RETRY_MAYFAIL, "__GFP_NOFAIL", __GFP_NOFAIL, "__GFP_NORETRY", __GFP_NORETRY,
            "__GFP_MEMALLOC", __GFP_MEMALLOC, "__GFP_COMP", __GFP_COMP, "__GFP_NOMEMALLOC", __GFP_NOMEMALLOC,
            "__GFP_HARDWALL", __GFP_HARDWALL, "__GFP_THISNODE", __GFP_THISNODE, "__GFP_ACCOUNT", __GFP_ACCOUNT,
            "__GFP_ZEROTAGS", __GFP_ZEROTAGS,
            "GFP_KERNEL", GFP_KERNEL, "GFP_KERNEL_ACCOUNT", GFP_KERNEL_ACCOUNT, "GFP_ATOMIC", GFP_ATOMIC,
            "GFP_NOWAIT", GFP_NOWAIT, "GFP_NOIO", GFP_NOIO, "GFP_NOFS", GFP_NOFS, "GFP_USER", GFP_USER,
            "GFP_DMA", GFP_DMA, "GFP_DMA32", GFP_DMA32, "GFP_HIGHUSER", GFP_HIGHUSER,
            "GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE, "GFP_TRANSHUGE_LIGHT", GFP_TRANSHUGE_LIGHT,
            "GFP_TRANSHUGE", GFP_TRANSHUGE);

    /** {@code "NAME", value, "NAME", value ...} as an ordered, unmodifiable map. */
    static Map<String, Long> names(Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Long) pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Logical zone gfp_zone() selects (include/linux/gfp.h GFP_ZONE_TABLE); null = GFP_ZONE_BAD. */
    public static String gfpZoneName(long gfp) {
        int bits = (int) (gfp & GFP_ZONEMASK);
        return switch (bits) {
            case 0 -> "Normal";
            case 0x01 -> "DMA";
            case 0x02 -> "HighMem";
            case 0x04 -> "DMA32";
            case 0x08 -> "Normal";
            case 0x09 -> "DMA";
            case 0x0a -> "Movable";
            case 0x0c -> "DMA32";
            default -> null;
        };
    }
}
