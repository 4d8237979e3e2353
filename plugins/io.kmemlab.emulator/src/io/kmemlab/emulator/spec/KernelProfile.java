package io.kmemlab.emulator.spec;

import java.util.List;

/**
 * Rules that changed across kernel versions, selected by `kernel 6.12` (default), `kernel 6.14`,
 * `kernel 6.1` or `kernel 2.6`. Everything version-dependent reads it from here, nowhere else.
 *
 * @param version            "6.12", "6.14", "6.1", "2.6"
 * @param pageFlags          enum pageflags, index = bit number (include/linux/page-flags.h)
 * @param pageTypes          true: Buddy/Table/Offline/Guard (and Slab from 6.10) are page types in
 *                           the page_type word (PGTY_* in the top byte from 6.12, inverted bits
 *                           under PAGE_TYPE_BASE before, {@link #invertedPageTypes()}); false:
 *                           PG_buddy / PG_slab bits
 * @param maxPageOrder       MAX_PAGE_ORDER (inclusive; 2.6's exclusive MAX_ORDER 11 = 10 here)
 * @param bootmem            default boot allocator is bootmem (bottom-up from 16 MiB), not memblock
 * @param page0IsRam         false: trim_bios_range() turns page 0 into a reserved range
 * @param reserveFirstMb     the first 1 MiB is always memblock-reserved (x86, 5.13+)
 * @param pteOffsetMapNullOnHuge pte_offset_map() returns NULL on a huge/bad pmd (6.5+)
 * @param kmapTypes          kmap_atomic takes a KM_ type selecting a fixed slot (2.6)
 * @param kmMaxIdx           per-CPU kmap_atomic/kmap_local slots (KM_MAX_IDX 16; KM_TYPE_NR 20 in 2.6.37+)
 * @param gupPinBias         GUP_PIN_COUNTING_BIAS added to the refcount by pin_user_pages (0: no FOLL_PIN)
 * @param lruBatch           per-CPU LRU add batch (PAGEVEC_SIZE: 31 in 6.10+ folio_batch, 15 in 6.1,
 *                           14 in 2.6 pagevec); each queued page holds a reference until the batch drains
 */
