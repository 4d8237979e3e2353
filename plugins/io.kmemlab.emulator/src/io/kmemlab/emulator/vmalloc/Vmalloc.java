package io.kmemlab.emulator.vmalloc;

import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.store.Checkpointable;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.Map;
import java.util.TreeMap;

/**
 * vmalloc (mm/vmalloc.c): an area is the requested size rounded up to pages plus one
 * unmapped guard page (VM_NO_GUARD unset; get_vm_area_size() excludes it), placed at the
 * lowest free address of [VMALLOC_START, VMALLOC_END) that fits with the alignment
 * (alloc_vmap_area's first fit), backed by order-0 pages (GFP_KERNEL | __GFP_HIGHMEM)
 * mapped one PTE each with PAGE_KERNEL. Kernel stacks use it with the arch's THREAD_SIZE and
 * THREAD_ALIGN when VMAP_STACK is on (kernel/fork.c alloc_thread_stack_node).
 */
public final class Vmalloc implements Checkpointable<Vmalloc.State> {
    /** What vmalloc needs from the machine. */
    public interface Host {
        /** An order-0 page for an area (alloc_pages_node(GFP_KERNEL | __GFP_HIGHMEM ...)): the pfn, or -1. */
        long allocPage(long gfp, FrameOwner owner);

        /** __free_page(). */
        void freePage(long pfn, Trace t);

        /** Maps {@code va} to {@code pfn} with a pte in init_mm (vmap_pte_range; tables from the buddy allocator). */
        void mapKernelPage(long va, long pfn, int prot);

        /** pte_clear() of init_mm's pte for {@code va} when its table exists (vunmap_pte_range). */
        void clearKernelPte(long va);

        void report(Diagnostic d, Trace t);
    }

    /** A vm_struct: [addr, addr + size) including the guard page. */
    public record Area(long addr, long size, long[] pfns, FrameOwner owner, String caller) {
        public long usableSize() { return size - 4096; }
    }

    private final Host host;
    private final long start, end;          // VMALLOC_START, VMALLOC_END
    private TreeMap<Long, Area> areas = new TreeMap<>();

    public Vmalloc(Host host, long vmallocStart, long vmallocEnd) {
        this.host = host;
        this.start = vmallocStart;
        this.end = vmallocEnd;
    }

    /** The areas by address (the vmap_area tree). */
    public record State(TreeMap<Long, Area> areas) { }

    @Override public State save() { return new State(new TreeMap<>(areas)); }

    @Override public void load(State s) { areas = new TreeMap<>(s.areas()); }

    public long vmalloc(long size, boolean zero, Trace t) { return vmallocNode(size, 4096, zero, FrameOwner.VMALLOC, "vmalloc", t); }

    public long vmallocNode(long size, long align, boolean zero, FrameOwner owner, String caller, Trace t) {
        if (size <= 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, "vmalloc: allocation of 0 bytes failed"), t);
            return 0;
        }
        long pages = (size + 4095) >>> 12;
        long total = (pages + 1) << 12;                        // + guard page
        long addr = (start + align - 1) & -align;
        for (Area a : areas.values()) {
            if (Long.compareUnsigned(addr + total, a.addr()) <= 0) break;
            if (Long.compareUnsigned(a.addr() + a.size(), addr) > 0) addr = (a.addr() + a.size() + align - 1) & -align;
        }
        if (Long.compareUnsigned(addr + total - 1, end) > 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("vmalloc: allocation failure: %d bytes (vmalloc space exhausted)", size)), t);
            return 0;
        }
        long[] pfns = new long[(int) pages];
        for (int i = 0; i < pages; i++) {
            long pfn = host.allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM | (zero ? Gfp.__GFP_ZERO : 0), owner);
            if (pfn < 0) {
                for (int j = 0; j < i; j++) host.freePage(pfns[j], Trace.NONE);
                host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("vmalloc error: size %d, failed to allocate pages", size)), t);
                return 0;
            }
            pfns[i] = pfn;
            host.mapKernelPage(addr + ((long) i << 12), pfn, Prot.KERNEL);
        }
        areas.put(addr, new Area(addr, total, pfns, owner, caller));
        if (t.enabled()) t.formula(String.format("%s(%d): area 0x%x..0x%x (%d pages + 1 guard page), first fit from VMALLOC_START 0x%x",
                caller, size, addr, addr + total - 1, pages, start));
        return addr;
    }

    public void vfree(long addr, Trace t) {
        if (addr == 0) return;
        Area a = areas.get(addr);
        if (a == null) {
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("WARNING: Trying to vfree() nonexistent vm area (0x%x)", addr)), t);
            return;
        }
        areas.remove(addr);
        for (int i = 0; i < a.pfns().length; i++) {
            host.clearKernelPte(addr + ((long) i << 12));
            host.freePage(a.pfns()[i], t);
        }
        if (t.enabled()) t.note(String.format("vfree: unmapped and freed %d pages", a.pfns().length));
    }

    /**
     * vmap() / dma_common_contiguous_remap() (mm/vmalloc.c, kernel/dma/remap.c): maps frames the
     * caller already owns at a new area (first fit, one guard page) with {@code prot}.
     * Returns the address, 0 when the vmalloc space is exhausted.
     */
    public long vmapPfns(long[] pfns, int prot, FrameOwner owner, String caller, Trace t) {
        long total = ((long) pfns.length + 1) << 12;
        long addr = start;
        for (Area a : areas.values()) {
            if (Long.compareUnsigned(addr + total, a.addr()) <= 0) break;
            if (Long.compareUnsigned(a.addr() + a.size(), addr) > 0) addr = a.addr() + a.size();
        }
        if (Long.compareUnsigned(addr + total - 1, end) > 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("%s: vmap allocation failure (vmalloc space exhausted)", caller)), t);
            return 0;
        }
        for (int i = 0; i < pfns.length; i++)
            host.mapKernelPage(addr + ((long) i << 12), pfns[i], prot);
        areas.put(addr, new Area(addr, total, pfns.clone(), owner, caller));
        if (t.enabled()) t.formula(String.format("%s: vmap of %d pages at 0x%x..0x%x (vmalloc area, + 1 guard page)", caller, pfns.length, addr, addr + total - 1));
        return addr;
    }

    /** The area containing {@code va} (guard page included), or null. */
    public Area areaOf(long va) {
        Map.Entry<Long, Area> e = areas.floorEntry(va);
        if (e == null) return null;
        Area a = e.getValue();
        return Long.compareUnsigned(va, a.addr() + a.size()) < 0 ? a : null;
    }

    public java.util.Collection<Area> areas() { return areas.values(); }
}
