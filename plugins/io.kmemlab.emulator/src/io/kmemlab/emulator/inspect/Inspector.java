package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.mm.PerCpuPages;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.process.Vma;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only inspection of one machine ({@code Machine.inspect()}). Every answer is an immutable
 * snapshot that later steps do not change, so it may be handed to another thread; the calls
 * themselves must come from the thread that drives the machine, between its operations.
 * Questions about state the boot has not built yet answer null or an empty result.
 */
public final class Inspector {
    private final InspectHost h;
    private final RegionMap regions;
    private final TranslationReader walks;
    private PageDecoder decoder;
    private TableIndex tables;
    private ChangeDiff diff;

    public Inspector(InspectHost host) {
        this.h = host;
        this.regions = new RegionMap(host.arch());
        this.walks = new TranslationReader(host, regions);
    }

    private boolean reached(BootPhase p) { return h.phase() != null && h.phase().ordinal() >= p.ordinal(); }

    private PageDecoder decoder() {
        if (decoder == null) decoder = new PageDecoder(h);
        return decoder;
    }

    /** The last completed boot phase (null for a machine that cannot boot). */
    public BootPhase phase() { return h.phase(); }

    /** Frames with struct page storage: pfns [0, frames()). */
    public long frames() { return h.storePfns(); }

    // ------------------------------------------------------------------ physical map

    /** Every frame of the machine as runs of one owner per zone. */
    public PhysicalMap physicalMap() { return PhysicalMap.of(h, 0, h.storePfns()); }

    /** Frames [startPfn, endPfn) as runs (for zooming in). */
    public PhysicalMap physicalMap(long startPfn, long endPfn) { return PhysicalMap.of(h, startPfn, endPfn); }

    // ------------------------------------------------------------------ zones

    /** Every zone of every node, in node then zone order; empty before the ZONES boot phase. */
    public List<ZoneSnapshot> zones() {
        if (!reached(BootPhase.ZONES) || h.alloc() == null) return List.of();
        List<ZoneSnapshot> out = new ArrayList<>();
        for (Zone z : h.alloc().zones()) {
            List<Long> reserve = new ArrayList<>(), blocks = new ArrayList<>();
            for (int i = 0; i < z.lowmemReserveEntries(); i++) reserve.add(z.lowmemReserve(i));
            if (z.freeArea() != null) for (int o = 0; o < z.freeArea().orders(); o++) blocks.add(z.freeArea().nrFree(o));
            List<ZoneSnapshot.Pcp> pcp = new ArrayList<>();
            for (int c = 0; c < h.cpus(); c++) {
                PerCpuPages p = z.pcp(c);
                pcp.add(new ZoneSnapshot.Pcp(c, p.count(), z.pcpHigh(), z.pcpBatch()));
            }
            out.add(new ZoneSnapshot(z.nid(), z.name(), z.index(), z.startPfn(), z.spanned(), z.present(), z.managed(), z.free(),
                    z.watermark(Zone.WMARK_MIN), z.watermark(Zone.WMARK_LOW), z.watermark(Zone.WMARK_HIGH),
                    z.watermark(Zone.WMARK_PROMO), reserve, blocks, pcp, z.allocatorNone()));
        }
        return out;
    }

    // ------------------------------------------------------------------ struct page

    /** The struct page of {@code pfn} decoded; null for a pfn without one or before STRUCT_PAGES. */
    public PageDescriptor page(long pfn) {
        if (!reached(BootPhase.STRUCT_PAGES)) return null;
        return decoder().decode(pfn);
    }

    /**
     * Null when the struct page of {@code pfn} has been initialised; otherwise why not, as `show page`
     * says it ("not initialised (deferred): ..."): between memmap_init() and page_alloc_init_late()
     * with DEFERRED_STRUCT_PAGE_INIT. Its descriptor then shows what the emulator keeps, not kernel state.
     */
    public String uninitialised(long pfn) { return h.uninitialisedStructPage(pfn); }

    /** The struct page at kernel address {@code page} (a struct page *); null when no descriptor starts there. */
    public PageDescriptor pageAt(long page) {
        if (!reached(BootPhase.STRUCT_PAGES)) return null;
        long pfn = h.model().pageToPfn(page, Trace.NONE);
        if (pfn < 0 || pfn >= h.storePfns() || !h.model().pfnValid(pfn) || h.model().pfnToPage(pfn, Trace.NONE) != page) return null;
        return decoder().decode(pfn);
    }

