package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;

/**
 * Layout of page->flags, computed from the configuration as the kernel's preprocessor computes
 * it: include/linux/page-flags-layout.h and the *_PGOFF / *_PGSHIFT definitions
 * (include/linux/mmzone.h in 6.12, include/linux/mm.h in 2.6.32). PG_ flag bits from bit 0,
 * fields packed from the top:
 * | SECTION | NODE | ZONE | LAST_CPUPID | KASAN_TAG | LRU_GEN | LRU_REFS | ... | FLAGS |.
 * <ul>
 * <li>NODES_WIDTH = NODES_SHIFT when ZONES_WIDTH + LRU_GEN_WIDTH + SECTIONS_WIDTH + NODES_SHIFT
 *     fit in BITS_PER_LONG - NR_PAGEFLAGS, else 0 (NODE_NOT_IN_PAGE_FLAGS; with
 *     SPARSEMEM_VMEMMAP the kernel does not build: {@link #buildError()}).</li>
 * <li>LAST_CPUPID_SHIFT = LAST__PID_SHIFT 8 + NR_CPUS_BITS with NUMA_BALANCING; its width is
 *     the shift when it fits with KASAN_TAG_WIDTH, else 0 (LAST_CPUPID_NOT_IN_PAGE_FLAGS:
 *     the value lives in page->_last_cpupid).</li>
 * <li>KASAN_TAG_WIDTH 8 with KASAN_SW_TAGS / KASAN_HW_TAGS.</li>
 * <li>LRU_REFS_WIDTH = min(__LRU_REFS_WIDTH, what is left) (6.x).</li>
 * </ul>
 * 2.6.32 has only SECTION, NODE and ZONE (LAST_CPUPID came in 3.8, KASAN tags in 4.20,
 * MGLRU in 6.1); the inputs for those are 0 there.
 */
public final class PageFlags {
    /**
     * What the configuration puts into the layout.
     *
     * @param nodesShift      NODES_SHIFT (CONFIG_NODES_SHIFT with NUMA, else 0)
     * @param lastCpupidShift LAST_CPUPID_SHIFT: 8 + order_base_2(NR_CPUS) with NUMA_BALANCING, else 0
     * @param kasanTagWidth   KASAN_TAG_WIDTH: 8 with KASAN_SW_TAGS or KASAN_HW_TAGS, else 0
     * @param lruGenWidth     LRU_GEN_WIDTH: order_base_2(MAX_NR_GENS + 1) = 3 with LRU_GEN, else 0
     * @param lruRefsShift    __LRU_REFS_WIDTH: MAX_NR_TIERS - 2 = 2 with LRU_GEN, else 0 (kernel/bounds.c)
     */
    public record Fields(int nodesShift, int lastCpupidShift, int kasanTagWidth, int lruGenWidth, int lruRefsShift) {
        /** Only a node field: the layout of a kernel without NUMA_BALANCING, KASAN tags or MGLRU. */
        public static Fields nodesOnly(int nodesShift) { return new Fields(nodesShift, 0, 0, 0, 0); }

        /**
         * The fields the machine's configuration gives its kernel. Reads NUMA, NODES_SHIFT,
         * NUMA_BALANCING, NR_CPUS, KASAN_SW_TAGS, KASAN_HW_TAGS and LRU_GEN, each only where the
         * arch and version have it: NODES_SHIFT depends on NUMA (include/linux/numa.h);
         * NUMA_BALANCING needs ARCH_SUPPORTS_NUMA_BALANCING (x86_64, not i386 or ARM; 3.8+);
         * the KASAN tag modes need HAVE_ARCH_KASAN_SW_TAGS / HW_TAGS (arm64 only, so no
         * kmemlab arch); LRU_GEN came in 6.1.
         */
        public static Fields of(MachineSpec spec, KernelProfile profile) {
            boolean numa = spec.config(ConfigOption.NUMA);
            int nodesShift = spec.nodesShift();
            boolean balancing = numa && spec.config(ConfigOption.NUMA_BALANCING) && "x86_64".equals(spec.arch()) && profile.atLeast(3, 8);
            int cpupid = balancing ? 8 + nrCpusBits(spec.configValue(ConfigOption.NR_CPUS), profile) : 0;   // LAST__PID_SHIFT 8
            boolean lruGen = spec.config(ConfigOption.LRU_GEN) && profile.atLeast(6, 1);
            // MAX_NR_GENS 4 -> order_base_2(5) = 3; MAX_NR_TIERS 4 -> 2 (include/linux/mmzone.h)
            return new Fields(nodesShift, cpupid, 0, lruGen ? 3 : 0, lruGen ? 2 : 0);
        }

