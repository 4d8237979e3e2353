package io.kmemlab.emulator.mm;

/**
 * struct zone of one node (include/linux/mmzone.h): pfn span, page counts as
 * mm/mm_init.c defines them, free_area, pageblock_flags, watermarks, lowmem_reserve, per-CPU lists.
 */
public final class Zone {
    public static final int WMARK_MIN = 0, WMARK_LOW = 1, WMARK_HIGH = 2, WMARK_PROMO = 3;
    private final String name;
    private final int index;           // zone_idx(): declaration order
    private final int nid;
    private final boolean allocatorNone;
    long startPfn, spanned, present, managed;
    FreeArea free;
    PageblockFlags pageblocks;
    final long[] watermark = new long[4];
    long[] lowmemReserve = new long[0];
    PerCpuPages[] pcp;
    int pcpBatch, pcpHigh;
    int slot;                          // index in the allocator's zone list

    public Zone(String name, int index, int nid, boolean allocatorNone) {
        this.name = name;
        this.index = index;
        this.nid = nid;
        this.allocatorNone = allocatorNone;
    }

    Zone copy() {
        Zone z = new Zone(name, index, nid, allocatorNone);
        z.startPfn = startPfn; z.spanned = spanned; z.present = present; z.managed = managed;
        z.free = free == null ? null : free.copy();
        z.pageblocks = pageblocks == null ? null : pageblocks.copy();
        System.arraycopy(watermark, 0, z.watermark, 0, 4);
        z.lowmemReserve = lowmemReserve.clone();
        if (pcp != null) {
            z.pcp = new PerCpuPages[pcp.length];
            for (int i = 0; i < pcp.length; i++) z.pcp[i] = pcp[i].copy();
        }
        z.pcpBatch = pcpBatch; z.pcpHigh = pcpHigh;
        z.slot = slot;
        return z;
    }

    public String name() { return name; }
    public int index() { return index; }
    public int nid() { return nid; }
    public boolean allocatorNone() { return allocatorNone; }
    public long startPfn() { return startPfn; }
    /** zone_end_pfn() = start + spanned (exclusive). */
    public long endPfn() { return startPfn + spanned; }
    public long spanned() { return spanned; }
    public long present() { return present; }
    public long managed() { return managed; }
    /** NR_FREE_PAGES: pages in the buddy lists (not counting per-CPU lists). */
    public long free() { return free == null ? 0 : free.freePages(); }
    public long watermark(int which) { return watermark[which]; }
    /** Entries of lowmem_reserve[] (MAX_NR_ZONES once watermarks are set up, 0 before). */
    public int lowmemReserveEntries() { return lowmemReserve.length; }
    public long lowmemReserve(int zoneIdx) { return zoneIdx < lowmemReserve.length ? lowmemReserve[zoneIdx] : 0; }
    public FreeArea freeArea() { return free; }
    /** The migratetype bits of the zone's pageblocks (null before the allocator is set up). */
    public PageblockFlags pageblocks() { return pageblocks; }
    public boolean populated() { return present > 0; }
    public boolean contains(long pfn) { return pfn >= startPfn && pfn < startPfn + spanned; }
    public int pcpBatch() { return pcpBatch; }
    public int pcpHigh() { return pcpHigh; }
    /** Pages on all CPUs' per-CPU lists of this zone. */
    public long pcpCount() {
        long n = 0;
        if (pcp != null) for (PerCpuPages p : pcp) n += p.count;
        return n;
    }
    public PerCpuPages pcp(int cpu) { return pcp[cpu]; }

    @Override public String toString() { return "zone " + name + " (node " + nid + ")"; }
}
