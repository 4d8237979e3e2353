package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Layout;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.vmalloc.Vmalloc;

/**
 * Address and page conversions (__pa, __va, virt_to_page, page_address, pfn_to_page ...),
 * the linear-map checks behind them, and which region an address is in.
 */
final class Conversions {
    private final Kernel k;

    Conversions(Kernel k) {
        this.k = k;
    }

    /** __pa(x) / virt_to_phys(x); with DEBUG_VIRTUAL a non-linear address is a BUG. */
    long pa(long va, Trace t) {
        if (!dmaRemapWarning(va, t)) checkLinear(va, "__pa", t);
        return k.arch.pa(va, t);
    }

    long virtToPhys(long va, Trace t) { return pa(va, t); }

    long va(long pa, Trace t) { return k.arch.va(pa, t); }

    long physToVirt(long pa, Trace t) { return k.arch.va(pa, t); }

    long paSymbol(long va, Trace t) { return k.arch.paSymbol(va, t); }

    private void checkLinear(long va, String fn, Trace t) {
        if (k.arch.paMeaningful(va)) return;
        String what = describe(va);
        if (k.config(ConfigOption.DEBUG_VIRTUAL)) {
            k.diag.report(k.arch.debugVirtual(fn, va, what), t);
        } else {
            // without DEBUG_VIRTUAL __phys_addr is plain arithmetic: the kernel prints nothing, so this is
            // a kmemlab note (kind ERROR, "emulator:" in a scenario), never a kernel WARN
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, String.format(
                    "kmemlab note: %s(0x%x): %s address is not in the linear map; the result is what the formula gives, not the page behind it "
                            + "(%s; the kernel reports this only with CONFIG_DEBUG_VIRTUAL)", fn, va, what, remedy(what))), t);
        }
    }

    /** What finds the page behind a non-linear address of region {@code what} (a kind of {@link #describe}). */
    static String remedy(String what) {
        return switch (what) {
            case "vmalloc", "module" -> "use vmalloc_to_page";
            case "pkmap" -> "a kmap() address: the page is the one given to kmap(); kunmap() takes that page";
            case "fixmap" -> "a kmap_local_page()/kmap_atomic() or fixmap address: the page is the one that was mapped; slow_virt_to_phys() walks to it";
            case "user" -> "a user address: get_user_pages() or follow_pte() in the process find its page";
            case "vmemmap" -> "this is a struct page *: it is the page itself; page_to_pfn() and page_to_phys() give its frame";
            default -> "nothing maps it; walk it to see";
        };
    }

    /** Which region of the address space {@code va} is in (direct map, vmalloc, vmemmap, ...). */
    String describe(long va) {
        Layout l = k.arch.layout();
        if (!k.arch.isCanonical(va)) return "non-canonical";
        if (k.arch.isUserAddress(va)) return "user";
        if (l.isVmalloc(va)) return "vmalloc";
        if (l.pkmapBase() != 0 && Long.compareUnsigned(va, l.pkmapBase()) >= 0
                && Long.compareUnsigned(va, l.pkmapBase() + ((long) l.lastPkmap() << 12)) < 0) return "pkmap";
        if (l.vmemmapStart() != 0 && Long.compareUnsigned(va, l.vmemmapStart()) >= 0 && Long.compareUnsigned(va, l.vmemmapStart() + (1L << 40)) < 0) return "vmemmap";
        if (Long.compareUnsigned(va, l.pageOffset()) >= 0 && Long.compareUnsigned(va, l.directMapEnd()) < 0) return "direct-map";
        if (Long.compareUnsigned(va, l.modulesVaddr()) >= 0 && Long.compareUnsigned(va, l.modulesEnd()) < 0) return "module";
        if (Long.compareUnsigned(va, l.fixaddrStart()) >= 0 && Long.compareUnsigned(va, l.fixaddrTop()) <= 0) return "fixmap";
        if (Long.compareUnsigned(va, l.kernelMapStart()) >= 0) return "kernel-image";
        return "unmapped kernel";
    }

    /** virt_to_page(x) = pfn_to_page(__pa(x) >> PAGE_SHIFT): pure arithmetic. */
    long virtToPage(long va, Trace t) {
        checkLinear(va, "virt_to_page", t);
        long pa = k.arch.pa(va, t);
        return k.model.pfnToPage(pa >>> 12, t);
    }

    /** page_to_virt / page_address / lowmem_page_address = __va(PFN_PHYS(page_to_pfn(page))). Highmem: NULL. */
    long pageAddress(long page, Trace t) {
        if (k.highmem != null) {                       // 32-bit: PageHighMem by zone, pkmap address from the hash
            long pfn = pageToPfnChecked(page, t);
            return pfn < 0 ? 0 : k.highmem.pageAddress(page, t);
        }
        long pfn = k.model.pageToPfn(page, t);
        if ((pfn << 12) >= k.arch.layout().lowmemLimit()) {
            if (t.enabled()) t.note("highmem page: no permanent kernel address (page_address() = NULL)");
            return 0;
        }
        return k.arch.va(pfn << 12, t);
    }

    /**
     * page_to_virt(page) = __va(PFN_PHYS(page_to_pfn(page))) (arch/x86/include/asm/page.h,
     * include/linux/mm.h): arithmetic, also for a frame above the lowmem limit, where the result
     * is not a mapping of the page - reported.
     */
    long pageToVirt(long page, Trace t) {
        long pfn = k.model.pageToPfn(page, t);
        long va = k.arch.va(pfn << 12, t);
        if ((pfn << 12) >= k.arch.lowmemEnd())
            k.diag.report(Diagnostic.note(String.format("page_to_virt(0x%x): pfn 0x%x is above the lowmem limit: __va() gives 0x%x, "
                    + "beyond high_memory 0x%x - not a mapping of this page (use kmaps.kmap() / kmap_local_page())", page, pfn, va, k.arch.highMemory())), t);
        return va;
    }

    long pageToPfn(long page, Trace t) { return k.model.pageToPfn(page, t); }

    long pfnToPage(long pfn, Trace t) { return k.model.pfnToPage(pfn, t); }

    long pageToPhys(long page, Trace t) {
        long pa = k.model.pageToPfn(page, t) << 12;
        if (t.enabled()) t.formula(String.format("page_to_phys = PFN_PHYS(pfn) = 0x%x", pa));
        return pa;
    }

    boolean pfnValid(long pfn, Trace t) {
        boolean v = pfn >= 0 && pfn < k.storePfns && k.model.pfnValid(pfn);
        if (t.enabled()) t.formula(String.format("pfn_valid(0x%x) = %s", pfn, v));
        return v;
    }

    /** virt_addr_valid(): linear (or kernel image) address whose pfn is valid (arch/x86/mm/physaddr.c). */
    boolean virtAddrValid(long va, Trace t) {
        boolean v = k.arch.linearAddress(va) && pfnValid(k.arch.pa(va, Trace.NONE) >>> 12, Trace.NONE);
        if (t.enabled()) t.formula(String.format("virt_addr_valid(0x%x) = %s (%s address)", va, v, describe(va)));
        return v;
    }

    boolean isVmallocAddr(long va, Trace t) {
        boolean v = k.arch.layout().isVmalloc(va);
        if (t.enabled()) t.formula(String.format("is_vmalloc_addr(0x%x): VMALLOC_START 0x%x <= x < VMALLOC_END 0x%x = %s",
                va, k.arch.layout().vmallocStart(), k.arch.layout().vmallocEnd(), v));
        return v;
    }

    /** vmalloc_to_page(): walk init_mm; NULL at the first empty level; a huge leaf gives head + index. */
    long vmallocToPage(long va, Trace t) {
        WalkResult w = k.walker.walk(k.initPgd, va, t);
        if (!w.mapped()) return 0;
        long pfn = w.pa() >>> 12;
        return k.model.pfnToPage(pfn, t);
    }

    long vmallocToPfn(long va, Trace t) {
        WalkResult w = k.walker.walk(k.initPgd, va, t);
        return w.mapped() ? w.pa() >>> 12 : 0;
    }

    /** page_zone(page). */
    Zone pageZone(long page, Trace t) {
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return null;
        int zi = pageZonenum(page, t);
        int nid = pageToNid(page, Trace.NONE);
        for (Node n : k.nodes) if (n.nid() == nid && zi < n.zones().size()) return n.zones().get(zi);
        return null;
    }

    /** page_zonenum(): (page->flags >> ZONES_PGOFF) & ZONES_MASK. */
    int pageZonenum(long page, Trace t) {
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return -1;
        long flags = k.store.flags(pfn);
        int z = k.pageFlags.zone(flags);
        if (t.enabled()) t.formula(String.format("page_zonenum = (flags 0x%x >> ZONES_PGOFF %d) & ZONES_MASK 0x%x = %d",
                flags, k.pageFlags.zonesPgoff, (1 << k.pageFlags.zonesWidth) - 1, z));
        return z;
    }

    int pageToNid(long page, Trace t) {
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return -1;
        int n = k.pageFlags.node(k.store.flags(pfn));
        if (t.enabled()) t.formula(String.format("page_to_nid = (flags >> NODES_PGOFF %d) & NODES_MASK = %d", k.pageFlags.nodesPgoff, n));
        return n;
    }

    long pfnToSectionNr(long pfn, Trace t) {
        long nr = k.model.pfnToSectionNr(pfn);
        if (t.enabled()) t.formula(String.format("pfn_to_section_nr(0x%x) = pfn >> PFN_SECTION_SHIFT (%d) = %d", pfn, k.arch.sectionSizeBits() - 12, nr));
        return nr;
    }

    /** pfn of a struct page pointer, or -1 (with a diagnostic) when it describes no frame. */
    long pageToPfnChecked(long page, Trace t) {
        long pfn = k.model.pageToPfn(page, Trace.NONE);
        if (page == 0 || pfn < 0 || pfn >= k.storePfns || !k.model.pfnValid(pfn)) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, String.format("0x%x is not a struct page of this machine (pfn 0x%x)", page, pfn)), t);
            return -1;
        }
        return pfn;
    }

    /** A warning for __pa / virt_to_phys on a dma_alloc_coherent address where it is a remap: the formula is not the buffer's address. */
    private boolean dmaRemapWarning(long va, Trace t) {
        if (!k.arch.dmaCoherentRemap() || k.vmalloc == null) return false;
        Vmalloc.Area a = k.vmalloc.areaOf(va);
        if (a == null || !"dma_alloc_coherent".equals(a.caller()) || ((va - a.addr()) >>> 12) >= a.pfns().length) return false;
        long real = (a.pfns()[(int) ((va - a.addr()) >>> 12)] << 12) + (va & 4095);
        k.diag.report(Diagnostic.note(String.format("virt_to_phys(0x%x): a dma_alloc_coherent() address is a vmalloc-area remap, "
                + "not in the linear map: the formula gives 0x%x but the buffer is at phys 0x%x (use the dma_addr_t handle)",
                va, k.arch.pa(va, Trace.NONE), real)), t);
        return true;
    }
}
