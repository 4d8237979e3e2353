package io.kmemlab.emulator;

import io.kmemlab.emulator.slab.Slub;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/** What SLUB gets from the machine: the page allocator, compound pages, address conversions. */
final class SlabHost implements Slub.Host {
    private final Kernel k;

    SlabHost(Kernel k) { this.k = k; }

    @Override public int processorId() { return k.cpu; }

    @Override public long allocPages(long gfp, int order, FrameOwner owner, Trace t) { return k.alloc.alloc(gfp, order, 0, owner, t); }

    @Override public void freePages(long pfn, int order, Trace t) { k.alloc.freePages(pfn, order, t); }

    @Override public boolean isTail(long pfn) { return k.alloc.isTail(pfn); }

    @Override public boolean isHead(long pfn) { return k.alloc.isHead(pfn); }

    @Override public int compoundOrder(long pfn) { return k.alloc.compoundOrder(pfn); }

    @Override public long pageToPfn(long page) { return k.pageToPfn(page); }

    @Override public boolean pfnValid(long pfn) { return pfn < k.maxPfn && k.model.pfnValid(pfn); }

    @Override public long va(long pa) { return k.arch.va(pa, Trace.NONE); }

    @Override public long pa(long va, Trace t) { return k.arch.pa(va, t); }

    @Override public boolean linearAddress(long va) { return k.arch.linearAddress(va); }

    @Override public void report(Diagnostic d, Trace t) { k.diag.report(d, t); }

    @Override public java.util.function.LongFunction<Diagnostic> debugVirtual() {
        if (!k.config(io.kmemlab.emulator.spec.ConfigOption.DEBUG_VIRTUAL)) return null;
        return va -> k.arch.debugVirtual("kfree", va, k.arch.linearAddress(va) ? "linear" : "non-linear");
    }
}
