package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Trace;

/**
 * Classic SPARSEMEM with SPARSEMEM_EXTREME (include/linux/mmzone.h, mm/sparse.c): mem_section
 * is an array of NR_SECTION_ROOTS pointers to pages of SECTIONS_PER_ROOT struct mem_section
 * {section_mem_map, usage}. section_mem_map = (memmap - section_nr_to_pfn(nr)) | flags
 * (sparse_encode_mem_map), so pfn_to_page(pfn) = (section_mem_map & SECTION_MAP_MASK) + pfn.
 * The tables are written into emulated frames and read back by every conversion.
 */
public final class Sparsemem implements MemoryModel {
    /** SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP | SECTION_IS_ONLINE | SECTION_IS_EARLY. */
    static final long SECTION_FLAGS = 0xf;
    /** SECTION_MAP_LAST_BIT = 5 with CONFIG_ZONE_DEVICE (SECTION_TAINT_ZONE_DEVICE). */
    static final long SECTION_MAP_MASK = ~((1L << 5) - 1);
    private final Arch arch;
    private final int structPage, memSectionSize, sectionsPerRoot;
    private final long nrMemSections;
    private PhysMem phys;
    private PageStore store;
    private PageFlags flagsLayout;
    private Sections sections;
    private long memSectionPa;                // the root pointer array
    private long mapBuffer, mapSize;
    private int[] slotSection;                // memmap slot -> section nr

    public Sparsemem(Arch arch) {
        this.arch = arch;
        this.structPage = arch.structPageSize();
        this.memSectionSize = 2 * arch.wordBytes();                    // sizeof(struct mem_section)
        this.sectionsPerRoot = 4096 / memSectionSize;                  // SECTIONS_PER_ROOT
        this.nrMemSections = 1L << (arch.maxPhysmemBits() - arch.sectionSizeBits());
    }

    @Override public void bind(PageStore store, PageFlags layout) { this.store = store; this.flagsLayout = layout; }

    @Override public MemoryModelKind kind() { return MemoryModelKind.SPARSEMEM; }

    @Override public int sectionsWidth() { return arch.maxPhysmemBits() - arch.sectionSizeBits(); }

    @Override public void allocate(MemmapContext ctx) {
        phys = ctx.phys();
        sections = new Sections(arch.sectionSizeBits(), ctx.maxPfn(), ctx.memblock());
        int w = arch.wordBytes();
        long roots = (nrMemSections + sectionsPerRoot - 1) / sectionsPerRoot;   // NR_SECTION_ROOTS
        memSectionPa = ctx.memblock().alloc(Math.max(4096, roots * w), 4096, 0, ctx.allocLimit(), 0, FrameOwner.MEMBLOCK, "mem_section");
        mapSize = (((long) structPage << sections.pfnSectionShift) + 4095) & -4096L;
        int n = Math.toIntExact(sections.count());
        mapBuffer = ctx.memblock().alloc(mapSize * n, Math.min(mapSize, 1L << 21), 16L << 20, ctx.allocLimit(), 0, FrameOwner.MEMMAP, "memmap");
        if (mapBuffer < 0) mapBuffer = ctx.memblock().alloc(mapSize * n, 4096, 0, ctx.allocLimit(), 0, FrameOwner.MEMMAP, "memmap");
        slotSection = new int[n];
        int slot = 0;
        for (int ri = 0; ri < sections.ranges(); ri++) for (int nr = (int) sections.rangeFrom(ri); nr < sections.rangeTo(ri); nr++) {
            int root = nr / sectionsPerRoot;
            long rootPtrPa = memSectionPa + (long) root * w;
            long rootVa = readWord(rootPtrPa);
            if (rootVa == 0) {   // sparse_index_alloc()
                long pa = ctx.memblock().alloc(4096, 4096, 0, ctx.allocLimit(), 0, FrameOwner.MEMBLOCK, "mem_section");
                rootVa = arch.va(pa, Trace.NONE);
                writeWord(rootPtrPa, rootVa);
            }
            long memmapVa = arch.va(mapBuffer + slot * mapSize, Trace.NONE);
            long encoded = memmapVa - ((long) nr << sections.pfnSectionShift) * structPage;
            long entryPa = arch.pa(rootVa, Trace.NONE) + (long) (nr % sectionsPerRoot) * memSectionSize;
            writeWord(entryPa, encoded | SECTION_FLAGS);
            slotSection[slot++] = nr;
        }
    }

    private long readWord(long pa) { return arch.wordBytes() == 8 ? phys.read64(pa) : phys.read(pa, 4); }

    private void writeWord(long pa, long v) {
        if (arch.wordBytes() == 8) phys.write64(pa, v); else phys.write(pa, 4, v & 0xffffffffL);
    }

    /** __nr_to_section(nr)->section_mem_map, read from emulated memory. */
    public long sectionMemMap(long nr, Trace t) {
        long root = nr / sectionsPerRoot;
        long rootVa = readWord(memSectionPa + root * arch.wordBytes());
        if (rootVa == 0) return 0;
        long entryPa = arch.pa(rootVa, Trace.NONE) + (nr % sectionsPerRoot) * memSectionSize;
        long v = readWord(entryPa);
        if (t.enabled()) t.formula(String.format("mem_section[%d][%d].section_mem_map = 0x%x (read at phys 0x%x)",
                root, nr % sectionsPerRoot, v, entryPa));
        return v;
    }

    @Override public long pfnToPage(long pfn, Trace t) {
        long nr = pfnToSectionNr(pfn);
        long map = sectionMemMap(nr, t) & SECTION_MAP_MASK;
        long p = map + pfn * structPage;
        if (t.enabled()) t.formula(String.format("pfn_to_page(0x%x) = __section_mem_map_addr(__pfn_to_section(pfn)) + pfn = 0x%x + 0x%x * %d = 0x%x",
                pfn, map, pfn, structPage, p));
        return p;
    }

    @Override public long pageToPfn(long page, Trace t) {
        // which descriptor is this? (emulator bookkeeping, to read its page->flags)
        long off = arch.pa(page, Trace.NONE) - mapBuffer;
        long flags = 0;                       // before memmap_init() page->flags reads 0: section 0
        if (store != null && off >= 0 && off < mapSize * slotSection.length) {
            int slot = (int) (off / mapSize);
            long pfn = ((long) slotSection[slot] << sections.pfnSectionShift) + (off % mapSize) / structPage;
            flags = store.flags(pfn);
        }
        long nr = flagsLayout == null ? 0 : flagsLayout.section(flags);
        long map = sectionMemMap(nr, t) & SECTION_MAP_MASK;
        long pfn = (page - map) / structPage;
        if (t.enabled()) t.formula(String.format("page_to_pfn(0x%x) = page - __section_mem_map_addr(__nr_to_section(page_to_section(page) = %d)) = 0x%x",
                page, nr, pfn));
        return pfn;
    }

    @Override public boolean pfnValid(long pfn) { return sections != null && sections.present(pfn); }

    @Override public long pfnToSectionNr(long pfn) { return pfn >>> (arch.sectionSizeBits() - 12); }


}
