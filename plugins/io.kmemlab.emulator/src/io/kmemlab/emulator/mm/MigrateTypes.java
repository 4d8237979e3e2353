package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.KernelProfile;

/**
 * enum migratetype, migratetype_names[], the fallbacks[] table and pageblock_order of a profile
 * (include/linux/mmzone.h, mm/page_alloc.c, mm/vmstat.c, include/linux/pageblock-flags.h).
 *
 * <ul>
 * <li>6.x (include/linux/mmzone.h at v6.1 / v6.12 / v6.14): MIGRATE_UNMOVABLE 0, MIGRATE_MOVABLE 1,
 *     MIGRATE_RECLAIMABLE 2, MIGRATE_PCPTYPES 3 = MIGRATE_HIGHATOMIC, then MIGRATE_CMA with
 *     CONFIG_CMA and MIGRATE_ISOLATE with CONFIG_MEMORY_ISOLATION; names "Unmovable", "Movable",
 *     "Reclaimable", "HighAtomic", "CMA", "Isolate" (mm/page_alloc.c migratetype_names).</li>
 * <li>2.6.32 (include/linux/mmzone.h at v2.6.32): MIGRATE_UNMOVABLE 0, MIGRATE_RECLAIMABLE 1,
 *     MIGRATE_MOVABLE 2, MIGRATE_PCPTYPES 3 = MIGRATE_RESERVE, MIGRATE_ISOLATE 4 (no config
 *     switch), MIGRATE_TYPES 5; names "Unmovable", "Reclaimable", "Movable", "Reserve",
 *     "Isolate" (mm/vmstat.c).</li>
 * </ul>
 * The fallbacks[] table lists, for each type an allocation may ask for, the lists it may steal
 * from, in order: UNMOVABLE -> RECLAIMABLE, MOVABLE; MOVABLE -> RECLAIMABLE, UNMOVABLE;
 * RECLAIMABLE -> UNMOVABLE, MOVABLE (mm/page_alloc.c at v2.6.32, v6.1 and v6.12 alike; 2.6.32
 * ends each row with MIGRATE_RESERVE, which __rmqueue() takes separately, see
 * {@link #reserve}).
 */
public final class MigrateTypes {
    public final int unmovable, movable, reclaimable;
    /** MIGRATE_PCPTYPES: the types with per-CPU lists, the ones gfp_migratetype() returns. */
    public final int pcpTypes;
    /** MIGRATE_HIGHATOMIC (6.x) or -1. */
    public final int highatomic;
    /** MIGRATE_RESERVE (2.6.32) or -1. */
    public final int reserve;
    /** MIGRATE_CMA or -1. */
    public final int cma;
    /** MIGRATE_ISOLATE or -1. */
    public final int isolate;
    private final String[] names;
    private final int[][] fallbacks;
    /** pageblock_order. */
    public final int pageblockOrder;

    private MigrateTypes(boolean v2632, boolean cmaOn, boolean isolationOn, int pageblockOrder) {
        this.pageblockOrder = pageblockOrder;
        if (v2632) {
            unmovable = 0; reclaimable = 1; movable = 2; pcpTypes = 3; reserve = 3; highatomic = -1; cma = -1; isolate = 4;
            names = new String[]{"Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate"};
        } else {
            unmovable = 0; movable = 1; reclaimable = 2; pcpTypes = 3; highatomic = 3; reserve = -1;
            int n = 4;
            cma = cmaOn ? n++ : -1;
            isolate = isolationOn ? n++ : -1;
            String[] all = {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"};
            names = new String[n];
            System.arraycopy(all, 0, names, 0, 4);
            if (cma >= 0) names[cma] = "CMA";
            if (isolate >= 0) names[isolate] = "Isolate";
        }
        fallbacks = new int[pcpTypes][];
        fallbacks[unmovable] = new int[]{reclaimable, movable};
        fallbacks[movable] = new int[]{reclaimable, unmovable};
        fallbacks[reclaimable] = new int[]{unmovable, movable};
    }

    /**
     * The types of {@code profile}; {@code cma} / {@code isolation} are CONFIG_CMA and
     * CONFIG_MEMORY_ISOLATION (ignored for 2.6.32, which has MIGRATE_ISOLATE always and no CMA).
     */
    public static MigrateTypes of(KernelProfile profile, boolean cma, boolean isolation, int pageblockOrder) {
        return new MigrateTypes(!profile.atLeast(3, 0), cma, isolation, pageblockOrder);
    }

    /**
     * pageblock_order (include/linux/pageblock-flags.h): with CONFIG_HUGETLB_PAGE the huge page
     * order HUGETLB_PAGE_ORDER (v2.6.32, v6.1: as is; v6.12: min(HUGETLB_PAGE_ORDER,
     * MAX_PAGE_ORDER)), without it MAX_ORDER - 1 = MAX_PAGE_ORDER. {@code hugetlbOrder} is -1
     * where the arch has no huge pages at the pmd (32-bit ARM without LPAE).
     */
    public static int pageblockOrder(int hugetlbOrder, int maxPageOrder) {
        return hugetlbOrder < 0 ? maxPageOrder : Math.min(hugetlbOrder, maxPageOrder);
    }

    /** MIGRATE_TYPES. */
    public int count() { return names.length; }

    /** migratetype_names[mt]. */
    public String name(int mt) { return names[mt]; }

    /** fallbacks[mt]: the types an allocation of {@code mt} may take from, in order. */
    public int[] fallbacks(int mt) { return fallbacks[mt]; }

    /** pageblock_nr_pages. */
    public long pageblockPages() { return 1L << pageblockOrder; }

    /**
     * gfp_migratetype() (include/linux/gfp.h, 6.x) / allocflags_to_migratetype() (2.6.32):
     * UNMOVABLE when mobility grouping is off, else __GFP_MOVABLE -> MOVABLE, __GFP_RECLAIMABLE
     * -> RECLAIMABLE, neither -> UNMOVABLE. Both bits (the kernel warns) give 3 in every
     * version: MIGRATE_HIGHATOMIC in 6.x, MIGRATE_RESERVE in 2.6.32.
     */
    public int gfpMigratetype(long gfp, boolean mobilityDisabled) {
        if (mobilityDisabled) return unmovable;
        boolean mov = (gfp & Gfp.__GFP_MOVABLE) != 0, rec = (gfp & Gfp.__GFP_RECLAIMABLE) != 0;
        if (mov && rec) return 3;
        return mov ? movable : rec ? reclaimable : unmovable;
    }

    /** migratetype_is_mergeable(): the types below MIGRATE_PCPTYPES (6.x). */
    public boolean mergeable(int mt) { return mt < pcpTypes; }
}
