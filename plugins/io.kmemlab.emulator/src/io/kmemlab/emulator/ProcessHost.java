package io.kmemlab.emulator;

import io.kmemlab.emulator.paging.PageTables;
import io.kmemlab.emulator.process.Processes;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/** What the process subsystem gets from the machine: pages, kmalloc, page tables, init_mm, the report log. */
final class ProcessHost implements Processes.Host {
    private final Kernel k;

    ProcessHost(Kernel k) { this.k = k; }

    @Override public boolean memSoftDirty() { return k.config(io.kmemlab.emulator.spec.ConfigOption.MEM_SOFT_DIRTY) && k.arch.softDirty(); }

    @Override public long allocPages(long gfp, int order, FrameOwner owner, Trace t) { return k.alloc.alloc(gfp, order, 0, owner, t); }

    @Override public void freePages(long pfn, int order, Trace t) { k.alloc.freePages(pfn, order, t); }

    @Override public boolean isHead(long pfn) { return k.alloc.isHead(pfn); }

    @Override public io.kmemlab.emulator.mm.CompoundFields compoundFields() { return k.alloc.compoundFields(); }

    @Override public long pfnToPage(long pfn) { return k.pfnToPage(pfn); }

    @Override public long kmalloc(long size, long gfp) { return k.slub.kmalloc(size, gfp, Trace.NONE); }

    @Override public PageTables.TableSource tableAllocator() { return k.runtimeTables(); }

    @Override public long initMm() { return k.symbols.get("init_mm"); }

    @Override public long initPgd() { return k.initPgd; }

    @Override public long zeroPagePfn() { return k.zeroPagePfn; }

    @Override public void report(Diagnostic d, Trace t) { k.diag.report(d, t); }

    @Override public int oopsCount() { return k.diag.oopses(); }
}
