package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.Checkpointable;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Diagnostics;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * The buddy allocator (mm/page_alloc.c): gfp_zone() and zonelist fallback, watermarks
 * with lowmem_reserve, per-CPU lists (pcp_allowed_order), expand() splitting, __free_one_page()
 * merging, compound pages (prep_compound_page). Works on pfns; the facade converts to
 * struct page pointers.
 */
public final class PageAllocator implements Checkpointable<PageAllocator.State> {
    /** POISON_POINTER_DELTA + 0x400 (include/linux/poison.h TAIL_MAPPING) on x86_64. */
    public static final long TAIL_MAPPING_64 = 0xdead000000000400L;
    private final KernelProfile profile;
    private final PageStore store;
    private final PhysMem phys;
    private final PageTypes types;
    private final CompoundFields compoundFields;
    private final Diagnostics diag;
    private final int cpus, structPage;
    private List<Node> nodes = new ArrayList<>();
    private Zone[] zoneByIndex;            // node 0 zones by index (fast path), all nodes in nodes
    private MemoryModel model;
    private NodeRanges nodeRanges = new NodeRanges(List.of());
    private long[] allocated;              // per global zone slot: pages handed out (for invariants)
    private List<Zone> allZones = new ArrayList<>();
    private int headBit, reservedBit;
    private Zone[][][] zonelistCache;        // [nid][GFP zone bits] -> zonelist (null entry = not computed)
    private int[] highestCache;
    private long minFreeKbytes;
    private static final int[] MARKS = {Zone.WMARK_LOW, Zone.WMARK_MIN};
    /** PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h). */
    static final int PAGE_ALLOC_COSTLY_ORDER = 3;
    private int[] pcpOrders = {0};
    private java.util.function.IntSupplier processorId = () -> 0;
    private MigrateTypes migrate;
    /** page_group_by_mobility_disabled (mm/page_alloc.c build_all_zonelists()). */
    private boolean mobilityDisabled;
    private boolean mobilityComputed;

    public PageAllocator(KernelProfile profile, PageStore store, PhysMem phys, Diagnostics diag, int cpus, int structPage) {
        this.profile = profile;
        this.store = store;
        this.phys = phys;
        this.types = new PageTypes(profile, structPage == 32 ? 4 : 8);
        this.compoundFields = new CompoundFields(profile, structPage == 32 ? 4 : 8);
        this.diag = diag;
        this.cpus = cpus;
        this.structPage = structPage;
        this.headBit = profile.bit("head");
        this.reservedBit = profile.bit("reserved");
        this.migrate = MigrateTypes.of(profile, false, false, profile.maxPageOrder());
    }

    /** The migrate types and pageblock_order of this machine. Call before {@link #setNodes}. */
    public void setMigrateTypes(MigrateTypes m) { migrate = m; }

    public MigrateTypes migrateTypes() { return migrate; }

    /** page_group_by_mobility_disabled: every allocation is UNMOVABLE and a fallback always claims the block. */
    public boolean mobilityDisabled() { return mobilityDisabled; }

    private boolean v2632() { return !profile.atLeast(3, 0); }

    /**
     * Free lists sorted by the pageblock's type (6.10+, "freelist migratetype hygiene"): a free
     * block is always on its pageblock's list, a claim moves it, a merge retypes the buddy's
     * block. Before, a block stays on the list it was put on.
     */
    private boolean freelistHygiene() { return profile.atLeast(6, 10); }

    /**
     * pcp_allowed_order() (mm/page_alloc.c): order 0, and since 5.13 every order up to
     * PAGE_ALLOC_COSTLY_ORDER (3) plus HPAGE_PMD_ORDER with CONFIG_TRANSPARENT_HUGEPAGE
     * ({@code thpOrder}, -1 without THP at the pmd). Call before {@link #setNodes}.
     */
    public void setPcpOrders(int thpOrder) {
        if (!profile.atLeast(5, 13)) { pcpOrders = new int[]{0}; return; }
        pcpOrders = thpOrder > PAGE_ALLOC_COSTLY_ORDER && thpOrder <= profile.maxPageOrder()
                ? new int[]{0, 1, 2, 3, thpOrder} : new int[]{0, 1, 2, 3};
    }

    /** {@code nodeRanges}: the node of every pfn (memblock's ranges), for page_zone() where node spans overlap. */
    public void setNodes(List<Node> nodes, MemoryModel model, NodeRanges nodeRanges) {
        this.nodes = nodes;
        this.model = model;
        this.nodeRanges = nodeRanges;
        allZones = new ArrayList<>();
        for (Node n : nodes) allZones.addAll(n.zones);
        zoneByIndex = nodes.get(0).zones.toArray(new Zone[0]);
        allocated = new long[allZones.size()];
        zonelistCache = new Zone[nodes.size()][16][];
        for (int i = 0; i < allZones.size(); i++) allZones.get(i).slot = i;
        // NR_PCP_THP (include/linux/mmzone.h): one THP list in 6.1, MOVABLE and the rest from 6.11
        int thpLists = profile.atLeast(6, 11) ? 2 : 1;
        for (Zone z : allZones) {
            z.free = new FreeArea(profile.nrPageOrders(), migrate.count());
            z.pageblocks = new PageblockFlags(migrate.pageblockOrder);
            z.pcp = new PerCpuPages[cpus];
            for (int i = 0; i < cpus; i++) z.pcp[i] = new PerCpuPages(pcpOrders, migrate.pcpTypes, thpLists);
        }
    }

    public List<Node> nodes() { return nodes; }
    public List<Zone> zones() { return allZones; }
    public PageTypes types() { return types; }
    public KernelProfile profile() { return profile; }

    /**
     * page_zone(): the zone of the pfn's node (page_to_nid(), set from memblock's ranges by
     * memmap_init()) whose span holds {@code pfn}. Spans of different nodes may overlap, so the
     * span alone does not decide. A hole that the node memmap_init() gave it does not span falls
     * back to any zone spanning it; null for a hole outside every zone.
     */
    public Zone zoneOf(long pfn) {
        int nid = nodeRanges.nid(pfn);
        if (nid < nodes.size()) for (Zone z : nodes.get(nid).zones) if (z.spanned > 0 && z.contains(pfn)) return z;
        for (Zone z : allZones) if (z.spanned > 0 && z.contains(pfn)) return z;
        return null;
    }

