package io.kmemlab.emulator.mm;

/**
 * Layout of page->flags (include/linux/page-flags-layout.h, include/linux/mm.h *_PGOFF):
 * flag bits from bit 0, then fields packed from the top: | SECTION | NODE | ZONE | ... |.
 * LAST_CPUPID, KASAN tags and MGLRU fields are not configured (NUMA_BALANCING, KASAN,
 * LRU_GEN off), so they take no bits.
 */
public final class PageFlags {
    public final int wordBits, sectionsWidth, nodesWidth, zonesWidth;
    public final int sectionsPgoff, nodesPgoff, zonesPgoff;

    /**
     * @param wordBits      BITS_PER_LONG
     * @param sectionsWidth MAX_PHYSMEM_BITS - SECTION_SIZE_BITS for classic SPARSEMEM, else 0
     * @param nodesShift    NODES_SHIFT (CONFIG_NODES_SHIFT; 6 on x86_64, 0 without NUMA)
     * @param maxNrZones    MAX_NR_ZONES (zones of the enum incl. Movable/Device)
     * @param nrPageflags   __NR_PAGEFLAGS
     */
    public PageFlags(int wordBits, int sectionsWidth, int nodesShift, int maxNrZones, int nrPageflags) {
        this.wordBits = wordBits;
        this.sectionsWidth = sectionsWidth;
        int zonesShift = maxNrZones <= 1 ? 0 : maxNrZones <= 2 ? 1 : maxNrZones <= 4 ? 2 : 3;   // ZONES_SHIFT
        this.zonesWidth = zonesShift;
        // NODES_WIDTH = NODES_SHIFT if SECTIONS+NODES+ZONES fit in BITS_PER_LONG - NR_PAGEFLAGS
        this.nodesWidth = sectionsWidth + zonesShift + nodesShift <= wordBits - nrPageflags ? nodesShift : 0;
        this.sectionsPgoff = wordBits - sectionsWidth;
        this.nodesPgoff = sectionsPgoff - nodesWidth;
        this.zonesPgoff = nodesPgoff - zonesWidth;
    }

    private static long mask(int w) { return w == 0 ? 0 : (w >= 64 ? -1L : (1L << w) - 1); }

    /** set_page_links(): zone, node and section number into a fresh flags word. */
    public long links(int zone, int nid, long section) {
        long f = 0;
        if (zonesWidth > 0) f |= (zone & mask(zonesWidth)) << zonesPgoff;
        if (nodesWidth > 0) f |= (nid & mask(nodesWidth)) << nodesPgoff;
        if (sectionsWidth > 0) f |= (section & mask(sectionsWidth)) << sectionsPgoff;
        return wordBits == 64 ? f : f & 0xffffffffL;
    }

    /** page_zonenum(): (flags >> ZONES_PGOFF) & ZONES_MASK. */
    public int zone(long flags) { return zonesWidth == 0 ? 0 : (int) ((flags >>> zonesPgoff) & mask(zonesWidth)); }

    public int node(long flags) { return nodesWidth == 0 ? 0 : (int) ((flags >>> nodesPgoff) & mask(nodesWidth)); }

    public long section(long flags) { return sectionsWidth == 0 ? 0 : (flags >>> sectionsPgoff) & mask(sectionsWidth); }
}
