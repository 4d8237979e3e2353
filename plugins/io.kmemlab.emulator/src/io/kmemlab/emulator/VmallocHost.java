package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.vmalloc.Vmalloc;

/** What vmalloc gets from the machine: order-0 pages and init_mm's kernel ptes. */
final class VmallocHost implements Vmalloc.Host {
    private final Kernel k;

    VmallocHost(Kernel k) { this.k = k; }

    @Override public long allocPage(long gfp, FrameOwner owner) { return k.alloc.alloc(gfp, 0, 0, owner, Trace.NONE); }

    @Override public void freePage(long pfn, Trace t) { k.alloc.freePages(pfn, 0, t); }

    @Override public void mapKernelPage(long va, long pfn, int prot) {
        k.tables.map(k.initPgd, va, pfn << 12, 4096, PagingMode.PTE, prot, k.runtimeTables());
    }

    @Override public void clearKernelPte(long va) {
        long entry = k.tables.lookup(k.initPgd, va, PagingMode.PTE);
        if (entry >= 0) k.tables.writeEntry(entry, PagingMode.PTE, 0);
    }

    @Override public void report(Diagnostic d, Trace t) { k.diag.report(d, t); }
}