    /** The node memmap_init() gives {@code pfn} (see {@link NodeRanges}). */
    public int nidOf(long pfn) { return nodeRanges.nid(pfn); }

    /** Where the node ranges next change above {@code pfn}: a memblock range's start or end. */
    public long nextNodeBoundary(long pfn) { return nodeRanges.nextBoundary(pfn); }

    /** Whether {@code pfn} is RAM of node {@code nid} (memblock.memory with that node id). */
    public boolean isRamOf(long pfn, int nid) { return nodeRanges.isRamOf(pfn, nid); }
    // ---------------------------------------------------------------- pageblocks

    /**
     * memmap_init(): every pageblock is marked MIGRATE_MOVABLE as its struct pages are set up.
     * From 5.7 (mm/mm_init.c memmap_init_range() at v6.12, mm/page_alloc.c at v6.1) the kernel
     * walks the memory ranges (memblock.memory, {@code memoryPfns}: [start, end) pairs) and marks
     * the block of each pageblock-aligned pfn in them, so a block whose first pfn is a hole (pfn
     * 0 when RAM starts at pfn 1) keeps the zeroed usemap's 0, MIGRATE_UNMOVABLE. 2.6.32
     * (memmap_init_zone()) walks the whole zone span and marks every aligned, valid pfn.
     */
    public void initPageblocks(List<long[]> memoryPfns) {
        long nr = migrate.pageblockPages();
        for (Zone z : allZones) {
            if (z.spanned == 0) continue;
            if (v2632()) {
                z.pageblocks.setRange(alignUp(z.startPfn, nr), z.endPfn(), migrate.movable);
                continue;
            }
            for (long[] r : memoryPfns) {
                if (r[1] <= r[0] || nidOf(r[0]) != z.nid()) continue;      // the zones of the range's node
                long s = Math.max(r[0], z.startPfn), e = Math.min(r[1], z.endPfn());
                long first = alignUp(s, nr);
                if (first < e) z.pageblocks.setRange(first, e, migrate.movable);
            }
        }
    }

    private static long alignUp(long v, long a) { return (v + a - 1) & -a; }

    // ---------------------------------------------------------------- boot release

    /**
     * __free_pages_memory() (mm/memblock.c): frees [start, end) in the largest naturally
     * aligned blocks, order = min(MAX_PAGE_ORDER, __ffs(start)), to the tail of the lists
     * (__free_pages_core() with FPI_TO_TAIL, 5.10+). 2.6.32's __free_one_page() adds every block
     * at the head (list_add), so there the first block freed ends up last: the lists are
     * descending in pfn, and the first allocation takes the highest block.
     */
    public void releaseBootRange(Zone z, long start, long end) {
        int max = profile.maxPageOrder();
        while (start < end) {
            int order = Math.min(max, start == 0 ? max : Long.numberOfTrailingZeros(start));
            while (start + (1L << order) > end) order--;
            if (order == max) {
                // every MAX_PAGE_ORDER block up to the end goes to the list tail as it comes: no
                // merging at the top order, so they are added in one step (a run of the free list)
                // (a block goes on the list of its first pageblock's type: get_pfnblock_migratetype())
                long count = (end - start) >>> max, runEnd = start + (count << max);
                z.managed += count << max;
                while (start < runEnd) {
                    int mt = z.pageblocks.get(start);
                    long change = z.pageblocks.typeChangeAfter(start);
                    long stop = change >= runEnd ? runEnd : Math.min(runEnd, alignUp(change, 1L << max));
                    if (v2632()) z.free.addHead(start, (stop - start) >>> max, max, mt);
                    else z.free.addTail(start, (stop - start) >>> max, max, mt);
                    start = stop;
                }
                continue;
            }
            z.managed += 1L << order;
            freeOneBlock(z, start, order, z.pageblocks.get(start), !v2632(), Trace.NONE);
            start += 1L << order;
        }
    }

    // ---------------------------------------------------------------- setup_per_zone_wmarks & co (see Watermarks)

    /** Watermarks, lowmem_reserve and pcp batch/high of every zone once the boot memory is released. */
    public void setupWatermarks(boolean[] highmemZone, boolean thp, int maxNrZones) {
        boolean v2632 = !profile.atLeast(3, 0);                  // 2.6.32: no THP, present-page rules
        if (!mobilityComputed) {
            // build_all_zonelists(): grouping by mobility is off below pageblock_nr_pages *
            // MIGRATE_TYPES pages (nr_free_zone_pages() of GFP_HIGHUSER_MOVABLE's zonelist, i.e.
            // every zone; the kernel counts them before the boot release, as the zones' present
            // pages here)
            long total = 0;
            for (Zone z : allZones) if (!z.allocatorNone()) total += z.present;
            mobilityDisabled = total < migrate.pageblockPages() * migrate.count();
            mobilityComputed = true;
        }
        minFreeKbytes = Watermarks.setup(allZones, nodes, cpus, highmemZone, thp && !v2632, maxNrZones, v2632);
        if (v2632) for (Zone z : allZones) if (z.populated() && !z.allocatorNone()) setupZoneMigrateReserve(z);
    }

