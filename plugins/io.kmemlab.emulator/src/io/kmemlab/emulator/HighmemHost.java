package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/** What the highmem subsystem gets from the machine: page conversions and init_mm's kernel ptes. */
final class HighmemHost implements Highmem.Host {
    private final Kernel k;

    HighmemHost(Kernel k) { this.k = k; }

    @Override public boolean pageHighMem(long page) { return k.pfnHighMem(k.pageToPfn(page)); }

    @Override public long lowmemPageAddress(long page, Trace t) {
        long pfn = k.model.pageToPfn(page, t);
        long va = k.arch.va(pfn << 12, t);
        if (t.enabled() && Long.compareUnsigned(va, k.arch.layout().directMapEnd()) >= 0)
            t.note(String.format("pfn 0x%x is above the lowmem limit but its zone is not HighMem: lowmem_page_address() = __va() = 0x%x "
                    + "is beyond high_memory 0x%x and maps nothing of this page", pfn, va, k.arch.layout().directMapEnd()));
        return va;
    }

    @Override public long pageToPfn(long page) { return k.pageToPfn(page); }

    @Override public long pfnToPage(long pfn) { return k.pfnToPage(pfn); }

    @Override public void setKernelPte(long va, long pfn, Trace t) {
        long e = k.kernelPteAddr(va, true);
        if (e < 0) return;
        EntryFormat f = k.arch.paging().format();
        long v = f.makeLeaf(PagingMode.PTE, pfn << 12, Prot.KERNEL);
        k.tables.writeEntry(e, PagingMode.PTE, v);
        if (t.enabled()) t.entry("pte", e & -4096L, (int) ((e & 4095) / k.arch.paging().level(PagingMode.PTE).entryBytes()), e, v,
                f.decode(PagingMode.PTE, v));
    }

    @Override public void clearKernelPte(long va, Trace t) {
        long e = k.kernelPteAddr(va, false);
        if (e >= 0) k.tables.writeEntry(e, PagingMode.PTE, 0);
    }

    @Override public long kernelPtePfn(long va) {
        long e = k.kernelPteAddr(va, false);
        if (e < 0) return -1;
        long v = k.tables.readEntry(e, PagingMode.PTE);
        EntryFormat f = k.arch.paging().format();
        return v != 0 && f.present(PagingMode.PTE, v) ? f.leafPhys(PagingMode.PTE, v) >>> 12 : -1;
    }

    @Override public void report(Diagnostic d, Trace t) { k.diag.report(d, t); }


    @Override public boolean debugAtomicSleep() { return k.spec.config(ConfigOption.DEBUG_ATOMIC_SLEEP); }
}