        /**
         * NR_CPUS_BITS (kernel/bounds.c): order_base_2(CONFIG_NR_CPUS) from 6.9 (after the
         * short-lived bits_per() of 6.9-rc), ilog2(CONFIG_NR_CPUS) before.
         */
        static int nrCpusBits(long nrCpus, KernelProfile profile) {
            long n = Math.max(1, nrCpus);
            int ilog2 = 63 - Long.numberOfLeadingZeros(n);
            if (!profile.atLeast(6, 9)) return ilog2;
            return (n & (n - 1)) == 0 ? ilog2 : ilog2 + 1;
        }
    }

    public final int wordBits, nrPageflags;
    public final int sectionsWidth, nodesWidth, zonesWidth, lastCpupidWidth, kasanTagWidth, lruGenWidth, lruRefsWidth;
    public final int sectionsPgoff, nodesPgoff, zonesPgoff, lastCpupidPgoff, kasanTagPgoff, lruGenPgoff, lruRefsPgoff;
    /** LAST_CPUPID_SHIFT: the width the last cpupid has wherever it is stored. */
    public final int lastCpupidShift;
    /** NODES_SHIFT: the node number's width wherever it is stored. */
    public final int nodesShift;
    private final String buildError;

    /** The layout with a node field only (no LAST_CPUPID, KASAN tag or MGLRU fields). */
    public PageFlags(int wordBits, int sectionsWidth, int nodesShift, int maxNrZones, int nrPageflags) {
        this(wordBits, sectionsWidth, maxNrZones, nrPageflags, Fields.nodesOnly(nodesShift), false);
    }

    /**
     * @param wordBits      BITS_PER_LONG
     * @param sectionsWidth SECTIONS_SHIFT = MAX_PHYSMEM_BITS - SECTION_SIZE_BITS for classic SPARSEMEM, else 0
     * @param maxNrZones    MAX_NR_ZONES (the zone enum with Movable / Device)
     * @param nrPageflags   __NR_PAGEFLAGS
     * @param f             the configured fields
     * @param vmemmap       SPARSEMEM_VMEMMAP: a node field that does not fit is a build error
     */
    public PageFlags(int wordBits, int sectionsWidth, int maxNrZones, int nrPageflags, Fields f, boolean vmemmap) {
        this.wordBits = wordBits;
        this.nrPageflags = nrPageflags;
        this.sectionsWidth = sectionsWidth;
        int avail = wordBits - nrPageflags;
        // ZONES_SHIFT from MAX_NR_ZONES
        this.zonesWidth = maxNrZones < 2 ? 0 : maxNrZones <= 2 ? 1 : maxNrZones <= 4 ? 2 : 3;
        this.lruGenWidth = f.lruGenWidth();
        this.nodesShift = f.nodesShift();
        boolean nodesFit = zonesWidth + lruGenWidth + sectionsWidth + f.nodesShift() <= avail;
        this.nodesWidth = nodesFit ? f.nodesShift() : 0;
        this.kasanTagWidth = f.kasanTagWidth();
        this.lastCpupidShift = f.lastCpupidShift();
        this.lastCpupidWidth = zonesWidth + lruGenWidth + sectionsWidth + nodesWidth + kasanTagWidth + lastCpupidShift <= avail
                ? lastCpupidShift : 0;
        int used = zonesWidth + lruGenWidth + sectionsWidth + nodesWidth + kasanTagWidth + lastCpupidWidth;
        this.lruRefsWidth = Math.max(0, Math.min(f.lruRefsShift(), avail - used));
        String err = null;
        if (!nodesFit && vmemmap) err = "#error \"Vmemmap: No space for nodes field in page flags\"";
        else if (used > avail) err = "#error \"Not enough bits in page flags\"";
        this.buildError = err == null ? null : String.format(
                "this configuration does not build: include/linux/page-flags-layout.h %s (%d PG_ flags leave %d bits; "
                        + "SECTIONS %d + ZONES %d + NODES_SHIFT %d + KASAN_TAG %d + LRU_GEN %d need %d)",
                err, nrPageflags, avail, sectionsWidth, zonesWidth, f.nodesShift(), kasanTagWidth, lruGenWidth,
                sectionsWidth + zonesWidth + f.nodesShift() + kasanTagWidth + lruGenWidth);
        this.sectionsPgoff = wordBits - sectionsWidth;
        this.nodesPgoff = sectionsPgoff - nodesWidth;
        this.zonesPgoff = nodesPgoff - zonesWidth;
        this.lastCpupidPgoff = zonesPgoff - lastCpupidWidth;
        this.kasanTagPgoff = lastCpupidPgoff - kasanTagWidth;
        this.lruGenPgoff = kasanTagPgoff - lruGenWidth;
        this.lruRefsPgoff = lruGenPgoff - lruRefsWidth;
    }

