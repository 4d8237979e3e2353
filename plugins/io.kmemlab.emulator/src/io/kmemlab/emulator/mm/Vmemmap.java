package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.memblock.Memblock;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;

/**
 * SPARSEMEM_VMEMMAP: vmemmap = (struct page *)VMEMMAP_START; pfn_to_page(pfn) = vmemmap + pfn
 * (include/asm-generic/memory_model.h __pfn_to_page). Each present section's memmap
 * (PAGES_PER_SECTION * sizeof(struct page), 2 MiB on x86_64) comes from one node buffer
 * allocated top-down by sparse_buffer_init() (mm/sparse.c) and is mapped with PMD leaves
 * (arch/x86/mm/init_64.c vmemmap_populate_hugepages).
 */
public final class Vmemmap implements MemoryModel {
    private final long vmemmapStart;
    private final int structPage;
    private Sections sections;
    private long buffer = -1;

    private final int structPageShift;       // log2(sizeof(struct page)) when a power of two, else -1

    public Vmemmap(long vmemmapStart, int structPageSize) {
        this.vmemmapStart = vmemmapStart;
        this.structPage = structPageSize;
        this.structPageShift = Integer.bitCount(structPageSize) == 1 ? Integer.numberOfTrailingZeros(structPageSize) : -1;
    }

    @Override public MemoryModelKind kind() { return MemoryModelKind.SPARSEMEM_VMEMMAP; }

    @Override public void allocate(MemmapContext ctx) {
        sections = new Sections(ctx.arch().sectionSizeBits(), ctx.maxPfn(), ctx.memblock());
        long perSection = (long) structPage << sections.pfnSectionShift;
        long pmd = 1L << 21;
        // vmemmap_populate_hugepages() (arch/x86/mm/init_64.c; 2.6.32 vmemmap_populate): every PMD of
        // a present section's memmap that is still pmd_none gets a 2 MiB block. With 64-byte pages a
        // section's memmap is exactly one block; with 2.6.32's 56-byte pages memmaps straddle blocks
        // shared with their neighbours, each block backed once.
        // sparse_init(): one buffer per node (sparse_init_nid -> sparse_buffer_init(nid)). The
        // present sections are taken as runs with one node (all the sections whose lowest RAM
        // lies in one memblock region), so the work is per region, not per section.
        java.util.List<Memblock.Region> memory = ctx.memblock().memory();
        java.util.TreeMap<Integer, java.util.List<long[]>> byNode = new java.util.TreeMap<>();
        for (int ri = 0; ri < sections.ranges(); ri++) {
            long nr = sections.rangeFrom(ri), end = sections.rangeTo(ri);
            while (nr < end) {
                long first = firstRam(memory, nr);
                int nid = ctx.memblock().nidOf(first);
                long runEnd = nr + 1;
                for (Memblock.Region r : memory) if (first >= r.base() && first < r.end())
                    runEnd = Math.min(end, Math.max(nr + 1, ((r.end() - 1) >>> (sections.pfnSectionShift + 12)) + 1));
                byNode.computeIfAbsent(nid, x -> new java.util.ArrayList<>()).add(new long[]{nr, runEnd});
                nr = runEnd;
            }
        }
        // sparse_init(): one buffer per node (sparse_init_nid -> sparse_buffer_init(nid)); the
        // blocks are carved from it in address order (2.6.32 took each block from bootmem; one
        // buffer of the same blocks is the emulator's simplification there)
        for (var e : byNode.entrySet()) {
            long n = 0, last = Long.MIN_VALUE;
            for (long[] run : e.getValue()) {
                long from = Math.max(last, (vmemmapStart + run[0] * perSection) & -pmd);
                long to = (vmemmapStart + run[1] * perSection + pmd - 1) & -pmd;
                if (from < to) { n += (to - from) / pmd; last = to; }
            }
            // memmap_alloc(size, align = PMD_SIZE, min = __pa(MAX_DMA_ADDRESS), nid) - top-down
            long buf = ctx.memblock().alloc(pmd * n, pmd, 16L << 20, ctx.allocLimit(), e.getKey(), FrameOwner.MEMMAP, "memmap");
            if (buf < 0) buf = ctx.memblock().alloc(pmd * n, 4096, 0, ctx.allocLimit(), e.getKey(), FrameOwner.MEMMAP, "memmap");
            if (buffer < 0) buffer = buf;
            long pa = buf;
            long claimedEnd = Long.MIN_VALUE;
            for (long[] run : e.getValue()) {
                long from = (vmemmapStart + run[0] * perSection) & -pmd;
                long to = (vmemmapStart + run[1] * perSection + pmd - 1) & -pmd;
                if (from < claimedEnd) from = claimedEnd;
                if (from >= to) continue;
                ctx.mapKernel(from, pa, to - from, PagingMode.PMD, Prot.KERNEL);
                pa += to - from;
                claimedEnd = to;
            }
        }
    }

    /** Lowest RAM address inside section {@code nr} (its node decides where the memmap goes). */
    private long firstRam(java.util.List<Memblock.Region> memory, long nr) {
        long s = nr << (sections.pfnSectionShift + 12), e = s + (1L << (sections.pfnSectionShift + 12));
        for (var r : memory) if (r.end() > s && r.base() < e) return Math.max(r.base(), s);
        return s;
    }

    @Override public long pfnToPage(long pfn, Trace t) {
        long p = vmemmapStart + pfn * structPage;
        if (t.enabled()) t.formula(String.format("pfn_to_page(0x%x) = vmemmap + pfn = 0x%x + 0x%x * %d = 0x%x",
                pfn, vmemmapStart, pfn, structPage, p));
        return p;
    }

    @Override public long pageToPfn(long page, Trace t) {
        // pointer subtraction: an exact division, i.e. an arithmetic shift for 64-byte descriptors
        long pfn = structPageShift >= 0 ? (page - vmemmapStart) >> structPageShift : (page - vmemmapStart) / structPage;
        if (t.enabled()) t.formula(String.format("page_to_pfn(0x%x) = page - vmemmap = (0x%x - 0x%x) / %d = 0x%x",
                page, page, vmemmapStart, structPage, pfn));
        return pfn;
    }

    @Override public boolean pfnValid(long pfn) { return sections != null && sections.present(pfn); }

    @Override public long pfnToSectionNr(long pfn) { return pfn >>> (sections == null ? 15 : sections.pfnSectionShift); }

    public long buffer() { return buffer; }


}
