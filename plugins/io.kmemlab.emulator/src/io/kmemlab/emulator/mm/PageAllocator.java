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
    }

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
        for (Zone z : allZones) {
            z.free = new BuddyLists(profile.nrPageOrders());
            z.pcp = new PerCpuPages[cpus];
            for (int i = 0; i < cpus; i++) z.pcp[i] = new PerCpuPages(pcpOrders);
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

    // ---------------------------------------------------------------- boot release

    /**
     * __free_pages_memory() (mm/memblock.c): frees [start, end) in the largest naturally
     * aligned blocks, order = min(MAX_PAGE_ORDER, __ffs(start)), to the tail of the lists.
     */
    public void releaseBootRange(Zone z, long start, long end) {
        int max = profile.maxPageOrder();
        while (start < end) {
            int order = Math.min(max, start == 0 ? max : Long.numberOfTrailingZeros(start));
            while (start + (1L << order) > end) order--;
            if (order == max) {
                // every MAX_PAGE_ORDER block up to the end goes to the list tail as it comes: no
                // merging at the top order, so they are added in one step (a run of the free list)
                long count = (end - start) >>> max;
                z.managed += count << max;
                z.free.addTail(start, count, max);
                start += count << max;
                continue;
            }
            z.managed += 1L << order;
            freeOneBlock(z, start, order, true, Trace.NONE);
            start += 1L << order;
        }
    }

    // ---------------------------------------------------------------- setup_per_zone_wmarks & co (see Watermarks)

    /** Watermarks, lowmem_reserve and pcp batch/high of every zone once the boot memory is released. */
    public void setupWatermarks(boolean[] highmemZone, boolean thp, int maxNrZones) {
        boolean v2632 = !profile.atLeast(3, 0);                  // 2.6.32: no THP, present-page rules
        minFreeKbytes = Watermarks.setup(allZones, nodes, cpus, highmemZone, thp && !v2632, maxNrZones, v2632);
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
        // fast path: WMARK_LOW, no reserves; slow path (no reclaim to do here): WMARK_MIN with
        // ALLOC_MIN_RESERVE for __GFP_HIGH and ALLOC_NON_BLOCK without __GFP_DIRECT_RECLAIM
        boolean allocHigh = (gfp & Gfp.__GFP_HIGH) != 0;
        boolean nonBlock = (gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0;
        for (int mark : MARKS) {
            boolean slow = mark == Zone.WMARK_MIN;
            for (Zone z : zl) {
                if (!watermarkOk(z, order, z.watermark[mark], high, slow && allocHigh, slow && allocHigh && nonBlock)) {
                    if (t.enabled()) t.note("zone " + z.name() + " below watermark " + (mark == Zone.WMARK_LOW ? "low" : "min"));
                    continue;
                }
                long pfn = z.pcp[0].allowed(order) ? rmqueuePcp(z, order) : rmqueueBuddy(z, order);
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
     * __zone_watermark_ok(): free - (1 << order) + 1 must exceed min + lowmem_reserve, where
     * ALLOC_MIN_RESERVE halves min and ALLOC_NON_BLOCK takes another quarter of the rest.
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
        for (int o = order; o < profile.nrPageOrders(); o++) if (z.free.nrFree(o) > 0) return true;
        return false;
    }

    /**
     * __rmqueue_pcplist(): an empty list is refilled by rmqueue_bulk() with nr_pcp_alloc() blocks
     * - batch for order 0 (the 5.x rule; 6.x's alloc_factor scaling is not modelled), and
     * max(batch >> order, 2) for a higher order (batch > 1) - each added at the list tail, so the
     * first one taken comes out first.
     */
    private long rmqueuePcp(Zone z, int order) {
        PerCpuPages pcp = thisCpu(z);
        if (pcp.isEmpty(order)) {
            int batch = order == 0 || z.pcpBatch <= 1 ? Math.max(z.pcpBatch, 1) : Math.max(z.pcpBatch >> order, 2);
            long[] got = new long[batch];
            int n = 0;
            for (int i = 0; i < batch; i++) {
                long p = rmqueueBuddy(z, order);
                if (p < 0) break;
                got[n++] = p;
            }
            for (int i = n - 1; i >= 0; i--) pcp.push(got[i], order);
            if (n == 0) return -1;
        }
        return pcp.pop(order);
    }

    /** __rmqueue_smallest() + expand(): the upper halves go back on the lower lists. */
    private long rmqueueBuddy(Zone z, int order) {
        BuddyLists fl = z.free;
        for (int cur = order; cur < profile.nrPageOrders(); cur++) {
            long pfn = fl.first(cur);
            if (pfn < 0) continue;
            fl.remove(pfn);
            int high = cur;
            while (high > order) {
                high--;
                fl.add(pfn + (1L << high), high, false);
            }
            return pfn;
        }
        return -1;
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
        if (z.pcp[0].allowed(order)) {
            PerCpuPages pcp = thisCpu(z);
            pcp.push(pfn, order);                                    // free_unref_page_commit: list head, count += 1 << order
            if (pcp.count >= z.pcpHigh) freePcppagesBulk(z, pcp, z.pcpBatch, pcp.pindex(order), t);
            if (t.enabled()) t.note(String.format("pfn 0x%x order %d to the per-CPU list (count %d, high %d, batch %d)", pfn, order, pcp.count, z.pcpHigh, z.pcpBatch));
        } else {
            freeOneBlock(z, pfn, order, false, t);
        }
    }

    /**
     * free_pcppages_bulk(zone, count, pcp, pindex): the list of the freed order first, then the
     * others round-robin, each from its tail, until {@code count} pages went back to the buddy.
     */
    private void freePcppagesBulk(Zone z, PerCpuPages pcp, int count, int pindex, Trace t) {
        int i = pindex - 1;
        while (count > 0 && pcp.count > 0) {
            do { if (++i > pcp.lists() - 1) i = 0; } while (pcp.size(i) == 0);
            int order = pcp.orderOf(i);
            do {
                freeOneBlock(z, pcp.removeOldest(i), order, false, t);
                count -= 1 << order;
            } while (count > 0 && pcp.size(i) > 0);
        }
    }

    /**
     * __free_one_page(): merge with the buddy (pfn ^ (1 << order)) while it is a free block of
     * the same order in the same zone; insert at the tail when buddy_merge_likely().
     */
    void freeOneBlock(Zone z, long pfn, int order, boolean toTail, Trace t) {
        BuddyLists fl = z.free;
        long buddy = -1;
        while (order < profile.maxPageOrder()) {
            buddy = pfn ^ (1L << order);                                // __find_buddy_pfn
            if (!z.contains(buddy) || fl.orderOf(buddy) != order) break;
            fl.remove(buddy);
            if (t.enabled()) t.note(String.format("merged with buddy pfn 0x%x (order %d)", buddy, order));
            pfn = pfn & buddy;
            order++;
        }
        boolean tail = toTail;
        if (!tail && buddy >= 0 && order < profile.maxPageOrder() - 1) {
            long higher = buddy & pfn;                                  // buddy_merge_likely()
            long higherBuddy = higher ^ (1L << (order + 1));
            tail = z.contains(higherBuddy) && fl.orderOf(higherBuddy) == order + 1;
        }
        fl.add(pfn, order, tail);
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
            for (int i = 0; i < p.lists(); i++) while (p.size(i) > 0) freeOneBlock(z, p.removeOldest(i), p.orderOf(i), false, Trace.NONE);
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
            live.free = saved.free; live.pcp = saved.pcp; live.lowmemReserve = saved.lowmemReserve;
            System.arraycopy(saved.watermark, 0, live.watermark, 0, 4);
            live.pcpBatch = saved.pcpBatch; live.pcpHigh = saved.pcpHigh;
        }
        allocated = s.allocated.clone();
        minFreeKbytes = s.minFreeKbytes;
    }
}