public record KernelProfile(String version, List<String> pageFlags, boolean pageTypes, int maxPageOrder,
                            boolean bootmem, boolean page0IsRam, boolean reserveFirstMb,
                            boolean pteOffsetMapNullOnHuge, boolean kmapTypes, int kmMaxIdx, int gupPinBias, int lruBatch) {

    /**
     * 6.12 (include/linux/page-flags.h at v6.12): PG_error, PG_slab and PG_uncached are gone,
     * PG_mappedtodisk renamed PG_owner_2; PG_dropbehind not yet added (6.14).
     * Typical x86_64 config: MMU, MEMORY_FAILURE, PAGE_IDLE_FLAG, PG_arch_2 (X86_PAT).
     */
    public static final KernelProfile V6_12 = new KernelProfile("6.12", List.of(
            "locked", "writeback", "referenced", "uptodate", "dirty", "lru", "head", "waiters",
            "active", "workingset", "owner_priv_1", "owner_2", "arch_1", "reserved", "private",
            "private_2", "reclaim", "swapbacked", "unevictable", "mlocked", "hwpoison", "young",
            "idle", "arch_2"), true, 10, false, false, true, true, false, 16, 1024, 31);

    /** include/linux/page-flags.h with PG_dropbehind (added in 6.14) at bit 19, before PG_mlocked. */
    public static final KernelProfile V6_14 = new KernelProfile("6.14", List.of(
            "locked", "writeback", "referenced", "uptodate", "dirty", "lru", "head", "waiters",
            "active", "workingset", "owner_priv_1", "owner_2", "arch_1", "reserved", "private",
            "private_2", "reclaim", "swapbacked", "unevictable", "dropbehind", "mlocked", "hwpoison",
            "young", "idle", "arch_2"), true, 10, false, false, true, true, false, 16, 1024, 31);

    /**
     * 2.6.32 (include/linux/page-flags.h): PG_slab and PG_buddy are flag bits; PAGEFLAGS_EXTENDED
     * head/tail; MAX_ORDER 11 (exclusive); bootmem; page 0 stays RAM; KM_ types.
     */
    public static final KernelProfile V2_6 = new KernelProfile("2.6", List.of(
            "locked", "error", "referenced", "uptodate", "dirty", "lru", "active", "slab",
            "owner_priv_1", "arch_1", "reserved", "private", "private_2", "writeback", "head",
            "tail", "swapcache", "mappedtodisk", "reclaim", "buddy", "swapbacked", "unevictable",
            "mlocked", "uncached", "hwpoison"), false, 10, true, true, false, false, true, 0, 0, 14);

    /**
     * 6.1 (include/linux/page-flags.h at v6.1, x86_64: MMU, ARCH_USES_PG_UNCACHED with X86_PAT,
     * MEMORY_FAILURE, PAGE_IDLE_FLAG, PG_arch_2 on 64-bit): PG_error and PG_slab are still flag
     * bits, PG_head is bit 16; Buddy/Offline/Table/Guard are inverted bits of page_type under
     * PAGE_TYPE_BASE; MAX_ORDER 11 (exclusive, orders 0..10); PAGEVEC_SIZE 15
     * (include/linux/pagevec.h); the zero page is still pinned (before 6.5); pte_offset_map()
     * does not check the pmd (before 6.5).
     */
    public static final KernelProfile V6_1 = new KernelProfile("6.1", List.of(
            "locked", "referenced", "uptodate", "dirty", "lru", "active", "workingset", "waiters",
            "error", "slab", "owner_priv_1", "arch_1", "reserved", "private", "private_2", "writeback",
            "head", "mappedtodisk", "reclaim", "swapbacked", "unevictable", "mlocked", "uncached",
            "hwpoison", "young", "idle", "arch_2"), true, 10, false, false, true, false, false, 16, 1024, 15);

    /** Every profile, newest first: the versions `kernel X` selects in the language. */
    public static final List<KernelProfile> ALL = List.of(V6_14, V6_12, V6_1, V2_6);

    /** The profile whose version is exactly {@code v} ("6.12", "6.14", "2.6"), or null. */
    public static KernelProfile exactly(String v) {
        for (KernelProfile p : ALL) if (p.version.equals(v)) return p;
        return null;
    }

    public static KernelProfile byVersion(String v) {
        if (v == null || v.equals("6.12") || v.startsWith("6.12")) return V6_12;
        if (v.startsWith("2.6")) return V2_6;
        if (v.startsWith("6.")) {
            try {
                int minor = Integer.parseInt(v.substring(2).split("\\.")[0]);
                if (minor >= 14) return V6_14;
                if (minor >= 12) return V6_12;
                if (minor >= 1) return V6_1;
            } catch (NumberFormatException e) { return null; }
        }
        return null;
    }

    /**
     * This profile's enum pageflags on {@code arch} ("x86_64", "i386", "arm"): the lists above are
     * x86_64's, and include/linux/page-flags.h compiles some bits only for some configs.
     * <ul>
     * <li>PG_young and PG_idle: {@code defined(CONFIG_PAGE_IDLE_FLAG) && defined(CONFIG_64BIT)}
     *     (4.3 on), so no 32-bit arch has them;</li>
     * <li>PG_arch_2: {@code CONFIG_64BIT} in 6.1; {@code CONFIG_ARCH_USES_PG_ARCH_2} from 6.12,
     *     which x86's X86_PAT selects (i386 too) and 32-bit ARM does not;</li>
     * <li>PG_uncached (6.1, 2.6.32): {@code CONFIG_ARCH_USES_PG_UNCACHED}, selected by X86_PAT
     *     only, so not on ARM;</li>
     * <li>PG_hwpoison: {@code CONFIG_MEMORY_FAILURE}, which needs ARCH_SUPPORTS_MEMORY_FAILURE
     *     (2.6.32: X86_MCE); arch/arm/Kconfig does not select it.</li>
     * </ul>
     * The bits after a missing one move down, and NR_PAGEFLAGS (the width of page->flags' flag
     * field, include/linux/page-flags-layout.h) shrinks with it.
     */
    public KernelProfile forArch(String arch) {
        if ("x86_64".equals(arch)) return this;
        boolean arm = "arm".equals(arch);
        List<String> flags = pageFlags.stream().filter(f -> switch (f) {
            case "young", "idle" -> false;
            case "arch_2" -> !arm && atLeast(6, 12);
            case "uncached", "hwpoison" -> !arm;
            default -> true;
        }).toList();
        if (flags.size() == pageFlags.size()) return this;
        return new KernelProfile(version, flags, pageTypes, maxPageOrder, bootmem, page0IsRam, reserveFirstMb,
                pteOffsetMapNullOnHuge, kmapTypes, kmMaxIdx, gupPinBias, lruBatch);
    }

    /** Bit number of PG_name, or -1 when this kernel has no such flag bit. */
    public int bit(String name) {
        String n = name.startsWith("PG_") ? name.substring(3) : name;
        return pageFlags.indexOf(n.toLowerCase());
    }

    /**
     * PageXxx accessors follow the compound-page policies PF_HEAD / PF_NO_TAIL / PF_ANY /
     * PF_NO_COMPOUND (include/linux/page-flags.h since 4.5); 2.6.32 tests the page it is given.
     */
    public boolean compoundFlagPolicies() { return !version.startsWith("2."); }

    /** True when this profile's version is {@code major.minor} or later (2.6 is 2.6.32). */
    public boolean atLeast(int major, int minor) {
        String[] v = version.split("\\.");
        int ma = Integer.parseInt(v[0]), mi = Integer.parseInt(v[1]);
        return ma > major || (ma == major && mi >= minor);
    }

    /**
     * pin_user_pages() takes no pin on the zero page and unpin_user_page() drops none
     * (mm/gup.c try_grab_folio / gup_put_folio, is_zero_folio(); since 6.5).
     */
    public boolean zeroPageNeverPinned() { return gupPinBias > 0 && atLeast(6, 5); }

    /**
     * Page types are inverted bits under PAGE_TYPE_BASE 0xf0000000 (PG_buddy 0x80, PG_offline
     * 0x100, PG_table 0x200, PG_guard 0x400; PageType(page, flag) = (page_type &
     * (PAGE_TYPE_BASE | flag)) == PAGE_TYPE_BASE; include/linux/page-flags.h at v6.1) rather
     * than a PGTY_ value in the top byte (6.12).
     */
    public boolean invertedPageTypes() { return pageTypes && !atLeast(6, 12); }

    /**
     * The folio order is the low byte of page[1].flags (_flags_1, folio_set_order(); 6.6+).
     * Before, prep_compound_head() kept it in page[1].compound_order (6.1: the byte after
     * compound_dtor at offset 2 * sizeof(long)) and 2.6.32 in page[1].lru.prev.
     */
    public boolean orderInFlags1() { return atLeast(6, 6); }

    /**
     * The line a WARN prints (kernel/panic.c __warn): "WARNING: CPU: 0 PID: 1 at FILE FUNCTION"
     * since the CPU and PID were added in 3.11; warn_slowpath_common() of 2.6.32 printed
     * "WARNING: at FILE FUNCTION()". kmemlab leaves out the line number and the +offset/size,
     * and adds what the check found after a colon.
     */
    public String warning(String file, String function, String what) {
        return atLeast(3, 11)
                ? String.format("WARNING: CPU: 0 PID: 1 at %s %s: %s", file, function, what)
                : String.format("WARNING: at %s %s(): %s", file, function, what);
    }

    /**
     * __alloc_pages()'s WARN for an order it cannot serve, in the version's words: 6.10+
     * __alloc_pages_noprof, WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER) (the 6.8 name); 6.1
     * __alloc_pages, WARN_ON_ONCE_GFP(order >= MAX_ORDER) with MAX_ORDER 11; 2.6.32
     * __alloc_pages_slowpath, WARN_ON_ONCE(!(gfp_mask & __GFP_NOWARN)) under order >= MAX_ORDER.
     */
    public String orderWarning(int order) {
        if (atLeast(6, 10)) return warning("mm/page_alloc.c", "__alloc_pages_noprof",
                String.format("order %d > MAX_PAGE_ORDER %d", order, maxPageOrder));
        return warning("mm/page_alloc.c", atLeast(3, 0) ? "__alloc_pages" : "__alloc_pages_slowpath",
                String.format("order %d >= MAX_ORDER %d", order, maxPageOrder + 1));
    }

    /** NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1 (include/linux/mmzone.h). */
    public int nrPageOrders() { return maxPageOrder + 1; }
}
