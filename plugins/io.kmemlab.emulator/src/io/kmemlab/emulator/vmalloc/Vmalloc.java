package io.kmemlab.emulator.vmalloc;

import io.kmemlab.emulator.Kernel;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.Gfp;
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
 * mapped one PTE each with PAGE_KERNEL. Kernel stacks use it with THREAD_SIZE 16 KiB and
 * THREAD_ALIGN when VMAP_STACK is on (kernel/fork.c alloc_thread_stack_node).
 */
public final class Vmalloc {
    /** A vm_struct: [addr, addr + size) including the guard page. */
    public record Area(long addr, long size, long[] pfns, FrameOwner owner, String caller) {
        public long usableSize() { return size - 4096; }
    }

    private final Kernel k;
    private TreeMap<Long, Area> areas = new TreeMap<>();

    public Vmalloc(Kernel k) { this.k = k; }

    public Object save() { return new TreeMap<>(areas); }

    @SuppressWarnings("unchecked")
    public void load(Object o) { areas = new TreeMap<>((TreeMap<Long, Area>) o); }

    public long vmalloc(long size, boolean zero, Trace t) { return vmallocNode(size, 4096, zero, FrameOwner.VMALLOC, "vmalloc", t); }

    public long vmallocNode(long size, long align, boolean zero, FrameOwner owner, String caller, Trace t) {
        if (size <= 0) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, "vmalloc: allocation of 0 bytes failed"), t);
            return 0;
        }
        long pages = (size + 4095) >>> 12;
        long total = (pages + 1) << 12;                        // + guard page
        long start = k.arch.layout().vmallocStart(), end = k.arch.layout().vmallocEnd();
        long addr = (start + align - 1) & -align;
        for (Area a : areas.values()) {
            if (Long.compareUnsigned(addr + total, a.addr()) <= 0) break;
            if (Long.compareUnsigned(a.addr() + a.size(), addr) > 0) addr = (a.addr() + a.size() + align - 1) & -align;
        }
        if (Long.compareUnsigned(addr + total - 1, end) > 0) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("vmalloc: allocation failure: %d bytes (vmalloc space exhausted)", size)), t);
            return 0;
        }
        long[] pfns = new long[(int) pages];
        for (int i = 0; i < pages; i++) {
            long pfn = k.alloc.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM | (zero ? Gfp.__GFP_ZERO : 0), 0, 0, owner, Trace.NONE);
            if (pfn < 0) {
                for (int j = 0; j < i; j++) k.alloc.freePages(pfns[j], 0, Trace.NONE);
                k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("vmalloc error: size %d, failed to allocate pages", size)), t);
                return 0;
            }
            pfns[i] = pfn;
            k.tables.map(k.initPgd, addr + ((long) i << 12), pfn << 12, 4096, PagingMode.PTE, Prot.KERNEL, k.runtimeTables());
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
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("WARNING: Trying to vfree() nonexistent vm area (0x%x)", addr)), t);
            return;
        }
        areas.remove(addr);
        for (int i = 0; i < a.pfns().length; i++) {
            long entry = k.tables.lookup(k.initPgd, addr + ((long) i << 12), PagingMode.PTE);
            if (entry >= 0) k.tables.writeEntry(entry, PagingMode.PTE, 0);
            k.alloc.freePages(a.pfns()[i], 0, t);
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
        long addr = k.arch.layout().vmallocStart(), end = k.arch.layout().vmallocEnd();
        for (Area a : areas.values()) {
            if (Long.compareUnsigned(addr + total, a.addr()) <= 0) break;
            if (Long.compareUnsigned(a.addr() + a.size(), addr) > 0) addr = a.addr() + a.size();
        }
        if (Long.compareUnsigned(addr + total - 1, end) > 0) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("%s: vmap allocation failure (vmalloc space exhausted)", caller)), t);
            return 0;
        }
        for (int i = 0; i < pfns.length; i++)
            k.tables.map(k.initPgd, addr + ((long) i << 12), pfns[i] << 12, 4096, PagingMode.PTE, prot, k.runtimeTables());
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