    /** The kernel's layout of struct page for this machine's profile: size, words and every union view. */
    public StructPageLayout structPageLayout() {
        return StructPageLayout.of(h.profile(), h.arch().wordBytes());
    }

    // ------------------------------------------------------------------ address spaces and walks

    /** init_mm first, then every process's mm in creation order. */
    public List<AddressSpace> addressSpaces() {
        List<AddressSpace> out = new ArrayList<>();
        if (h.initPgd() >= 0) out.add(new AddressSpace("init_mm", 0, h.initMmAddress(), h.initPgd(), true, List.of()));
        for (MmStruct mm : h.mms()) {
            List<AddressSpace.VmaInfo> vmas = new ArrayList<>();
            for (Vma v : mm.vmas()) vmas.add(new AddressSpace.VmaInfo(v.start(), v.end(), v.prot(), v.flags(), v.pgoff(), perms(v), v.hugetlb()));
            out.add(new AddressSpace(mm.owner(), mm.pid(), mm.address(), mm.pgd(), false, vmas));
        }
        return out;
    }

    /** The address space named {@code name} ("init_mm" or a process), or null. */
    public AddressSpace addressSpace(String name) {
        for (AddressSpace s : addressSpaces()) if (s.name().equals(name)) return s;
        return null;
    }

    /** /proc/PID/maps permissions. */
    private static String perms(Vma v) {
        return (v.readable() ? "r" : "-") + (v.writable() ? "w" : "-") + (v.executable() ? "x" : "-")
                + ((v.flags() & UserFlags.MAP_SHARED) != 0 ? "s" : "p");
    }

    /** The walk of {@code va} in init_mm; null before PAGE_TABLES. */
    public Translation walk(long va) {
        if (!reached(BootPhase.PAGE_TABLES)) return null;
        return walks.walk("init_mm", h.initPgd(), va);
    }

    /** The walk of {@code va} in {@code space} (any process, not only current); null before PAGE_TABLES. */
    public Translation walk(AddressSpace space, long va) {
        if (!reached(BootPhase.PAGE_TABLES) || space == null) return null;
        return walks.walk(space.name(), space.pgd(), va);
    }

    /**
     * One page table's entries, for a lazy tree of an address space's tables (start at
     * {@link AddressSpace#pgd()} with level {@code PagingMode.PGD}, descend through TABLE
     * entries' targets at {@link #childLevel}); empty entries are left out unless
     * {@code includeNone}. Null before PAGE_TABLES.
     */
    public List<Translation.Level> table(long tablePa, int level, boolean includeNone) {
        if (!reached(BootPhase.PAGE_TABLES) || level < 0 || level > 4) return null;
        return walks.table(tablePa, level, includeNone);
    }

    /** The level of the table a TABLE entry at {@code level} points to (the next level not folded), -1 below the last. */
    public int childLevel(int level) {
        for (int l = level + 1; l < 5; l++) if (!h.arch().paging().level(l).folded()) return l;
        return -1;
    }

    // ------------------------------------------------------------------ highmem, regions

    /** pkmap and kmap slots; {@link KmapState#NONE} without highmem. */
    public KmapState kmaps() { return reached(BootPhase.BOOTED) ? new KmapReader(h).read() : KmapState.NONE; }

    /** The kernel's virtual address regions, by start address. */
    public List<AddressRegion> regions() { return regions.regions(); }

    /** The region {@code va} lies in (a hole or non-canonical when none). */
    public AddressRegion regionOf(long va) { return regions.regionOf(va); }

    // ------------------------------------------------------------------ change sets

    /**
     * What changed since the checkpoint {@code before} was taken from (a step: take a checkpoint,
     * run the statement, ask; the facade's {@code Machine.changesSince(Checkpoint)} does this).
     * Costs in proportion to what was written, not to the machine size.
     */
    public ChangeSet changesSince(Baseline before) {
        if (diff == null) {
            tables = new TableIndex(h);
            diff = new ChangeDiff(h, decoder(), tables);
        }
        return diff.since(before);
    }
}