    /**
     * setup_zone_migrate_reserve() (mm/page_alloc.c v2.6.32, from setup_per_zone_wmarks()):
     * roundup(min watermark, pageblock_nr_pages) >> pageblock_order blocks of the zone, the
     * first MOVABLE ones whose first page is not PageReserved, become MIGRATE_RESERVE with their
     * free pages (move_freepages_block()); RESERVE blocks beyond that count go back to MOVABLE.
     */
    private void setupZoneMigrateReserve(Zone z) {
        long nr = migrate.pageblockPages();
        long reserve = alignUp(z.watermark[Zone.WMARK_MIN], nr) >>> migrate.pageblockOrder;
        long end = z.endPfn();
        for (long pfn = z.startPfn; pfn < end; pfn += nr) {
            if (reserve == 0) {
                // the rest of the loop only takes back earlier RESERVE blocks: visit those alone
                int bt = z.pageblocks.get(pfn);
                if (bt != migrate.reserve) {
                    long next = z.pageblocks.typeChangeAfter(pfn);
                    if (next >= end) break;
                    pfn += Math.max(0, (next - pfn + nr - 1) / nr - 1) * nr;
                    continue;
                }
                z.pageblocks.set(pfn, migrate.movable);
                moveFreeBlocks(z, Math.max(pfn & -nr, z.startPfn), Math.min((pfn & -nr) + nr, end), migrate.movable, false);
                continue;
            }
            if (model != null && !model.pfnValid(pfn)) continue;
            if ((store.flags(pfn) & (1L << reservedBit)) != 0) continue;
            int bt = z.pageblocks.get(pfn);
            if (bt == migrate.reserve) { reserve--; continue; }
            if (bt == migrate.movable) {
                z.pageblocks.set(pfn, migrate.reserve);
                long start = pfn & -nr;
                if (start + nr - 1 < end) moveFreeBlocks(z, Math.max(start, z.startPfn) == start ? start : pfn, start + nr, migrate.reserve, false);
                reserve--;
            }
        }
    }

    /** vm.min_free_kbytes as computed at boot. */
    public long minFreeKbytes() { return minFreeKbytes; }

    // ---------------------------------------------------------------- gfp_zone and zonelists

    /** gfp_zone(): index of the highest usable zone for these GFP bits, or -1 (GFP_ZONE_BAD). */
    public int gfpZone(long gfp, List<Zone> zones) {
        if (zones == nodes.get(0).zones && highestCache != null) {
            int c = highestCache[(int) (gfp & Gfp.GFP_ZONEMASK)];
            if (c != Integer.MIN_VALUE) return c;
        }
        int r = gfpZoneSlow(gfp, zones);
        if (zones == nodes.get(0).zones) {
            if (highestCache == null) { highestCache = new int[16]; java.util.Arrays.fill(highestCache, Integer.MIN_VALUE); }
            highestCache[(int) (gfp & Gfp.GFP_ZONEMASK)] = r;
        }
        return r;
    }

    private int gfpZoneSlow(long gfp, List<Zone> zones) {
        String name = Gfp.gfpZoneName(gfp);
        if (name == null) return -1;
        int idx = indexOf(zones, name);
        if (idx >= 0) return idx;
        switch (name) {
            case "HighMem", "DMA32", "DMA" -> { int n = indexOf(zones, "Normal"); if (n >= 0) return n; }
            default -> { }
        }
        if (name.equals("DMA32")) { int d = indexOf(zones, "DMA"); if (d >= 0) return d; }
        // ZONE_MOVABLE not declared: the zonelist starts at the highest zone below it
        return zones.size() - 1;
    }

    private static int indexOf(List<Zone> zones, String name) {
        for (int i = 0; i < zones.size(); i++) if (zones.get(i).name().equals(name)) return i;
        return -1;
    }