    /** Why the kernel would not compile with this configuration (a layout #error), or null. */
    public String buildError() { return buildError; }

    /** NODE_NOT_IN_PAGE_FLAGS: a node shift that did not fit (page_to_nid() then reads section_to_node_table). */
    public boolean nodeNotInPageFlags() { return nodesShift != 0 && nodesWidth == 0; }

    /** LAST_CPUPID_NOT_IN_PAGE_FLAGS: NUMA_BALANCING is on, but the last cpupid did not fit. */
    public boolean lastCpupidNotInPageFlags() { return lastCpupidShift != 0 && lastCpupidWidth == 0; }

    private static long mask(int w) { return w == 0 ? 0 : (w >= 64 ? -1L : (1L << w) - 1); }

    /** set_page_links(): zone, node and section number into a fresh flags word. */
    public long links(int zone, int nid, long section) {
        long f = 0;
        if (zonesWidth > 0) f |= (zone & mask(zonesWidth)) << zonesPgoff;
        if (nodesWidth > 0) f |= (nid & mask(nodesWidth)) << nodesPgoff;
        if (sectionsWidth > 0) f |= (section & mask(sectionsWidth)) << sectionsPgoff;
        return wordBits == 64 ? f : f & 0xffffffffL;
    }

    /**
     * __init_single_page() (mm/mm_init.c 6.12): set_page_links(), then page_cpupid_reset_last()
     * (every LAST_CPUPID bit set: -1 & LAST_CPUPID_MASK) and page_kasan_tag_reset()
     * (KASAN_TAG_KERNEL 0xff, stored as tag ^ 0xff = 0).
     */
    public long initial(int zone, int nid, long section) {
        long f = links(zone, nid, section) | (mask(lastCpupidWidth) << lastCpupidPgoff);
        return wordBits == 64 ? f : f & 0xffffffffL;
    }

    /** page_zonenum(): (flags >> ZONES_PGSHIFT) & ZONES_MASK. */
    public int zone(long flags) { return zonesWidth == 0 ? 0 : (int) ((flags >>> zonesPgoff) & mask(zonesWidth)); }

    public int node(long flags) { return nodesWidth == 0 ? 0 : (int) ((flags >>> nodesPgoff) & mask(nodesWidth)); }

    public long section(long flags) { return sectionsWidth == 0 ? 0 : (flags >>> sectionsPgoff) & mask(sectionsWidth); }

    /** page_cpupid_last() from the flags word: (flags >> LAST_CPUPID_PGSHIFT) & LAST_CPUPID_MASK. */
    public long lastCpupid(long flags) { return lastCpupidWidth == 0 ? 0 : (flags >>> lastCpupidPgoff) & mask(lastCpupidWidth); }

    /** The KASAN tag bits of the flags word (stored as tag ^ 0xff). */
    public long kasanTag(long flags) { return kasanTagWidth == 0 ? 0 : (flags >>> kasanTagPgoff) & mask(kasanTagWidth); }

    /** The lowest bit used by a field: the PG_ flags and the unused gap are below it. */
    public int lowestFieldBit() { return lruRefsPgoff; }
}