    /** build_zonerefs_node(): the node's zones highest first, then other nodes'. */
    public List<Zone> zonelist(int nid, int highestIdx) {
        List<Zone> out = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get((nid + k) % nodes.size());
            for (int i = Math.min(highestIdx, n.zones.size() - 1); i >= 0; i--) {
                Zone z = n.zones.get(i);
                if (z.populated() && !z.allocatorNone()) out.add(z);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- allocation

    /**
     * __alloc_pages(): returns the pfn of the first page, or -1. Sets refcount 1, the owner,
     * zeroes with __GFP_ZERO and builds a compound page with __GFP_COMP.
     */
    public long alloc(long gfp, int order, int nid, FrameOwner owner, Trace t) {
        if (order < 0 || order > profile.maxPageOrder()) {
            if ((gfp & Gfp.__GFP_NOWARN) == 0)
                warn(profile.orderWarning(order), t);
            return -1;
        }
        int n = Math.max(0, Math.min(nid, nodes.size() - 1));
        Node node = nodes.get(n);
        int bits = (int) (gfp & Gfp.GFP_ZONEMASK);
        Zone[] zl = zonelistCache[n][bits];
        int high = gfpZone(gfp, node.zones);
        if (zl == null && high >= 0) zl = zonelistCache[n][bits] = zonelist(node.nid(), high).toArray(new Zone[0]);
        if (high < 0) {
            // gfp_zone(): VM_BUG_ON((GFP_ZONE_BAD >> bit) & 1) - a BUG only with CONFIG_DEBUG_VM (include/linux/gfp.h)
            diag.report(debugVm
                    ? new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at include/linux/gfp.h!", String.format(
                            "kernel BUG at include/linux/gfp.h! gfp_zone: VM_BUG_ON(GFP_ZONE_BAD) for zone bits 0x%x", gfp & Gfp.GFP_ZONEMASK))
                    : Diagnostic.note(String.format("gfp_zone: invalid GFP zone bits 0x%x (GFP_ZONE_BAD); the kernel checks this only with"
                            + " CONFIG_DEBUG_VM and otherwise uses whatever GFP_ZONE_TABLE gives; the allocation fails here", gfp & Gfp.GFP_ZONEMASK)), t);
            return -1;
        }
        if (t.enabled()) t.formula(String.format("gfp_zone(0x%x) = %s; zonelist: %s", gfp,
                node.zones.get(high).name(), java.util.Arrays.stream(zl).map(Zone::name).toList()));
        int mt = migrate.gfpMigratetype(gfp, mobilityDisabled);
        if (mt >= migrate.pcpTypes) {
            // both __GFP_MOVABLE and __GFP_RECLAIMABLE: gfp_migratetype() gives 3 (HIGHATOMIC,
            // 2.6.32's RESERVE), which indexes past pcp->lists[] and fallbacks[]
            String what = String.format("gfp_migratetype(0x%x): __GFP_MOVABLE and __GFP_RECLAIMABLE together", gfp);
            if (debugVm) warn("WARNING: CPU: 0 PID: 1 at include/linux/gfp.h gfp_migratetype: " + what, t);
            else diag.report(Diagnostic.note(what + " (VM_WARN_ON with CONFIG_DEBUG_VM); the kernel then indexes past its per-CPU"
                    + " lists and fallbacks[], kmemlab serves it as MOVABLE"), t);
            mt = migrate.movable;
        }
        boolean noFragment = allocNoFragment(zl, node);
        if (t.enabled()) t.formula(String.format("gfp_migratetype(0x%x) = MIGRATE_%s%s", gfp, migrate.name(mt).toUpperCase(java.util.Locale.ROOT),
                noFragment ? "; ALLOC_NOFRAGMENT (the preferred zone is Normal and DMA32 exists)" : ""));
        // fast path: WMARK_LOW, no reserves, first with ALLOC_NOFRAGMENT where it applies, then
        // without; slow path (no reclaim to do here): WMARK_MIN with ALLOC_MIN_RESERVE for
        // __GFP_HIGH and ALLOC_NON_BLOCK without __GFP_DIRECT_RECLAIM
        boolean allocHigh = (gfp & Gfp.__GFP_HIGH) != 0;
        boolean nonBlock = (gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0;
        for (int pass = noFragment ? 0 : 1; pass < 3; pass++) {
            int mark = pass < 2 ? Zone.WMARK_LOW : Zone.WMARK_MIN;
            boolean slow = mark == Zone.WMARK_MIN, nf = pass == 0;
            for (Zone z : zl) {
                // get_page_from_freelist(): a zone of another node drops ALLOC_NOFRAGMENT first
                if (nf && nodes.size() > 1 && z.nid() != zl[0].nid()) break;
                if (!watermarkOk(z, order, z.watermark[mark], high, slow && allocHigh, slow && allocHigh && nonBlock)) {
                    if (t.enabled()) t.note("zone " + z.name() + " below watermark " + (mark == Zone.WMARK_LOW ? "low" : "min"));
                    continue;
                }
                long pfn = z.pcp[0].allowed(order) ? rmqueuePcp(z, order, mt, nf, t) : rmqueue(z, order, mt, nf, t);
                if (pfn < 0) continue;
                prepNewPage(z, pfn, order, gfp, owner);
                if (t.enabled()) t.note(String.format("allocated pfn 0x%x order %d from zone %s%s", pfn, order, z.name(),
                        z.pcp[0].allowed(order) ? " (per-CPU list)" : ""));
                return pfn;
            }
        }
        if ((gfp & Gfp.__GFP_NOWARN) == 0)
            warn(String.format("page allocation failure: order:%d, mode:0x%x, nodemask=(null)", order, gfp), t);
        return -1;
    }

    /**
     * alloc_flags_nofragment() (mm/page_alloc.c, 5.0+): with CONFIG_ZONE_DMA32 (a DMA32 zone in
     * the node), an allocation whose preferred zone is ZONE_NORMAL first refuses to steal less
     * than a pageblock from another migrate type (on NUMA only when the node's DMA32 has pages).
     */
    private boolean allocNoFragment(Zone[] zl, Node node) {
        if (!profile.atLeast(5, 0) || zl.length == 0 || !zl[0].name().equals("Normal")) return false;
        Zone dma32 = null;
        for (Zone z : nodes.get(zl[0].nid() < nodes.size() ? indexOfNode(zl[0].nid()) : 0).zones()) if (z.name().equals("DMA32")) dma32 = z;
        return dma32 != null && (nodes.size() == 1 || dma32.populated());
    }

    private int indexOfNode(int nid) {
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).nid() == nid) return i;
        return 0;
    }

    /**
     * __zone_watermark_ok(): free - (1 << order) + 1 must exceed min + lowmem_reserve, where
     * ALLOC_MIN_RESERVE halves min and ALLOC_NON_BLOCK takes another quarter of the rest; above
     * order 0 a block of the order or larger must be free on a per-CPU type's list
     * (free_area_empty() for mt < MIGRATE_PCPTYPES).
     */
    boolean watermarkOk(Zone z, int order, long mark, int highestIdx, boolean minReserve, boolean nonBlock) {
        long min = mark;
        if (minReserve) {
            min -= min / 2;
            if (nonBlock) min -= min / 4;
        }
        long free = z.free() - (1L << order) + 1;
        int ri = Math.min(highestIdx, z.lowmemReserve.length - 1);
        long reserve = ri >= 0 && ri < z.lowmemReserve.length && ri > z.index() ? z.lowmemReserve[ri] : 0;
        if (free <= min + reserve) return false;
        if (order == 0) return true;
        int types = v2632() ? migrate.count() : migrate.pcpTypes;
        for (int o = order; o < profile.nrPageOrders(); o++) for (int m = 0; m < types; m++) if (!z.free.empty(o, m)) return true;
        return false;
    }

    /**
     * __rmqueue_pcplist(): the list of (order, migratetype) (order_to_pindex()); an empty one is
     * refilled by rmqueue_bulk() with nr_pcp_alloc() blocks of __rmqueue() - batch for order 0
     * (the 5.x rule; 6.x's alloc_factor scaling is not modelled), and max(batch >> order, 2) for
     * a higher order (batch > 1) - each added at the list tail, so the first one taken comes out
     * first.
     */
    private long rmqueuePcp(Zone z, int order, int mt, boolean noFragment, Trace t) {
        PerCpuPages pcp = thisCpu(z);
        int pindex = pcp.pindex(order, mt, migrate.movable);
        if (pcp.size(pindex) == 0) {
            int batch = order == 0 || z.pcpBatch <= 1 ? Math.max(z.pcpBatch, 1) : Math.max(z.pcpBatch >> order, 2);
            long[] got = new long[batch];
            int n = 0;
            for (int i = 0; i < batch; i++) {
                long p = rmqueue(z, order, mt, noFragment, i == 0 ? t : Trace.NONE);
                if (p < 0) break;
                got[n++] = p;
            }
            for (int i = n - 1; i >= 0; i--) pcp.push(pindex, got[i], mt);
            if (n == 0) return -1;
        }
        return pcp.pop(pindex);
    }

    /**
     * __rmqueue(): __rmqueue_smallest() on the requested type, then __rmqueue_fallback(); 6.1
     * steals onto the requested list and tries __rmqueue_smallest() again; 2.6.32 ends with
     * MIGRATE_RESERVE.
     */
    private long rmqueue(Zone z, int order, int mt, boolean noFragment, Trace t) {
        if (v2632()) {
            long p = rmqueueSmallest(z, order, mt);
            if (p >= 0 || mt == migrate.reserve) return p;
            p = rmqueueFallback2632(z, order, mt, t);
            return p >= 0 ? p : rmqueueSmallest(z, order, migrate.reserve);
        }
        long p = rmqueueSmallest(z, order, mt);
        if (p >= 0) return p;
        return rmqueueFallback(z, order, mt, noFragment, t);
    }

    /** __rmqueue_smallest() + expand(): the upper halves go to the head of the lower lists of {@code mt}. */
    private long rmqueueSmallest(Zone z, int order, int mt) {
        FreeArea fl = z.free;
        for (int cur = order; cur < profile.nrPageOrders(); cur++) {
            long pfn = fl.first(cur, mt);
            if (pfn < 0) continue;
            fl.remove(pfn);
            expand(z, pfn, order, cur, mt);
            return pfn;
        }
        return -1;
    }

    /** expand(): the upper half at each order from {@code high} down to {@code low} to the list head of {@code mt}. */
    private void expand(Zone z, long pfn, int low, int high, int mt) {
        while (high > low) {
            high--;
            z.free.add(pfn + (1L << high), high, mt, false);
        }
    }

    /**
     * can_steal_fallback() (mm/page_alloc.c v6.1, v6.12): a whole pageblock may be taken when
     * the order is at least pageblock_order / 2, or for an UNMOVABLE or RECLAIMABLE request, or
     * with mobility grouping off.
     */
    private boolean canStealFallback(int order, int startMt) {
        int pbo = migrate.pageblockOrder;
        return order >= pbo || order >= pbo / 2 || startMt == migrate.reclaimable || startMt == migrate.unmovable || mobilityDisabled;
    }

    /** find_suitable_fallback(): the first non-empty list of fallbacks[mt] at order {@code o}, or -1; steal[0] = can_steal. */
    private int findSuitableFallback(Zone z, int o, int mt, boolean[] steal) {
        if (z.free.nrFree(o) == 0) return -1;
        steal[0] = false;
        for (int f : migrate.fallbacks(mt)) {
            if (z.free.empty(o, f)) continue;
            if (canStealFallback(o, mt)) steal[0] = true;
            return f;
        }
        return -1;
    }

    /**
     * __rmqueue_fallback() (6.x): the largest block of a fallback type, from MAX_PAGE_ORDER down
     * to the order (down to pageblock_order with ALLOC_NOFRAGMENT); a MOVABLE request that may
     * not claim the block takes the smallest one instead.
     */
    private long rmqueueFallback(Zone z, int order, int mt, boolean noFragment, Trace t) {
        int pbo = migrate.pageblockOrder, max = profile.maxPageOrder();
        int minOrder = noFragment && order < pbo ? pbo : order;
        boolean[] steal = new boolean[1];
        int cur, fmt = -1;
        for (cur = max; cur >= minOrder; cur--) {
            fmt = findSuitableFallback(z, cur, mt, steal);
            if (fmt == -1) continue;
            if (!steal[0] && mt == migrate.movable && cur > order) {
                for (cur = order; cur <= max; cur++) {                 // find_smallest
                    fmt = findSuitableFallback(z, cur, mt, steal);
                    if (fmt != -1) break;
                }
            }
            break;
        }
        if (fmt == -1) return -1;
        long page = z.free.first(cur, fmt);
        if (t.enabled()) t.note(String.format("__rmqueue_fallback: MIGRATE_%s order %d takes pfn 0x%x (order %d) from the %s list",
                migrate.name(mt).toUpperCase(java.util.Locale.ROOT), order, page, cur, migrate.name(fmt)));
        if (freelistHygiene()) return stealSuitableFallback(z, page, cur, order, mt, steal[0], t);
        stealSuitableFallback61(z, page, cur, mt, steal[0], t);
        return rmqueueSmallest(z, order, mt);
    }

    /**
     * steal_suitable_fallback() (mm/page_alloc.c v6.12): a block of pageblock_order or more
     * changes its pageblocks' type and is split onto the requested lists; a smaller one claims
     * its whole pageblock when the free pages and the pages of a compatible mobility make up half
     * of it (__move_freepages_block() then set_pageblock_migratetype()), else only the block is
     * taken and split onto its own type's lists. Watermark boosting is not modelled (kswapd would
     * undo it).
     */
    private long stealSuitableFallback(Zone z, long page, int cur, int order, int startMt, boolean wholeBlock, Trace t) {
        int blockType = z.pageblocks.get(page);
        int pbo = migrate.pageblockOrder;
        long nr = 1L << pbo;
        if (blockType != migrate.highatomic) {
            if (cur >= pbo) {
                z.free.remove(page);
                z.pageblocks.setRange(page, page + (1L << cur), startMt);      // change_pageblock_range()
                expand(z, page, order, cur, startMt);
                if (t.enabled()) t.note(String.format("pageblocks 0x%x..0x%x become %s", page, page + (1L << cur) - 1, migrate.name(startMt)));
                return page;
            }
            long start = page & -nr;
            if (wholeBlock && z.contains(start) && z.contains(start + nr - 1)) {     // prep_move_freepages_block()
                long[] fm = scanBlock(z, start, start + nr);
                long alike = startMt == migrate.movable ? fm[1] : blockType == migrate.movable ? nr - (fm[0] + fm[1]) : 0;
                if (fm[0] + alike >= nr / 2 || mobilityDisabled) {
                    moveFreeBlocks(z, start, start + nr, startMt, true);
                    z.pageblocks.set(start, startMt);
                    if (t.enabled()) t.note(String.format("claimed pageblock 0x%x: %d free + %d alike of %d pages", start, fm[0], alike, nr));
                    return rmqueueSmallest(z, order, startMt);
                }
            }
        }
        z.free.remove(page);                                                // page_del_and_expand()
        expand(z, page, order, cur, blockType);
        return page;
    }

    /**
     * steal_suitable_fallback() (mm/page_alloc.c v6.1): a block of pageblock_order or more
     * changes its pageblocks' type; otherwise, allowed to, move_freepages_block() moves every free
     * block of the pageblock to the requested type's lists and the pageblock changes type when
     * half of it is free or compatible; the taken block itself always goes to the requested
     * list, where __rmqueue() finds it again.
     */
    private void stealSuitableFallback61(Zone z, long page, int cur, int startMt, boolean wholeBlock, Trace t) {
        int oldType = z.pageblocks.get(page);
        int pbo = migrate.pageblockOrder;
        long nr = 1L << pbo;
        if (oldType != migrate.highatomic) {
            if (cur >= pbo) {
                z.pageblocks.setRange(page, page + (1L << cur), startMt);
            } else if (wholeBlock) {
                long start = page & -nr, end = start + nr;
                if (!z.contains(start)) start = page;
                if (z.contains(end - 1)) {
                    long[] fm = scanBlock(z, start, end);
                    moveFreeBlocks(z, start, end, startMt, true);
                    long alike = startMt == migrate.movable ? fm[1] : oldType == migrate.movable ? nr - (fm[0] + fm[1]) : 0;
                    if (fm[0] > 0 && (fm[0] + alike >= nr / 2 || mobilityDisabled)) z.pageblocks.set(page, startMt);
                    return;
                }
            }
        }
        z.free.remove(page);                                                // move_to_free_list(): list_move_tail
        z.free.add(page, cur, startMt, true);
    }

    /**
     * __rmqueue_fallback() (mm/page_alloc.c v2.6.32): the largest block of a fallback type
     * (MIGRATE_RESERVE left for last); from pageblock_order / 2 up, or for a RECLAIMABLE request,
     * every free block of its pageblock moves to the requested lists (move_freepages_block(),
     * list_move: to the head) and the pageblock changes type when half of it is free; the block
     * is split onto the requested type's lists then, else onto its own.
     */
    private long rmqueueFallback2632(Zone z, int order, int startMt, Trace t) {
        int pbo = migrate.pageblockOrder;
        long nr = 1L << pbo;
        for (int cur = profile.maxPageOrder(); cur >= order; cur--) {
            for (int f : migrate.fallbacks(startMt)) {
                if (z.free.empty(cur, f)) continue;
                long page = z.free.first(cur, f);
                int mt = f;
                if (cur >= (pbo >> 1) || startMt == migrate.reclaimable || mobilityDisabled) {
                    long start = page & -nr, end = start + nr;
                    if (start < z.startPfn) start = page;
                    long pages = 0;
                    if (end - 1 < z.endPfn()) {
                        pages = scanBlock(z, start, end)[0];
                        moveFreeBlocks(z, start, end, startMt, false);
                    }
                    if (pages >= nr / 2 || mobilityDisabled) z.pageblocks.set(page, startMt);
                    mt = startMt;
                }
                z.free.remove(page);
                if (cur >= pbo) z.pageblocks.setRange(page, page + (1L << cur), startMt);
                expand(z, page, order, cur, mt);
                if (t.enabled()) t.note(String.format("__rmqueue_fallback: %s order %d takes pfn 0x%x (order %d) from the %s list",
                        migrate.name(startMt), order, page, cur, migrate.name(f)));
                return page;
            }
        }
        return -1;
    }

    /**
     * The free pages (PageBuddy blocks) and the movable in-use pages (PageLRU or __PageMovable:
     * page->mapping with PAGE_MAPPING_MOVABLE) of pfns [start, end): {free, movable}.
     */
    private long[] scanBlock(Zone z, long start, long end) {
        long free = 0, movable = 0;
        int lru = profile.bit("lru");
        for (long pfn = start; pfn < end; ) {
            int o = z.free.orderOf(pfn);
            if (o >= 0) { free += 1L << o; pfn += 1L << o; continue; }
            if ((lru >= 0 && (store.flags(pfn) & (1L << lru)) != 0) || (store.word(pfn, 2) & 3) == 2) movable++;
            pfn++;
        }
        return new long[]{free, movable};
    }

    /** move_freepages(): every free block in [start, end) to the lists of {@code mt}, at the tail (6.x) or head (2.6.32). */
    private void moveFreeBlocks(Zone z, long start, long end, int mt, boolean toTail) {
        for (long pfn = start; pfn < end; ) {
            int o = z.free.orderOf(pfn);
            if (o < 0) { pfn++; continue; }
            z.free.remove(pfn);
            z.free.add(pfn, o, mt, toTail);
            pfn += 1L << o;
        }
    }

    private void prepNewPage(Zone z, long pfn, int order, long gfp, FrameOwner owner) {
        long n = 1L << order;
        allocated[z.slot] += n;
        for (long p = pfn; p < pfn + n; p++) {
            store.prepAlloc(p, owner, p == pfn ? 1 : 0);          // set_page_refcounted() on the head
            if ((gfp & Gfp.__GFP_ZERO) != 0) phys.clearFrame(p);
        }
        if ((gfp & Gfp.__GFP_COMP) != 0 && order > 0) prepCompound(pfn, order);
    }

    /** prep_compound_page(): tails first (prep_compound_tail), then the folio fields of page 1/2. */
    public void prepCompound(long head, int order) {
        long n = 1L << order;
        long headPage = model.pfnToPage(head, Trace.NONE);
        store.setFlagBit(head, headBit, true);
        int tailBit = profile.bit("tail");                                   // 2.6: PG_tail (PAGEFLAGS_EXTENDED)
        for (long p = head + 1; p < head + n; p++) {
            if (tailBit >= 0) store.setFlagBit(p, tailBit, true);
            // p->mapping = TAIL_MAPPING (include/linux/poison.h, 4.5+); 2.6.32 leaves a tail's mapping NULL
            store.setWord(p, 2, !profile.atLeast(4, 5) ? 0 : structPage == 32 ? 0x400 : TAIL_MAPPING_64);
            store.setWord(p, 0, headPage | 1);                                  // set_compound_head()
            store.setWord(p, 4, 0);
            store.setRefcount(p, 0);
        }
        compoundFields.prepHead(store, head, order);                        // prep_compound_head()
        if (order > 1 && compoundFields.orderInFlags()) {
            // INIT_LIST_HEAD(&folio->_deferred_list) in page 2 (6.x; 6.1 only for THP, prep_transhuge_page)
            long selfList = model.pfnToPage(head + 2, Trace.NONE) + 16;
            store.setWord(head + 2, 1, selfList);
            store.setWord(head + 2, 2, selfList);
        }
    }

    public boolean isHead(long pfn) { return (store.flags(pfn) & (1L << headBit)) != 0; }

    /** compound_head(): page->compound_head with bit 0 set means "tail of (value - 1)". */
    public boolean isTail(long pfn) { return (store.word(pfn, 0) & 1) != 0 && !isFreeAnywhere(pfn); }

    public int compoundOrder(long headPfn) { return isHead(headPfn) ? compoundFields.order(store, headPfn + 1) : 0; }

    /** Where this profile keeps the order, destructor and pincount of a compound page. */
    public CompoundFields compoundFields() { return compoundFields; }

    // ---------------------------------------------------------------- freeing

    /**
     * __free_pages(page, order): drop a reference; at zero free the block. Double frees and
     * refcount underflows are reported and ignored (the kernel would corrupt its lists).
     */
    public void freePages(long pfn, int order, Trace t) {
        Zone z = zoneOf(pfn);
        if (z == null || order < 0 || order > profile.maxPageOrder()) {
            diag.report(Diagnostic.note(String.format("free of pfn 0x%x order %d: outside any zone or beyond MAX_PAGE_ORDER; ignored (the kernel would corrupt its free lists)", pfn, order)), t);
            return;
        }
        int old = store.decRefcountIfPositive(pfn);                   // put_page_testzero()
        if (old <= 0) {
            // put_page_testzero(): VM_BUG_ON_PAGE(page_ref_count(page) == 0) with CONFIG_DEBUG_VM;
            // without it the count silently goes to -1 and the page is not freed again
            String why = isFreeAnywhere(pfn) ? "double free: the page is already free (PageBuddy / per-CPU list)" : "page_ref underflow: _refcount is already 0";
            if (debugVm) {
                diag.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at include/linux/mm.h!", String.format(
                        "page:%s pfn:0x%x%npage dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)%nkernel BUG at include/linux/mm.h! (%s)",
                        Long.toHexString(model.pfnToPage(pfn, Trace.NONE)), pfn, why)), t);
            } else {
                diag.report(Diagnostic.note(String.format("__free_pages(pfn 0x%x): %s; the kernel checks this only with CONFIG_DEBUG_VM"
                        + " (the refcount would go negative); ignored", pfn, why)), t);
            }
            return;
        }
        if (old == 1) {
            freeBlock(z, pfn, order, t);
        } else if (!isHead(pfn)) {
            // the caller's reference is gone but someone holds the first page: free the rest
            int o = order;
            while (o-- > 0) freeBlock(z, pfn + (1L << o), o, t);
        }
    }

    /** Frees a block whose reference count already reached zero (free_the_page). */
    public void freeBlock(Zone z, long pfn, int order, Trace t) {
        int mc = store.mapcount(pfn);
        if (mc != -1 && PageTypes.typeOf(profile, mc) == null) {
            badPage(pfn, "nonzero mapcount", t);
            return;
        }
        long n = 1L << order;
        int nrFlags = profile.pageFlags().size();
        for (long p = pfn; p < pfn + n; p++) store.prepFree(p, nrFlags);
        allocated[z.slot] -= n;
        int mt = z.pageblocks.get(pfn);                           // get_pfnblock_migratetype()
        if (z.pcp[0].allowed(order)) {
            // free_unref_page(): the per-CPU types keep theirs, ISOLATE goes straight to the
            // buddy, the others (HIGHATOMIC, CMA, 2.6.32's RESERVE) to the MOVABLE list
            int pcpMt = mt;
            if (mt >= migrate.pcpTypes) {
                if (mt == migrate.isolate) { freeOneBlock(z, pfn, order, mt, false, t); return; }
                pcpMt = migrate.movable;
            }
            PerCpuPages pcp = thisCpu(z);
            int pindex = pcp.pindex(order, pcpMt, migrate.movable);
            pcp.push(pindex, pfn, mt);                               // free_unref_page_commit: list head, count += 1 << order
            if (pcp.count >= z.pcpHigh) freePcppagesBulk(z, pcp, z.pcpBatch, pindex, t);
            if (t.enabled()) t.note(String.format("pfn 0x%x order %d to the per-CPU %s list (count %d, high %d, batch %d)",
                    pfn, order, migrate.name(pcpMt), pcp.count, z.pcpHigh, z.pcpBatch));
        } else {
            freeOneBlock(z, pfn, order, mt, false, t);
        }
    }

    /**
     * free_pcppages_bulk(zone, count, pcp, pindex) (6.x): the freed list first, then the others
     * round-robin, each from its tail, until {@code count} pages went back to the buddy, each with
     * its pageblock's type (6.10+) or the type it was queued with (6.1). 2.6.32 starts at list 1
     * and takes at most batch_free pages from a list, batch_free growing by one for every list
     * it looks at (empty ones included).
     */
    private void freePcppagesBulk(Zone z, PerCpuPages pcp, int count, int pindex, Trace t) {
        if (v2632()) {
            int i = 0, batchFree = 0;
            while (count > 0 && pcp.count > 0) {
                do { batchFree++; if (++i == pcp.lists()) i = 0; } while (pcp.size(i) == 0);
                do {
                    long e = pcp.removeOldest(i);
                    freeOneBlock(z, PerCpuPages.pfnOf(e), 0, PerCpuPages.mtOf(e), false, t);
                } while (--count > 0 && --batchFree > 0 && pcp.size(i) > 0);
            }
            return;
        }
        int i = pindex - 1;
        while (count > 0 && pcp.count > 0) {
            do { if (++i > pcp.lists() - 1) i = 0; } while (pcp.size(i) == 0);
            int order = pcp.orderOf(i);
            do {
                freePcpEntry(z, pcp.removeOldest(i), order, t);
                count -= 1 << order;
            } while (count > 0 && pcp.size(i) > 0);
        }
    }

    /** A block leaving a per-CPU list for the buddy: its pageblock's type (6.10+) or the one it was queued with. */
    private void freePcpEntry(Zone z, long entry, int order, Trace t) {
        long pfn = PerCpuPages.pfnOf(entry);
        freeOneBlock(z, pfn, order, freelistHygiene() ? z.pageblocks.get(pfn) : PerCpuPages.mtOf(entry), false, t);
    }

    /**
     * __free_one_page(): merge with the buddy (pfn ^ (1 << order)) while it is a free block of
     * the same order in the same zone, and put the result on the list of {@code mt}. From
     * pageblock_order up a buddy in a pageblock of another type merges only when both types are
     * below MIGRATE_PCPTYPES (migratetype_is_mergeable(), 6.x), and from 6.10 the buddy's
     * pageblock takes {@code mt}. Insertion at the tail when buddy_merge_likely() (2.6.35+;
     * 2.6.32 always adds at the head) or for boot memory (FPI_TO_TAIL, 5.10+).
     */
    void freeOneBlock(Zone z, long pfn, int order, int mt, boolean toTail, Trace t) {
        FreeArea fl = z.free;
        long buddy = -1;
        int pbo = migrate.pageblockOrder;
        while (order < profile.maxPageOrder()) {
            buddy = pfn ^ (1L << order);                                // __find_buddy_pfn
            if (!z.contains(buddy) || fl.orderOf(buddy) != order) break;
            int buddyMt = mt;
            if (order >= pbo && !v2632()) {
                buddyMt = z.pageblocks.get(buddy);
                if (buddyMt != mt && (!migrate.mergeable(mt) || !migrate.mergeable(buddyMt))) break;
            }
            fl.remove(buddy);
            if (buddyMt != mt && freelistHygiene()) z.pageblocks.set(buddy, mt);
            if (t.enabled()) t.note(String.format("merged with buddy pfn 0x%x (order %d)", buddy, order));
            pfn = pfn & buddy;
            order++;
        }
        boolean tail = toTail;
        if (!tail && !v2632() && buddy >= 0 && order < profile.maxPageOrder() - 1) {
            long higher = buddy & pfn;                                  // buddy_merge_likely()
            long higherBuddy = higher ^ (1L << (order + 1));
            tail = z.contains(higherBuddy) && fl.orderOf(higherBuddy) == order + 1;
        }
        fl.add(pfn, order, mt, tail);
    }

    private void badPage(long pfn, String reason, Trace t) {
        String head = String.format("BUG: Bad page state in process kmemlab  pfn:%05x", pfn);
        String text = head + String.format("%npage: refcount:%d mapcount:%d mapping:%016x index:0x%x pfn:0x%x%nflags: 0x%x%npage dumped because: %s",
                store.refcount(pfn), store.mapcount(pfn) + 1, store.word(pfn, 2), store.word(pfn, 3), pfn, store.flags(pfn), reason);
        diag.report(new Diagnostic(Diagnostic.Kind.BUG, head, text), t);
    }

    private boolean debugVm;

    /** CONFIG_DEBUG_VM: VM_BUG_ON checks print "kernel BUG at ..." (include/linux/mmdebug.h); off, they compile away. */
    public void debugVm(boolean on) { debugVm = on; }

    public boolean debugVm() { return debugVm; }

    private void warn(String headline, Trace t) {
        diag.report(Diagnostic.of(Diagnostic.Kind.WARN, headline), t);
    }

    // ---------------------------------------------------------------- queries

    /** PageBuddy(): the head of a free block in the zone's lists. */
    public boolean isBuddy(long pfn) {
        Zone z = zoneOf(pfn);
        return z != null && z.free != null && z.free.orderOf(pfn) >= 0;
    }

    public int buddyOrder(long pfn) {
        Zone z = zoneOf(pfn);
        return z == null || z.free == null ? -1 : z.free.orderOf(pfn);
    }

    /** Free in the buddy (inside any free block) or on a per-CPU list. */
    public boolean isFreeAnywhere(long pfn) {
        Zone z = zoneOf(pfn);
        if (z == null || z.free == null) return false;
        for (int o = 0; o < profile.nrPageOrders(); o++) {
            long head = pfn & -(1L << o);
            if (z.free.orderOf(head) == o) return true;
        }
        for (PerCpuPages p : z.pcp) if (p.contains(pfn)) return true;
        return false;
    }

    public long allocatedPages(Zone z) { return allocated[z.slot]; }

    /** Where smp_processor_id() comes from: the CPU whose per-CPU lists alloc and free use. */
    public void processorId(java.util.function.IntSupplier cpu) { this.processorId = cpu; }

    /** this_cpu_ptr(zone->per_cpu_pageset) (mm/page_alloc.c v6.12; zone_pcp(zone, cpu) in 2.6.32). */
    private PerCpuPages thisCpu(Zone z) {
        int cpu = processorId.getAsInt();
        return z.pcp[cpu >= 0 && cpu < z.pcp.length ? cpu : 0];
    }

    /** Drains every per-CPU list back to the buddy (drain_all_pages). */
    public void drainPcp() {
        for (Zone z : allZones) for (PerCpuPages p : z.pcp)
            for (int i = 0; i < p.lists(); i++) while (p.size(i) > 0) freePcpEntry(z, p.removeOldest(i), p.orderOf(i), Trace.NONE);
    }

    // ---------------------------------------------------------------- checkpoint
    /** Copies of the zones (free lists shared copy-on-write), the allocated counts and min_free_kbytes. */
    public record State(List<Zone> zones, long[] allocated, long minFreeKbytes) { }

    @Override public State save() {
        List<Zone> copies = new ArrayList<>();
        for (Zone z : allZones) copies.add(z.copy());
        return new State(copies, allocated.clone(), minFreeKbytes);
    }

    /** The zones as checkpoint state {@code saved} holds them, in {@link #zones()} order. Read only. */
    public List<Zone> zonesAt(State saved) { return java.util.Collections.unmodifiableList(saved.zones); }

    @Override public void load(State s) {
        for (int i = 0; i < allZones.size(); i++) {
            Zone live = allZones.get(i), saved = s.zones.get(i).copy();
            live.startPfn = saved.startPfn; live.spanned = saved.spanned; live.present = saved.present; live.managed = saved.managed;
            live.free = saved.free; live.pageblocks = saved.pageblocks; live.pcp = saved.pcp; live.lowmemReserve = saved.lowmemReserve;
            System.arraycopy(saved.watermark, 0, live.watermark, 0, 4);
            live.pcpBatch = saved.pcpBatch; live.pcpHigh = saved.pcpHigh;
        }
        allocated = s.allocated.clone();
        minFreeKbytes = s.minFreeKbytes;
    }
}
